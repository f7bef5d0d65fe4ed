"""The nulägeskoll's values as Excel and CSV: the page's figures, numbers typed, Kolada named."""

from decimal import Decimal

import pytest
from django.urls import reverse

from planning.models import NulageskollItem
from tests.planning.nyckeltal.test_nulageskoll import kpi  # noqa: F401 (fixture)
from tests.xlsx import FORMULAS, csv_rows, xlsx_rows

pytestmark = pytest.mark.django_db


def url(fmt):
    return reverse("planning:nyckeltal:nulageskoll", args=["SN"]) + f"?format={fmt}"


def test_the_values_come_out_as_numbers_per_series_and_year(client, tree, personas, kpi):  # noqa: F811
    NulageskollItem.objects.create(
        node=tree.SN, nyckeltal=kpi, target=Decimal("75"), comment=FORMULAS[0]
    )
    client.force_login(personas.chef)
    page = client.get(reverse("planning:nyckeltal:nulageskoll", args=["SN"])).content.decode()
    assert "?format=xlsx" in page and "Ladda ner (CSV)" in page
    top, header, rows = xlsx_rows(client.get(url("xlsx")))
    assert "Källa: Tillit, Kolada" in top
    assert header[:7] == ["Kod", "Nyckeltal", "Enhet", "Avser", "År", "Värde", "Målvärde"]
    values = [[c.value for c in r] for r in rows]
    assert [(v[3], v[4], v[5]) for v in values] == [
        ("Tomelilla", 2022, 66.6),
        ("Tomelilla", 2024, 68.2),
        ("Riket", 2022, 73.5),
        ("Riket", 2024, 72.9),
        ("Svalöv", 2024, 61),
    ]
    assert all(r[5].data_type == "n" and r[6].value == 75 for r in rows)
    assert values[0][7] == "Kolada, N15419"
    assert rows[0][8].data_type == "s" and rows[0][8].value == FORMULAS[0]
    _header, csv = csv_rows(client.get(url("csv")))
    assert csv[0][4:7] == ["2022", "66,6", "75"]
    assert csv[0][8] == "'" + FORMULAS[0]


def test_an_outsider_gets_no_file(client, tree, personas, kpi):  # noqa: F811
    NulageskollItem.objects.create(node=tree.SN, nyckeltal=kpi)
    client.force_login(personas.outsider)
    assert client.get(url("xlsx")).status_code == 404
    client.force_login(personas.vo_chef)
    assert client.get(url("csv")).status_code == 404
