"""Single sign-on through a real OpenID provider on 127.0.0.1 (tests/e2e/oidc/): a chef and a
politician sign in and land where they belong; a wrong state, a replayed code, an unknown person
and a deactivated person are refused; logout ends the session here and at the provider."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.oidc_provider import CLIENT_ID, CLIENT_SECRET, running_provider
from tests.factories import UserFactory, give_role
from tillit.org.models import Role, User
from tillit.settings import oidc_app

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# The people at the provider; Tillit knows some of them (see `people`).
ACCOUNTS = {
    "chef-sub": {"email": "chef@testkommun.se", "name": "Clara Chef", "personid": "2001"},
    "politiker-sub": {"email": "pol@testkommun.se", "name": "Per Politiker", "personid": "3001"},
    "okand-sub": {"email": "okand@testkommun.se", "name": "Olle Okänd", "personid": "9999"},
    "slutat-sub": {"email": "slutat@testkommun.se", "name": "Sara Slutat", "personid": "4001"},
}


@pytest.fixture(scope="session")
def provider(live_server):
    callback = f"{live_server.url}/accounts/oidc/kommun/login/callback/"
    with running_provider(callback, f"{live_server.url}/logga-in/", ACCOUNTS) as issuer:
        yield issuer


@pytest.fixture
def sso(settings, provider):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            **settings.SOCIALACCOUNT_PROVIDERS["openid_connect"],
            "APPS": [oidc_app(provider, CLIENT_ID, CLIENT_SECRET, "kommun")],
        }
    }
    policy = settings.CONTENT_SECURITY_POLICY
    directives = {**policy["DIRECTIVES"], "form-action": ["'self'", provider]}
    settings.CONTENT_SECURITY_POLICY = {**policy, "DIRECTIVES": directives}
    return provider


@pytest.fixture
def people(tree):
    chef = UserFactory(username="clara", person_id="2001", email="chef@testkommun.se")
    give_role(chef, tree.SN, Role.CHEF)
    politiker = UserFactory(username="per", person_id="3001", email="pol@testkommun.se")
    give_role(politiker, tree.BUN, Role.FORTROENDEVALD)
    slutat = UserFactory(username="sara", person_id="4001", is_active=False)
    give_role(slutat, tree.HT, Role.CHEF)
    return {"chef": chef, "politiker": politiker, "slutat": slutat}


def sign_in_at_provider(page, live_server, login, callbacks=None):
    page.goto(f"{live_server.url}/logga-in/")
    if callbacks is not None:
        page.on(
            "request",
            lambda r: callbacks.append(r.url) if "/login/callback/" in r.url else None,
        )
    page.get_by_role("link", name="Logga in med Testkommun").click()
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill("vad-som-helst")
    page.get_by_role("button", name="Sign-in").click()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()
    return page


def test_the_login_page_offers_the_kommuns_sign_in_first(sso, people, page, live_server):
    page.goto(f"{live_server.url}/logga-in/")
    first = page.locator("main a.button, main button").first
    assert first.inner_text() == "Logga in med Testkommun"


def test_a_chef_signs_in_and_lands_on_the_start_page_with_her_unit(sso, people, page, live_server):
    sign_in_at_provider(page, live_server, "chef-sub")
    page.wait_for_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="Dina roller")).to_be_visible()
    expect(page.get_by_text("Skolan Norr").first).to_be_visible()
    assert User.objects.filter(person_id="2001").count() == 1


def test_a_politician_signs_in_and_lands_on_the_start_page_with_the_namnd(
    sso, people, page, live_server, settings
):
    settings.LOCAL_LOGIN = False  # password login off changes nothing for single sign-on
    sign_in_at_provider(page, live_server, "politiker-sub")
    page.wait_for_url(f"{live_server.url}/")
    expect(page.get_by_text("Barn- och utbildningsnämnden").first).to_be_visible()
    response = page.goto(f"{live_server.url}/organisation/GS/ny/")
    assert response.status == 403


def test_an_unknown_person_gets_no_access_and_no_account(sso, people, page, live_server):
    count = User.objects.count()
    sign_in_at_provider(page, live_server, "okand-sub")
    expect(page.get_by_role("heading", name="Du har inget uppdrag i Tillit ännu")).to_be_visible()
    assert User.objects.count() == count
    page.goto(f"{live_server.url}/organisation/")
    assert page.url.startswith(f"{live_server.url}/logga-in/")


def test_a_deactivated_person_is_refused(sso, people, page, live_server):
    sign_in_at_provider(page, live_server, "slutat-sub")
    expect(page.get_by_role("heading", name="Ditt konto i Tillit är avstängt")).to_be_visible()
    page.goto(f"{live_server.url}/organisation/")
    assert page.url.startswith(f"{live_server.url}/logga-in/")


def test_a_wrong_state_is_refused(sso, people, page, live_server):
    callbacks = []
    sign_in_at_provider(page, live_server, "chef-sub", callbacks)
    page.wait_for_url(f"{live_server.url}/")
    page.context.clear_cookies()
    forged = re.sub(r"state=[^&]+", "state=forged", callbacks[0])
    page.goto(forged)
    expect(page.get_by_role("heading", name="Inloggningen misslyckades")).to_be_visible()
    page.goto(f"{live_server.url}/organisation/")
    assert page.url.startswith(f"{live_server.url}/logga-in/")


def test_a_replayed_code_is_refused(sso, people, page, live_server):
    callbacks = []
    sign_in_at_provider(page, live_server, "chef-sub", callbacks)
    page.wait_for_url(f"{live_server.url}/")
    used_code = re.search(r"code=([^&]+)", callbacks[0]).group(1)
    # A new sign-in gets a fresh state; the old code is sent with it instead of the new one.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/logga-in/")
    with page.expect_request(re.compile(r".*/auth\?.*")) as authorize:
        page.route(re.compile(r".*/auth\?.*"), lambda route: route.abort())
        page.get_by_role("link", name="Logga in med Testkommun").click()
    state = re.search(r"state=([^&]+)", authorize.value.url).group(1)
    page.goto(
        f"{live_server.url}/accounts/oidc/kommun/login/callback/?code={used_code}&state={state}"
    )
    expect(page.get_by_role("heading", name="Inloggningen misslyckades")).to_be_visible()
    page.goto(f"{live_server.url}/organisation/")
    assert page.url.startswith(f"{live_server.url}/logga-in/")


def test_logout_ends_the_session_here_and_at_the_provider(sso, people, page, live_server):
    sign_in_at_provider(page, live_server, "chef-sub")
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_role("button", name="Logga ut").first.click()
    # The provider asks whether to sign out there too (RP-initiated logout).
    page.get_by_role("button", name="Yes, sign me out").click()
    page.wait_for_url(re.compile(re.escape(f"{live_server.url}/logga-in/")))
    page.goto(f"{live_server.url}/organisation/")
    assert page.url.startswith(f"{live_server.url}/logga-in/")
    # Signing in again needs the provider's login, not only a click.
    page.goto(f"{live_server.url}/logga-in/")
    page.get_by_role("link", name="Logga in med Testkommun").click()
    expect(page.locator("input[name=login]")).to_be_visible()


def test_signing_in_from_a_deep_link_lands_on_that_page(sso, people, page, live_server):
    page.goto(f"{live_server.url}/organisation/SN/")
    assert "/logga-in/?next=" in page.url
    page.get_by_role("link", name="Logga in med Testkommun").click()
    page.locator("input[name=login]").fill("chef-sub")
    page.locator("input[name=password]").fill("vad-som-helst")
    page.get_by_role("button", name="Sign-in").click()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{live_server.url}/organisation/SN/")
    expect(page.get_by_role("heading", name="Skolan Norr", exact=True)).to_be_visible()
