"""A node's kod is a URL path segment: only letters (åäö and other scripts), digits, -, _ and .

A kod with `/` used to be accepted by the import and the node form; afterwards /planering/ and
the organisation pages answered 500 for everyone who could see the node."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import PASSWORD
from tillit.org.models import OrgNode

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def period(db):
    from tillit.cycle.models import planperiod_create

    return planperiod_create(budget_year=2027, make_current=True)


BAD = ["A/B", "../x", "..", ".", "a?b", "a#b", "a%2Fb", "a\\b", "a b", "a;b", "a\x00b"]
GOOD = ["Åby-skola_1.2", "ÖSTRA", "Ängen", "1270", "Łódź"]


def pages_still_answer(client):
    for url in ["/organisation/", "/planering/", "/organisation/GS/"]:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("kod", BAD)
def test_the_node_form_refuses_a_kod_that_is_not_a_path_segment(client, personas, kod):
    client.login(username="admin", password=PASSWORD)
    response = client.post("/organisation/GS/ny/", {"kod": kod, "namn": "Ny", "typ": "enhet"})
    assert response.status_code == 200
    if "\x00" in kod:  # Django's own check on every form field comes first
        assert "Null-tecken är inte tillåtna." in response.text
    else:
        assert "Koden får bara innehålla bokstäver, siffror" in response.text
    assert not OrgNode.objects.filter(namn="Ny").exists()
    pages_still_answer(client)


@pytest.mark.parametrize("kod", GOOD)
def test_the_node_form_takes_swedish_letters_digits_dashes_and_dots(client, personas, kod):
    client.login(username="admin", password=PASSWORD)
    response = client.post("/organisation/GS/ny/", {"kod": kod, "namn": "Ny", "typ": "enhet"})
    assert response.status_code == 302
    assert OrgNode.objects.get(kod=kod).namn == "Ny"
    pages_still_answer(client)
    assert client.get(f"/organisation/{kod}/").status_code == 200


@pytest.mark.parametrize("kod", [k for k in BAD if k.strip() and ";" not in k])
def test_the_import_refuses_such_a_kod_naming_row_and_column(client, personas, kod):
    client.login(username="admin", password=PASSWORD)
    text = f"kod;namn;typ;foralder\nOK1;Ny enhet;enhet;SN\n{kod};Ny;enhet;SN\n"
    upload = SimpleUploadedFile("org.csv", text.encode("utf-8"), "text/csv")
    response = client.post("/organisation/import/", {"file": upload})
    assert response.status_code == 200
    if "\x00" in kod:  # the CSV reader refuses NUL bytes before the kod is looked at
        assert "Rad 3: raden innehåller ett NUL-tecken" in response.text
    else:
        assert "Rad 3, kolumn kod:" in response.text
        assert "bara bokstäver, siffror" in response.text
    assert not OrgNode.objects.filter(kod="OK1").exists()
    pages_still_answer(client)


def test_the_import_takes_swedish_letters(client, personas):
    client.login(username="admin", password=PASSWORD)
    text = "kod;namn;typ;foralder\n" + "".join(f"{k};Ny {k};enhet;SN\n" for k in GOOD)
    upload = SimpleUploadedFile("org.csv", text.encode("utf-8"), "text/csv")
    assert client.post("/organisation/import/", {"file": upload}).status_code == 302
    assert set(OrgNode.objects.filter(kod__in=GOOD).values_list("kod", flat=True)) == set(GOOD)
