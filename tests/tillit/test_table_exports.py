"""The table-export module: types, Swedish formats, top lines, and no formula ever."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.test import RequestFactory

from tillit.exports import (
    DATE,
    DECIMAL,
    INT,
    PERCENT,
    Column,
    Table,
    csv_bytes,
    export_format,
    export_url,
    table_response,
    xlsx_bytes,
)

ATTACKS = ['=HYPERLINK("x")', "@SUM(1)", "+1+1", "-1", "\t=1+1", "\r=1+1"]


def read_xlsx(data):
    """The sheet's rows from the header row on (the lines above it are the title and source)."""
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows())
    top = [r[0].value for r in rows]
    start = top.index(None) + 1  # an empty line separates the top lines from the table
    return sheet, top[: start - 1], rows[start:]


def read_csv(data):
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def sample():
    return Table(
        title="Nyckeltal för Skolan Norr",
        columns=[
            Column("Namn"),
            Column("Antal", INT),
            Column("Värde", DECIMAL),
            Column("Andel", PERCENT),
            Column("Datum", DATE),
        ],
        rows=[
            ["Behörighet", 1234, Decimal("1234.55"), Decimal("4.5"), datetime.date(2026, 11, 23)],
            ["Tom rad", None, None, None, None],
            ["Visas inte", None, "Visas inte", None, None],
        ],
        source="Tillit",
        as_of=datetime.date(2026, 8, 31),
        kolada=True,
    )


def test_xlsx_keeps_numbers_as_numbers_with_swedish_display_and_dates_as_dates():
    sheet, top, rows = read_xlsx(xlsx_bytes(sample()))
    assert top[0] == "Nyckeltal för Skolan Norr"
    assert "Källa: Tillit, Kolada" in top
    assert "Per: 2026-08-31" in top
    header, first, empty, hidden = rows
    assert [c.value for c in header] == ["Namn", "Antal", "Värde", "Andel", "Datum"]
    assert [c.value for c in first[:4]] == ["Behörighet", 1234, 1234.55, 4.5]
    assert first[4].value == datetime.datetime(2026, 11, 23)
    assert first[4].is_date and first[4].number_format == "yyyy-mm-dd"
    assert first[1].number_format == "#,##0"  # Swedish Excel shows 1 234
    assert first[2].number_format == "#,##0.0"  # 1 234,6
    assert first[3].number_format == '#,##0.0" %"'
    assert [c.value for c in empty[1:]] == [None] * 4
    assert hidden[2].value == "Visas inte" and hidden[2].data_type == "s"
    # the header row is frozen and filtered
    assert sheet.freeze_panes == f"A{header[0].row + 1}"
    assert sheet.auto_filter.ref == f"A{header[0].row}:E{hidden[0].row}"


def test_csv_has_bom_semicolons_decimal_commas_and_iso_dates():
    rows = read_csv(csv_bytes(sample()))
    assert rows[0] == ["Namn", "Antal", "Värde", "Andel", "Datum"]
    assert rows[1] == ["Behörighet", "1234", "1234,6", "4,5", "2026-11-23"]
    assert rows[2] == ["Tom rad", "", "", "", ""]


@pytest.mark.parametrize("attack", ATTACKS)
def test_a_planted_formula_is_text_in_xlsx_and_escaped_in_csv(attack):
    table = Table(
        title="Åtgärder",
        columns=[Column("Text"), Column("Värde", DECIMAL)],
        rows=[[attack, attack]],
    )
    _sheet, _top, rows = read_xlsx(xlsx_bytes(table))
    for cell in rows[1]:
        # a carriage return is stored as Excel's escape _x000D_, which openpyxl leaves as it is
        assert cell.data_type == "s"
        assert cell.value.replace("_x000D_", "\r") == attack
    assert read_csv(csv_bytes(table))[1] == ["'" + attack, "'" + attack]


def test_the_xlsx_has_no_formula_anywhere():
    table = Table(title="=1+1", columns=[Column("=A1")], rows=[[a] for a in ATTACKS])
    data = xlsx_bytes(table)
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet


def test_the_format_is_asked_for_on_the_pages_own_url():
    rf = RequestFactory()
    assert export_format(rf.get("/x/?format=xlsx")) == "xlsx"
    assert export_format(rf.get("/x/?format=csv")) == "csv"
    assert export_format(rf.get("/x/?format=pdf")) is None
    assert export_format(rf.get("/x/")) is None
    assert export_format(rf.get("/x/?format=csv&tabell=ekonomi")) is None
    assert export_format(rf.get("/x/?format=csv&tabell=ekonomi"), "ekonomi") == "csv"
    url = export_url(rf.get("/x/", {"planperiod": "3", "format": "csv"}), "xlsx")
    assert url == "/x/?planperiod=3&format=xlsx"


def test_the_response_is_an_attachment_that_is_not_cached():
    response = table_response(RequestFactory().get("/"), sample(), "xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Nyckeltal-för-Skolan-Norr.xlsx" in response["Content-Disposition"].replace(
        "%C3%B6", "ö"
    )
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    response = table_response(RequestFactory().get("/"), sample(), "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"


def test_a_long_table_is_streamed_and_reads_back_the_same(settings):
    import tillit.exports as exports

    rows = [[f"=rad {i}", i, datetime.date(2026, 1, 1 + i % 28)] for i in range(50)]
    table = Table(
        title="Lång",
        columns=[Column("Text"), Column("Nr", INT), Column("D", DATE)],
        rows=iter(rows),
    )
    assert exports.streams(table)
    _sheet, _top, streamed = read_xlsx(xlsx_bytes(table))
    table.rows = rows
    assert not exports.streams(table)
    _sheet, _top, kept = read_xlsx(xlsx_bytes(table))
    as_values = [[c.value for c in r] for r in streamed]
    assert as_values == [[c.value for c in r] for r in kept]
    assert as_values[1] == ["=rad 0", 0, datetime.datetime(2026, 1, 1)]
    assert all(r[0].data_type == "s" for r in streamed[1:])


def test_a_row_of_the_wrong_length_is_refused():
    table = Table(title="Fel", columns=[Column("A"), Column("B")], rows=[["bara en"]])
    with pytest.raises(ValueError):
        xlsx_bytes(table)
