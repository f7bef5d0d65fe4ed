"""Users and roles as Excel and CSV: the list's filters, all pages, administrators only."""

import pytest

from tests.factories import UserFactory, give_role
from tests.org.test_users import admin_client  # noqa: F401 (fixture)
from tests.xlsx import csv_rows, xlsx_rows
from tillit.org.models import Role

pytestmark = pytest.mark.django_db

URL = "/organisation/anvandare/"


def test_the_export_has_every_matching_user_with_one_row_per_role(admin_client, personas, tree):  # noqa: F811
    for i in range(55):
        give_role(UserFactory(username=f"chef{i:02d}"), tree.SN, Role.CHEF)
    page = admin_client.get(URL + "?enhet=SN")
    assert "Ladda ner (Excel)" in page.text and len(page.context["users"]) == 50
    top, header, rows = xlsx_rows(admin_client.get(URL + "?enhet=SN&format=xlsx"))
    assert header == [
        "Namn",
        "Användarnamn",
        "E-post",
        "Personid",
        "Konto",
        "Roll",
        "Enhet",
        "Enhetskod",
    ]
    assert len(rows) == 56  # every page: the 55 and the personas' enhetschef
    assert {r[7].value for r in rows} == {"SN"}
    assert {r[5].value for r in rows} == {"Verksamhetschef/enhetschef"}


def test_a_formula_in_a_name_stays_text(admin_client, personas):  # noqa: F811
    UserFactory(username="elak", first_name='=HYPERLINK("x")', last_name="")
    _top, _header, rows = xlsx_rows(admin_client.get(URL + "?q=elak&format=xlsx"))
    assert rows[0][0].value == '=HYPERLINK("x")' and rows[0][0].data_type == "s"
    assert rows[0][5].value == "Ingen roll"
    _h, csv = csv_rows(admin_client.get(URL + "?q=elak&format=csv"))
    assert csv[0][0] == '\'=HYPERLINK("x")'


@pytest.mark.parametrize("who", ["fc", "chef", "hr", "politiker"])
def test_only_the_administrator_exports_users(client, personas, who):
    client.force_login(personas[who])
    assert client.get(URL + "?format=xlsx").status_code == 403
