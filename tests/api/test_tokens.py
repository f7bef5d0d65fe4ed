"""API tokens through the administratör's pages: shown once, stored hashed, revocable."""

import hashlib

import pytest
from django.db import connection

from api.models import ApiToken, Level
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def create(client, **data):
    form = {"name": "Power BI BUN", "username": "", "service": "", "level": "published"}
    form.update(data)
    return client.post("/api/nycklar/", form)


def secret_in(response):
    text = response.content.decode()
    start = text.index('value="tillit_') + len('value="')
    return text[start : text.index('"', start)]


def test_the_token_pages_are_reached_from_the_start_page(client, personas):
    login(client, personas.admin)
    home = client.get("/").content.decode()
    assert 'href="/organisation/administration/"' in home
    admin = client.get("/organisation/administration/")
    assert 'href="/api/nycklar/"' in admin.content.decode()
    page = client.get("/api/nycklar/")
    assert page.status_code == 200
    assert "API-nycklar" in page.content.decode()
    assert 'href="/api/v1/dokumentation/"' in page.content.decode()


def test_the_secret_is_shown_once_and_only_its_hash_is_stored(client, personas, tree):
    login(client, personas.admin)
    response = create(client, service="Power BI", scope=tree.BUN.pk)
    assert response.status_code == 200
    secret = secret_in(response)
    assert response["Cache-Control"] == "no-store"
    token = ApiToken.objects.get()
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert token.scope == tree.BUN and token.level == Level.PUBLISHED and token.created_by
    # Nowhere in the table, in any column, is the secret.
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {ApiToken._meta.db_table}")
        stored = " ".join(str(v) for row in cursor.fetchall() for v in row)
    assert secret not in stored
    assert secret[len("tillit_") :] not in stored
    # The list shows its beginning only, never the secret again.
    again = client.get("/api/nycklar/").content.decode()
    assert secret not in again
    assert token.hint in again


def test_the_token_works_and_its_last_use_is_recorded(client, personas, tree):
    login(client, personas.admin)
    secret = secret_in(create(client, service="Power BI", scope=tree.BUN.pk))
    client.logout()
    response = client.get("/api/v1/organisation", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200
    assert ApiToken.objects.get().last_used_at is not None


def test_a_revoked_token_answers_401(client, personas, tree):
    login(client, personas.admin)
    secret = secret_in(create(client, service="Power BI", scope=tree.K.pk))
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert client.get("/api/v1/organisation", **auth).status_code == 200
    token = ApiToken.objects.get()
    assert client.post(f"/api/nycklar/{token.pk}/aterkalla/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == personas.admin
    client.logout()
    response = client.get("/api/v1/organisation", **auth)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert "återkallad" in response.json()["detail"]


@pytest.mark.parametrize(
    "header", [None, "Bearer tillit_gissad", "Bearer ", "Basic YWRtaW46eA==", "tillit_x"]
)
def test_no_or_a_wrong_token_answers_401(client, personas, header):
    extra = {} if header is None else {"HTTP_AUTHORIZATION": header}
    assert client.get("/api/v1/organisation", **extra).status_code == 401


def test_a_session_is_not_a_token(client, personas):
    login(client, personas.admin)
    assert client.get("/api/v1/organisation").status_code == 401


def test_a_token_of_a_deactivated_person_answers_401(client, personas, make_token):
    secret = make_token(owner="fc", scope="BUF")
    personas.fc.is_active = False
    personas.fc.save()
    response = client.get("/api/v1/organisation", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 401


@pytest.mark.parametrize(("user", "status"), [("fc", 403), ("politiker", 403), ("outsider", 404)])
def test_only_an_administrator_manages_tokens(client, personas, tree, user, status):
    login(client, personas[user])
    assert client.get("/api/nycklar/").status_code == status
    assert create(client, service="Power BI", scope=tree.K.pk).status_code == status
    token, _secret = ApiToken.issue(name="x", service="s", scope=tree.K, level=Level.PUBLISHED)
    assert client.post(f"/api/nycklar/{token.pk}/aterkalla/").status_code == status
    token.refresh_from_db()
    assert token.revoked_at is None
    assert ApiToken.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"service": ""}, "service", "Ange en person eller en tjänst."),
        ({"username": "admin", "service": "BI"}, "service", "antingen en person eller en tjänst"),
        ({"username": "finns_inte"}, "username", "Det finns ingen användare med användarnamnet"),
        ({"service": "BI", "level": "all"}, "level", "kräver en person"),
        ({"service": "BI", "level": "allt"}, "level", "Välj ett giltigt alternativ"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(client, personas, tree, data, field, message):
    login(client, personas.admin)
    response = create(client, scope=tree.K.pk, **data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not ApiToken.objects.exists()
    assert "tillit_" not in response.content.decode().split("<h1>")[1].split("Nycklar")[0]


def test_a_token_for_a_person_reads_as_that_person(client, personas, tree):
    login(client, personas.admin)
    response = create(client, username="forvaltningschef", scope=tree.K.pk, level="all")
    secret = secret_in(response)
    token = ApiToken.objects.get()
    assert token.owner == personas.fc and token.service == ""
    client.logout()
    got = client.get("/api/v1/organisation", HTTP_AUTHORIZATION=f"Bearer {secret}").json()
    kods = {r["kod"] for r in got["results"]}
    # Her subtree, the board her förvaltning works for, and the published material above it.
    assert {"BUF", "GS", "SN", "SS", "FS", "BUN", "K"} == kods
