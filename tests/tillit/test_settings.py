import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, env):
    drop = ("DEBUG", "HTTPS", "DJANGO_ALLOW_ASYNC_UNSAFE")
    base = {k: v for k, v in os.environ.items() if k not in drop}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
    )


def test_check_deploy_is_clean_with_production_variables():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "DEBUG": "0",
            "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
            "ALLOWED_HOSTS": "tillit.tomelilla.se",
            "DATABASE_URL": "sqlite:////tmp/tillit-deploy-check.sqlite3",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_bad_boolean_setting_fails_loudly():
    result = run_manage("check", env={"DEBUG": "kanske"})
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


@pytest.mark.django_db
def test_pages_use_swedish_formats(client, personas, settings):
    from django.template import Context, Template

    html = Template("{% load tillit %}{{ v|num:1 }} {{ p|pct }} {{ d|date }}").render(
        Context({"v": 1234.45, "p": "72.5", "d": __import__("datetime").date(2026, 11, 23)})
    )
    assert html == "1\xa0234,5 73\xa0% 2026-11-23"
