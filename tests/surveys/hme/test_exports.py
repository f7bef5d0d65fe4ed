"""HME results as Excel and CSV: the page's rows per role, small groups stay suppressed."""

import pytest
from django.urls import reverse

from surveys.models import HmeResult
from tests.surveys.hme.test_views import computed  # noqa: F401 (fixture)
from tests.xlsx import csv_rows, xlsx_rows, xlsx_values

pytestmark = pytest.mark.django_db


def url(kod, fmt):
    return reverse("surveys:hme_results", args=[2024, kod]) + f"?format={fmt}"


def test_the_results_come_out_as_whole_numbers_with_the_units_below(
    client,
    personas,
    computed,  # noqa: F811
):
    client.force_login(personas.fc)
    page = client.get(reverse("surveys:hme_results", args=[2024, "BUF"]))
    assert "Ladda ner (Excel)" in page.text
    top, header, rows = xlsx_rows(client.get(url("BUF", "xlsx")))
    assert top[0] == "HME 2024 Barn- och utbildningsförvaltningen"
    assert any("färre än 5 svar visas inte" in line for line in top)
    assert header[:4] == ["Enhet", "Kod", "Nivå", "Svarande"]
    by_kod = {r[1].value: r for r in rows if r[1].value}
    assert by_kod["BUF"][3].value == 12 and by_kod["BUF"][3].data_type == "n"
    assert by_kod["SN"][7].value == 100 and by_kod["SS"][7].value == 50
    assert all(by_kod[k][7].data_type == "n" for k in ("SN", "SS"))
    unit_rows = [k for k in by_kod if k != "BUF"]
    assert unit_rows == [n.kod for n, _r in page.context["report"].rows]


def test_a_small_group_stays_suppressed_in_the_file(client, personas, computed, tree):  # noqa: F811
    HmeResult.objects.filter(node=tree.SN, group="T").update(suppressed=True, hme=None)
    client.force_login(personas.fc)
    values = {r[1]: r for r in xlsx_values(client.get(url("BUF", "xlsx")))}
    assert values["SN"][4:9] == [None, None, None, None, "För få svar"]
    _h, rows = csv_rows(client.get(url("BUF", "csv")))
    sn = next(r for r in rows if r[1] == "SN")
    assert sn[4:9] == ["", "", "", "", "För få svar"]
    client.force_login(personas.chef)
    own = xlsx_values(client.get(url("SN", "xlsx")))[0]
    assert own[1] == "SN" and own[3:9] == [None, None, None, None, None, "För få svar"]


def test_a_politician_gets_the_kommun_and_board_levels_only(client, personas, computed):  # noqa: F811
    client.force_login(personas.politiker)
    kods = [r[1] for r in xlsx_values(client.get(url("K", "xlsx")))]
    assert "SN" not in kods and "GS" not in kods and "BUF" not in kods
    assert kods[0] == "K" and "BUN" in kods
    assert client.get(url("SN", "xlsx")).status_code == 403
    client.force_login(personas.vo_chef)
    assert client.get(url("SN", "csv")).status_code == 404


def test_the_handlingsplan_comes_out_with_its_actions(client, personas, computed, tree):  # noqa: F811
    client.force_login(personas.chef)
    plan_url = reverse("surveys:hme_plan", args=[2024, "SN"])
    client.post(plan_url, {"save_plan": "1", "focus_ledarskap": "on"})
    for text in ("APT om återkoppling", '=HYPERLINK("x")'):
        client.post(
            plan_url,
            {
                "add_action": "1",
                "text": text,
                "responsible_text": "Rektor",
                "due_on": "2024-12-01",
                "status": "planned",
            },
        )
    assert "Ladda ner (Excel)" in client.get(plan_url).text
    _top, header, rows = xlsx_rows(client.get(plan_url + "?format=xlsx"))
    assert header[:4] == ["Plan/område", "Åtgärd", "Ansvarig", "Klart senast"]
    assert [r[1].value for r in rows] == ["APT om återkoppling", '=HYPERLINK("x")']
    assert rows[0][0].value == "Ledarskap" and rows[0][2].value == "Rektor"
    assert rows[0][3].is_date and rows[1][1].data_type == "s"
    _h, csv = csv_rows(client.get(plan_url + "?format=csv"))
    assert csv[1][1] == '\'=HYPERLINK("x")'
    client.force_login(personas.vo_chef)
    assert client.get(plan_url + "?format=xlsx").status_code == 404
