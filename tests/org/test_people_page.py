"""The people-file page: upload → preview → "Verkställ" (issue 15)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import PASSWORD
from tests.org.test_people import GOOD, HEADER
from tillit.org.models import PeopleUpload, RoleAssignment, User
from tillit.org.people import import_people

pytestmark = pytest.mark.django_db


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def upload(client, text, deactivate=False, encoding="utf-8"):
    data = {"file": SimpleUploadedFile("personer.csv", text.encode(encoding))}
    if deactivate:
        data["deactivate_missing"] = "on"
    return client.post(reverse("org:people_upload"), data)


def test_an_administrator_sees_a_preview_before_anything_is_saved(client, personas):
    login(client, personas.admin)
    response = upload(client, GOOD, encoding="cp1252")
    assert response.status_code == 302
    preview = client.get(response["Location"])
    text = preview.content.decode()
    assert "Nya personer (3)" in text
    assert "Cecilia Å Öberg" in text
    assert "Får en roll (4)" in text
    assert not User.objects.filter(person_id__isnull=False).exists()
    applied = client.post(response["Location"])
    assert applied["Location"] == reverse("org:users")
    assert User.objects.filter(person_id__isnull=False).count() == 3
    # The history says who applied the file.
    history = RoleAssignment.history.filter(user__person_id="1001")
    assert {h.history_user for h in history} == {personas.admin}
    # The same upload cannot be applied twice, and the file is not kept once applied.
    assert client.post(response["Location"]).status_code == 404
    assert PeopleUpload.objects.get().content == ""


def test_the_preview_names_who_loses_a_role_and_who_is_deactivated(client, personas):
    import_people(GOOD)
    login(client, personas.admin)
    response = upload(
        client, HEADER + "1001;Anna Berg;anna.berg@tomelilla.se;SN;enhetschef;\n", True
    )
    text = client.get(response["Location"]).content.decode()
    assert "Förlorar en roll (3)" in text
    assert "Avaktiveras och loggas ut (2)" in text
    assert "Bo Ek" in text


def test_a_file_with_errors_is_refused_on_the_page_and_nothing_is_kept(client, personas):
    login(client, personas.admin)
    response = upload(client, GOOD + "1004;Dan;dan@x.se;NOPE;enhetschef;\n")
    assert response.status_code == 200
    assert "Rad 6, kolumn enhet: okänd enhet &#x27;NOPE&#x27;." in response.content.decode()
    assert not PeopleUpload.objects.exists()


@pytest.mark.parametrize("persona", ["fc", "chef", "politiker", "outsider"])
def test_only_administrators_may_upload_or_apply_a_people_file(client, personas, persona):
    row = PeopleUpload.objects.create(content=GOOD, uploaded_by=personas.admin)
    login(client, personas[persona])
    assert upload(client, GOOD).status_code in (403, 404)
    assert client.post(reverse("org:people_preview", args=[row.pk])).status_code in (403, 404)
    assert not User.objects.filter(person_id__isnull=False).exists()
