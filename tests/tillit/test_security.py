import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy(client, personas):
    client.login(username="enhetschef", password=PASSWORD)
    policy = client.get(reverse("home"))["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy


def test_templates_have_no_inline_scripts_styles_or_handlers():
    """The CSP forbids them; print templates (rendered to PDF, never served) are exempt."""
    offenders = []
    for path in (ROOT / "templates").rglob("*.html"):
        if "reports" in path.relative_to(ROOT / "templates").parts[:1]:
            continue
        text = path.read_text(encoding="utf-8")
        for pattern in (r'\sstyle="', r"<style", r"<script(?![^>]*\ssrc=)", r"\son[a-z]+=\""):
            if re.search(pattern, text):
                offenders.append(f"{path.relative_to(ROOT)}: {pattern}")
    assert offenders == []


@pytest.mark.django_db
def test_login_is_throttled_after_five_failures(settings, personas):
    settings.AXES_ENABLED = True
    client = Client(REMOTE_ADDR="10.0.0.7")
    url = reverse("login")
    for _ in range(5):
        response = client.post(url, {"username": "enhetschef", "password": "fel"})
    assert response.status_code == 429
    response = client.post(url, {"username": "enhetschef", "password": PASSWORD})
    assert response.status_code == 429
    assert "För många inloggningsförsök" in response.content.decode()
    # Another user from the same address is not locked out.
    response = client.post(url, {"username": "hr", "password": PASSWORD})
    assert response.status_code == 302


@pytest.fixture
def throttled(settings):

    settings.AXES_ENABLED = True
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 12
    return settings


def fresh(*addresses):
    """Clear these addresses' failure counts. Each test uses its own addresses and clears only
    those: the cache (Redis) is shared by the test workers, which run these tests at once."""
    from django.core.cache import cache

    from tillit.org.throttle import _key

    for address in addresses:
        cache.delete(_key(address))


@pytest.mark.django_db
def test_one_address_trying_many_usernames_is_stopped(throttled, personas):
    from tests.factories import UserFactory

    fresh("10.0.0.8", "10.0.0.9")
    names = [UserFactory(username=f"person{i}").username for i in range(6)]
    client = Client(REMOTE_ADDR="10.0.0.8")
    url = reverse("login")
    # Two guesses per username: axes' per-username lock (5) never triggers.
    for name in names:
        for _ in range(2):
            response = client.post(url, {"username": name, "password": "gissning"})
            assert response.status_code == 200
    response = client.post(url, {"username": "hr", "password": PASSWORD})
    assert response.status_code == 429
    assert "från din adress" in response.content.decode()
    # Another address (another kommun, or someone at home) signs in as usual.
    response = Client(REMOTE_ADDR="10.0.0.9").post(url, {"username": "hr", "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.django_db
def test_a_busy_address_below_the_limit_still_signs_in(throttled, personas):
    fresh("10.0.0.18")
    client = Client(REMOTE_ADDR="10.0.0.18")
    url = reverse("login")
    # A whole office behind one NAT, each mistyping once, then signing in.
    for name in ["enhetschef", "hr", "politiker", "admin", "vo_chef"]:
        assert client.post(url, {"username": name, "password": "fel"}).status_code == 200
        response = client.post(url, {"username": name, "password": PASSWORD})
        assert response.status_code == 302
        client.post(reverse("logout"))


def test_the_address_limit_is_high_enough_for_a_kommun_behind_one_nat():
    from django.conf import settings

    assert settings.LOGIN_ADDRESS_FAILURE_LIMIT >= 100 > settings.AXES_FAILURE_LIMIT


@pytest.mark.django_db
def test_a_post_without_csrf_token_is_refused_and_htmx_sends_the_token(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.chef)
    page = client.get(reverse("home")).content.decode()
    assert re.search(r"<body hx-headers='\{\"X-CSRFToken\": \"[^\"]+\"\}'>", page)
    response = client.post(reverse("logout"))
    assert response.status_code == 403


@pytest.mark.django_db
def test_an_oversized_upload_gets_a_swedish_error(client, personas, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MAX_UPLOAD_SIZE = 100
    client.login(username="admin", password=PASSWORD)
    upload = SimpleUploadedFile("org.csv", b"kod;namn;typ;foralder\n" + b"x" * 200)
    page = client.post(reverse("org:import"), {"file": upload}).content.decode()
    assert "Filen är för stor" in page
