"""Kommunkompassen as Excel and CSV: points typed, drafts only for those who see them."""

import pytest

from tests.surveys.kompass.test_views import evaluations, url  # noqa: F401
from tests.xlsx import csv_rows, xlsx_rows, xlsx_values

pytestmark = pytest.mark.django_db


def test_an_evaluation_comes_out_per_area_and_subarea_with_unrounded_points(
    client,
    personas,
    evaluations,  # noqa: F811
):
    client.force_login(personas.admin)
    detail = evaluations["published"].get_absolute_url()
    assert "Ladda ner (Excel)" in client.get(detail).text
    top, header, rows = xlsx_rows(client.get(detail + "?format=xlsx"))
    assert header == [
        "Område",
        "Områdets namn",
        "Delområde",
        "Delområdets namn",
        "Poäng",
        "Max",
        "Procent",
    ]
    sub = next(r for r in rows if r[2].value == "1.1")
    assert [sub[4].value, sub[5].value, sub[6].value] == [12.5, 20, 63]
    assert sub[6].number_format == '#,##0" %"'  # 63 %, as the page
    total = rows[-1]
    assert total[1].value == "Totalt" and total[4].value == 402.5 and total[5].value == 800
    _h, csv = csv_rows(client.get(detail + "?format=csv"))
    assert next(r for r in csv if r[2] == "1.1")[4:] == ["12,5", "20", "63"]


def test_a_politician_exports_only_published_evaluations(client, personas, evaluations):  # noqa: F811
    client.force_login(personas.politiker)
    years = [(r[0], r[5]) for r in xlsx_values(client.get(url("overview", "K") + "?format=xlsx"))]
    assert years == [(2016, "Publicerad"), (2020, "Publicerad")]  # the second: the reference
    draft = evaluations["draft"].get_absolute_url()
    assert client.get(draft + "?format=xlsx").status_code == 404
    client.force_login(personas.admin)
    years = [r[0] for r in xlsx_values(client.get(url("overview", "K") + "?format=xlsx"))]
    assert sorted(years) == [2016, 2020, 2020]


def test_the_handlingsplan_of_an_evaluation_is_its_own_download(
    client,
    personas,
    tree,
    evaluations,  # noqa: F811
):
    from surveys.models import KompassAction, KompassActionPlan

    published = evaluations["published"]
    area = published.version.areas.get(number=3)
    plan = KompassActionPlan.objects.create(evaluation=published, node=tree.K, title="Plan 2017")
    KompassAction.objects.create(
        plan=plan, area=area, text="@SUM(1)", responsible="Kvalitetschef", status="planned"
    )
    client.force_login(personas.politiker)
    detail = published.get_absolute_url()
    assert "tabell=handlingsplan" in client.get(detail).text
    _top, header, rows = xlsx_rows(client.get(detail + "?format=xlsx&tabell=handlingsplan"))
    assert header[1] == "Åtgärd"
    assert [(r[0].value, r[1].value, r[2].value) for r in rows] == [
        (f"Plan 2017: 3 {area.name}", "@SUM(1)", "Kvalitetschef")
    ]
