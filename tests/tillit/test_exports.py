import csv
import io
import re
import zipfile

import pytest

from tests.factories import PASSWORD
from tillit.cycle.models import planperiod_create
from tillit.exports import csv_text, safe_cell

ATTACKS = ['=HYPERLINK("http://x","y")', "@SUM(A1)", "+1+1", "-1+1", "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("text", ATTACKS)
def test_a_cell_that_a_spreadsheet_would_run_is_prefixed_with_an_apostrophe(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Trygghet", "5 = fem", "", 12, -3, None])
def test_ordinary_cells_and_numbers_are_left_as_they_are(value):
    assert safe_cell(value) == ("" if value is None else value)


def test_a_csv_file_has_a_bom_semicolons_and_escaped_cells():
    assert csv_text([["a", "=1"], [1, None]]) == "\ufeffa;'=1\r\n1;\r\n"


def hidden_fields(page):
    return {
        name: value
        for name, value in re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', page)
        if name != "csrfmiddlewaretoken"
    }


def test_formulas_a_chef_writes_into_an_activity_reach_the_csv_export_escaped(
    client, personas, tree
):
    from planning.models import OverarchingGoal, StrategicArea

    period = planperiod_create(budget_year=2027, make_current=True)
    area = StrategicArea.objects.create(planperiod=period, title="Barn och unga", order=1)
    goal = OverarchingGoal.objects.create(area=area, title="Barn ska vara trygga", order=1)
    client.login(username=personas.chef.username, password=PASSWORD)
    url = f"/planering/enhet/{tree.SN.kod}/verksamhetsplan/aktivitet/ny/"
    for text in ATTACKS[:4]:
        response = client.post(
            url,
            {
                **hidden_fields(client.get(url).content.decode()),
                "title": text,
                "description": text,
                "responsible": text,
                "status": "planerad",
                "overarching": [goal.pk],
            },
        )
        assert response.status_code == 302, re.findall("errorlist.{0,300}", response.text)

    client.login(username=personas.admin.username, password=PASSWORD)
    data = b"".join(client.get("/organisation/export/").streaming_content)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        text = zf.read("csv/planning.Activity.csv").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert sorted(r["title"] for r in rows) == sorted("'" + t for t in ATTACKS[:4])
    for row in rows:
        assert row["description"] == row["responsible"] == row["title"]
        assert row["title"][0] == "'"
