"""The planning overview and a follow-up's goal statuses as Excel and CSV: the page's rows for
the reader, numbers and dates typed, planted formulas kept as text."""

import datetime

import pytest
from django.urls import reverse

from planning.models import GoalStatus, Namndmal, Uppfoljning
from planning.services.followup import followup_publish
from planning.services.plan import plan_ensure
from tests.xlsx import FORMULAS, csv_rows, xlsx_rows, xlsx_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def followup(chain, tree, period):
    fu = Uppfoljning.objects.create(planperiod=period, year=2027, kind="delar")
    von_goal = Namndmal.objects.create(node=tree.VON, overarching=chain.over, title="Kontinuitet")
    GoalStatus.objects.create(followup=fu, node=tree.K, overarching=chain.over, status="gul")
    GoalStatus.objects.create(
        followup=fu, node=tree.BUN, namndmal=chain.goal, status="gron", analysis=FORMULAS[0]
    )
    GoalStatus.objects.create(
        followup=fu, node=tree.SN, namndmal=chain.goal, status="rod", analysis=FORMULAS[1]
    )
    GoalStatus.objects.create(
        followup=fu, node=tree.VON, namndmal=von_goal, status="rod", analysis=FORMULAS[2]
    )
    return followup_publish(fu=fu)


def url(fu, fmt):
    return reverse("planning:followup", args=[fu.pk]) + f"?format={fmt}"


def test_the_follow_up_page_offers_its_goal_statuses_as_excel_and_csv(client, personas, followup):
    client.force_login(personas.admin)
    page = client.get(reverse("planning:followup", args=[followup.pk])).content.decode()
    assert f'href="{reverse("planning:followup", args=[followup.pk])}?format=xlsx"' in page
    assert "Ladda ner (Excel)" in page and "Ladda ner (CSV)" in page


def test_the_admins_excel_has_every_status_with_dates_and_formulas_as_text(
    client, personas, followup
):
    client.force_login(personas.admin)
    response = client.get(url(followup, "xlsx"))
    assert "attachment" in response["Content-Disposition"]
    top, header, rows = xlsx_rows(response)
    assert top[0] == "Målstatus Delårsrapport 2027"
    assert any(line.startswith("Källa: Tillit, publicerad version 1") for line in top)
    assert header == [
        "Strategiskt område",
        "Övergripande mål",
        "Nämndmål",
        "Nämnd",
        "Bedömt av",
        "Status",
        "Analys",
        "Senast ändrad",
    ]
    values = [[c.value for c in row[:7]] for row in rows]
    assert values == [
        [
            "Barn och unga",
            "Barn ska vara trygga",
            None,
            None,
            "Testkommun",
            "Delvis uppfyllt",
            None,
        ],
        [
            "Barn och unga",
            "Barn ska vara trygga",
            "Alla elever trygga",
            "Barn- och utbildningsnämnden",
            "Barn- och utbildningsnämnden",
            "Uppfyllt",
            FORMULAS[0],
        ],
        [
            "Barn och unga",
            "Barn ska vara trygga",
            "Alla elever trygga",
            "Barn- och utbildningsnämnden",
            "Skolan Norr",
            "Ej uppfyllt",
            FORMULAS[1],
        ],
        [
            "Barn och unga",
            "Barn ska vara trygga",
            "Kontinuitet",
            "Vård- och omsorgsnämnden",
            "Vård- och omsorgsnämnden",
            "Ej uppfyllt",
            FORMULAS[2],
        ],
    ]
    for row in rows:
        assert row[6].value is None or row[6].data_type == "s"
        assert isinstance(row[7].value, datetime.datetime) and row[7].is_date


def test_a_politician_exports_only_the_published_board_level_statuses_of_his_board(
    client, personas, followup
):
    client.force_login(personas.politiker)
    values = xlsx_values(client.get(url(followup, "xlsx")))
    assert [(r[2], r[4]) for r in values] == [
        (None, "Testkommun"),
        ("Alla elever trygga", "Barn- och utbildningsnämnden"),
    ]  # neither Skolan Norr's status nor VON's goal


def test_a_chef_exports_what_his_page_shows_and_the_csv_escapes_formulas(
    client, personas, followup
):
    client.force_login(personas.chef)
    page = client.get(reverse("planning:followup", args=[followup.pk]))
    page_units = [
        st.node.kod
        for area in page.context["areas"]
        for og in area.goals.all()
        for g in og.namndmal_list
        for st in g.unit_statuses
    ]
    header, rows = csv_rows(client.get(url(followup, "csv")))
    assert header[0] == "Strategiskt område"
    units = [r[4] for r in rows if r[4] not in ("Testkommun",) and r[4] != r[3]]
    assert units == ["Skolan Norr"] and page_units == ["SN"]
    analyses = {r[4]: r[6] for r in rows}
    assert analyses["Skolan Norr"] == "'" + FORMULAS[1]


def test_an_unpublished_follow_up_is_not_exported_to_a_politician(client, personas, chain, period):
    fu = Uppfoljning.objects.create(planperiod=period, year=2027, kind="ars")
    GoalStatus.objects.create(followup=fu, node=chain.goal.node, namndmal=chain.goal, status="rod")
    client.force_login(personas.politiker)
    assert client.get(url(fu, "xlsx")).status_code == 404


def test_the_overview_export_has_the_units_of_the_page(client, personas, tree, period):
    plan_ensure(node=tree.SN, period=period)
    client.force_login(personas.chef)
    page = client.get(reverse("planning:index"))
    assert "?format=xlsx" in page.content.decode()
    top, header, rows = xlsx_rows(client.get(reverse("planning:index") + "?format=xlsx"))
    assert header == ["Enhet", "Kod", "Typ", "Ansvarig", "Nulägesanalys", "Verksamhetsplan"]
    assert [r[1].value for r in rows] == [r["node"].kod for r in page.context["units"]]
    assert [r[1].value for r in rows] == ["SN"]
    assert rows[0][5].value == "Utkast"
    assert rows[0][3].value == personas.chef.get_full_name()
    client.force_login(personas.fc)
    page_units = [r["node"].kod for r in client.get(reverse("planning:index")).context["units"]]
    _h, rows = csv_rows(client.get(reverse("planning:index") + "?format=csv"))
    assert [r[1] for r in rows] == page_units
    client.force_login(personas.vo_chef)
    _h, rows = csv_rows(client.get(reverse("planning:index") + "?format=csv"))
    assert "SN" not in {r[1] for r in rows}
