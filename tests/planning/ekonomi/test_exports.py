"""Ekonomi and personal as Excel and CSV: the page's rows per role, sick-leave suppression kept."""

import datetime

import pytest
from django.urls import reverse

from tests.planning.ekonomi.test_views import figures  # noqa: F401 (fixture)
from tests.xlsx import csv_rows, xlsx_rows, xlsx_values

pytestmark = pytest.mark.django_db


def get(client, kod, table, fmt):
    url = reverse("ekonomi:node", args=[kod])
    return client.get(url, {"period": "2026-08", "format": fmt, "tabell": table})


def test_the_ekonomi_card_comes_out_as_numbers_in_kronor(client, personas, figures):  # noqa: F811
    client.force_login(personas.fc)
    page = client.get(reverse("ekonomi:node", args=["GS"]), {"period": "2026-08"}).text
    assert "tabell=ekonomi" in page and "tabell=personal" in page
    top, header, rows = xlsx_rows(get(client, "GS", "ekonomi", "xlsx"))
    assert "Per: 2026-08-01" in top
    assert header[:3] == ["Enhet", "Kod", "Budget helår, kr"]
    by_kod = {r[1].value: r for r in rows}
    assert list(by_kod) == ["GS", "SN", "SS"]
    sn = by_kod["SN"]
    assert sn[2].value == 1_000_000 and sn[2].number_format == "#,##0"
    assert sn[5].value == pytest.approx(666666.67) and sn[7].value == 97.5
    assert by_kod["SS"][8].value.startswith("Röd")
    _h, csv = csv_rows(get(client, "GS", "ekonomi", "csv"))
    assert csv[1][2:8] == ["1000000", "990000", "10000", "666667", "650000", "97,5"]


def test_personal_suppression_is_kept_in_the_file(client, personas, figures):  # noqa: F811
    client.force_login(personas.fc)
    values = {r[1]: r for r in xlsx_values(get(client, "GS", "personal", "xlsx"))}
    # Skolan Söder (3 anställda) and Skolan Norr (which would reveal it) show no rates
    for kod in ("SN", "SS"):
        assert values[kod][3:6] == [None, None, None]
        assert values[kod][7] == "För få anställda för att visas"
    assert values["SS"][2] == 3  # the head count stays, as on the page
    assert isinstance(values["GS"][3], float)
    _h, csv = csv_rows(get(client, "GS", "personal", "csv"))
    assert next(r for r in csv if r[1] == "SS")[3:6] == ["", "", ""]


def test_rows_per_role_are_the_pages(client, personas, figures):  # noqa: F811
    client.force_login(personas.chef)
    assert [r[1] for r in xlsx_values(get(client, "SN", "ekonomi", "xlsx"))] == ["SN"]
    assert get(client, "SS", "ekonomi", "xlsx").status_code == 404
    client.force_login(personas.politiker)
    assert [r[1] for r in xlsx_values(get(client, "BUF", "ekonomi", "xlsx"))] == ["BUF"]
    assert get(client, "GS", "personal", "csv").status_code == 403


def test_the_period_of_the_file_is_a_date(client, personas, figures):  # noqa: F811
    client.force_login(personas.fc)
    top, _h, _rows = xlsx_rows(get(client, "GS", "personal", "xlsx"))
    assert top[0] == "Personal Grundskola"
    assert datetime.date(2026, 8, 1).isoformat() in " ".join(top)
