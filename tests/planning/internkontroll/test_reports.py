"""The internkontroll report kinds on the demo kommun: cover, table of contents, page x av y,
the risk matrix, controls and results, open actions; adopted material only."""

import re
import shutil

import pytest
from django.utils import timezone

from planning.internkontroll import services
from planning.internkontroll.models import Internkontrollplan
from tests.reports.test_board_reports import (
    assert_cover_and_contents_as_long,
    order,
    pdf_text,
    render,
    run,
    words_outside_the_page,
)
from tillit.org.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def demo(demo_db, db):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return {u.username: u for u in User.objects.all()}


def year():
    return str(timezone.localdate().year)


KINDS = [
    ("internkontrollplan", "BUN", ["Riskanalys", "Kontrollmoment"]),
    ("uppfoljning_internkontroll", "VON", ["Översikt", "Kontroller och resultat"]),
    ("internkontroll_kommun", "1270", ["Nämnderna"]),
]


@pytest.mark.parametrize("kind,kod,chapters", KINDS)
def test_each_internkontroll_report_renders_as_a_board_ready_document(
    client, demo, django_capture_on_commit_callbacks, kind, kod, chapters
):
    job = render(client, django_capture_on_commit_callbacks, demo["admin"], kind, kod, year=year())
    text = pdf_text(job.file.path)
    assert "Tomelilla kommun" in text
    assert_cover_and_contents_as_long(job, text, chapters)
    assert f"Sida {job.pages} av {job.pages}" in text
    assert "Page size:       595.276 x 841.89 pts (A4)" in run("pdfinfo", job.file.path)
    assert words_outside_the_page(job.file.path) == []


def test_the_plan_report_has_the_matrix_and_the_adopted_controls(
    client, demo, django_capture_on_commit_callbacks
):
    job = render(
        client,
        django_capture_on_commit_callbacks,
        demo["lena.politiker"],
        "internkontrollplan",
        "BUN",
        year=year(),
    )
    text = pdf_text(job.file.path, layout=False)
    assert re.search(r"Riskvärde\s*=\s*sannolikhet\s*×\s*konsekvens", text)
    assert "Inköp" in text and "Stickprov" in text


def test_the_followup_report_shows_the_deviation_and_its_open_action(
    client, demo, django_capture_on_commit_callbacks
):
    job = render(
        client,
        django_capture_on_commit_callbacks,
        demo["bengt.politiker"],
        "uppfoljning_internkontroll",
        "VON",
        year=year(),
    )
    text = pdf_text(job.file.path, layout=False)
    assert "Avvikelse" in text
    assert re.search(r"Helgpersonal\s+in-?\s*troduceras", text)


def test_the_report_reads_the_adopted_version_not_later_draft_changes(
    client, demo, django_capture_on_commit_callbacks
):
    plan = Internkontrollplan.objects.get(node__kod="BUN", year=int(year()))
    control = plan.controls.first()
    control.title = "Utkast som nämnden inte har sett"
    services.control_save(control=control, seen_revision=None, user=demo["anna.bu"])
    job = render(
        client,
        django_capture_on_commit_callbacks,
        demo["lena.politiker"],
        "internkontrollplan",
        "BUN",
        year=year(),
    )
    assert "Utkast som nämnden inte har sett" not in pdf_text(job.file.path, layout=False)


def test_a_politician_of_another_namnd_cannot_order_the_plan_report(client, demo):
    response = order(client, demo["bengt.politiker"], "internkontrollplan", "BUN", year=year())
    assert response.status_code == 404
