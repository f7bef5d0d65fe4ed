"""Reading an exported table back (tillit/exports.py) the way a spreadsheet program would."""

import csv
import io

import openpyxl

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_rows(response):
    """(top lines, header, data rows as cells) of an .xlsx download."""
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == XLSX
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows())
    first = [r[0].value for r in rows]
    start = first.index(None) + 1  # an empty line separates the top lines from the table
    return first[: start - 1], [c.value for c in rows[start]], rows[start + 1 :]


def xlsx_values(response):
    """The data rows of an .xlsx download as lists of values."""
    _top, _header, rows = xlsx_rows(response)
    return [[c.value for c in row] for row in rows]


def csv_rows(response):
    """The header and the rows of a CSV download."""
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    return rows[0], rows[1:]


FORMULAS = ['=HYPERLINK("x")', "@SUM(1)", "+1+1", "-1"]
