"""Sign-in rules that need no identity provider: LOCAL_LOGIN and break-glass, matching a
person from the provider's claims, the login page and logout (issue 15). The flow through a
real provider is in tests/e2e/test_sso.py."""

import pytest
from django.core.cache import cache

from tests.factories import PASSWORD, UserFactory
from tillit.org.signin import SSO_SESSION_KEY, match_person
from tillit.settings import oidc_app

pytestmark = pytest.mark.django_db

ISSUER = "https://login.example/tenant/v2.0"


@pytest.fixture
def sso(settings):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            **settings.SOCIALACCOUNT_PROVIDERS["openid_connect"],
            "APPS": [oidc_app(ISSUER, "client", "secret", "kommun")],
        }
    }


def post_login(client, user):
    return client.post("/logga-in/", {"username": user.username, "password": PASSWORD})


def test_with_local_login_off_a_password_does_not_let_an_ordinary_account_in(
    client, personas, settings
):
    settings.LOCAL_LOGIN = False
    response = post_login(client, personas.chef)
    assert response.status_code == 200
    assert "Fel användarnamn eller lösenord" in response.content.decode()
    assert client.get("/").status_code == 302


def test_with_local_login_off_a_break_glass_account_still_signs_in(client, personas, settings):
    settings.LOCAL_LOGIN = False
    personas.admin.break_glass = True
    personas.admin.save()
    assert post_login(client, personas.admin).status_code == 302
    assert client.get("/organisation/administration/").status_code == 200


def test_with_local_login_off_the_django_admin_refuses_a_password_too(client, tree, settings):
    settings.LOCAL_LOGIN = False
    boss = UserFactory(is_staff=True, is_superuser=True)
    client.post("/django-admin/login/", {"username": boss.username, "password": PASSWORD})
    assert client.get("/django-admin/").status_code == 302


def test_local_login_is_on_by_default(client, personas):
    assert post_login(client, personas.chef).status_code == 302


def test_the_login_page_offers_the_kommuns_sign_in_first_when_configured(client, tree, sso):
    html = client.get("/logga-in/").content.decode()
    assert html.index("Logga in med Testkommun") < html.index('name="username"')
    assert 'href="/accounts/oidc/kommun/login/"' in html


def test_the_login_page_has_only_the_password_form_without_sso(client, tree):
    html = client.get("/logga-in/").content.decode()
    assert "Logga in med" not in html


def test_the_sign_in_name_can_be_set(client, tree, sso, settings):
    settings.OIDC_LOGIN_NAME = "Tomelilla kommun"
    assert "Logga in med Tomelilla kommun" in client.get("/logga-in/").content.decode()


def test_a_person_is_matched_by_person_id_before_email(tree):
    by_id = UserFactory(person_id="1001", email="old@x.se")
    UserFactory(email="new@x.se")
    assert match_person({"personid": "1001", "email": "new@x.se"}) == by_id


def test_a_person_without_the_id_claim_is_matched_by_email(tree):
    person = UserFactory(person_id="1001", email="Anna@X.se")
    assert match_person({"email": "anna@x.se"}) == person


def test_an_email_of_someone_with_another_person_id_matches_nobody(tree):
    UserFactory(person_id="1001", email="anna@x.se")
    assert match_person({"personid": "2002", "email": "anna@x.se"}) is None


def test_nobody_is_matched_on_a_shared_email(tree):
    UserFactory(email="team@x.se")
    UserFactory(email="team@x.se")
    assert match_person({"email": "team@x.se"}) is None


def test_the_claim_names_come_from_the_settings(tree, settings):
    settings.OIDC_CLAIM_PERSON_ID = "employeeid"
    person = UserFactory(person_id="E-7")
    assert match_person({"employeeid": "E-7"}) == person


def test_logout_ends_the_session_and_goes_to_the_login_page(client, personas):
    client.force_login(personas.chef)
    response = client.post("/logga-ut/")
    assert response["Location"] == "/logga-in/"
    assert client.get("/").status_code == 302


def test_logout_after_single_sign_on_goes_on_to_the_providers_end_session(client, personas, sso):
    # The provider's discovery document, as read once and kept for an hour.
    cache.set(f"tillit:oidc-end-session:{ISSUER}", f"{ISSUER}/logout")
    client.force_login(personas.chef)
    session = client.session
    session[SSO_SESSION_KEY] = "kommun"
    session.save()
    response = client.post("/logga-ut/")
    assert response["Location"] == (
        f"{ISSUER}/logout?client_id=client&post_logout_redirect_uri="
        "http%3A%2F%2Ftestserver%2Flogga-in%2F"
    )
    assert client.get("/").status_code == 302


def test_logout_is_a_post(client, personas):
    client.force_login(personas.chef)
    assert client.get("/logga-ut/").status_code == 405


def _sociallogin(claims, state):
    from allauth.socialaccount.models import SocialAccount, SocialLogin

    account = SocialAccount(provider="kommun", uid="sub-1", extra_data={"id_token": claims})
    login = SocialLogin(account=account)
    login.state = state
    return login


@pytest.mark.parametrize(
    ("claims", "state"),
    [
        ({"nonce": "other", "personid": "1001"}, {"nonce": "expected"}),
        ({"personid": "1001"}, {"nonce": "expected"}),
        ({"nonce": "expected", "personid": "1001"}, {}),
    ],
    ids=["wrong", "missing-in-token", "missing-in-state"],
)
def test_an_id_token_without_the_nonce_we_sent_is_refused(rf, tree, claims, state):
    from allauth.core.exceptions import ImmediateHttpResponse
    from django.contrib.sessions.backends.cache import SessionStore

    from tillit.org.signin import SocialAccountAdapter

    UserFactory(person_id="1001")
    request = rf.get("/accounts/oidc/kommun/login/callback/")
    request.session = SessionStore()
    with pytest.raises(ImmediateHttpResponse) as refused:
        SocialAccountAdapter(request).pre_social_login(request, _sociallogin(claims, state))
    assert refused.value.response.status_code == 400
    assert "Inloggningen misslyckades" in refused.value.response.content.decode()
