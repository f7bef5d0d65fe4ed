"""Tables out of Tillit: Excel (.xlsx) and CSV of what a page shows, with cells that cannot
turn into formulas.

Excel, LibreOffice and Google Sheets run a cell that begins with `=`, `+`, `-` or `@` (and, after
a leading tab or carriage return, whatever follows) as a formula: `=HYPERLINK("http://…")` in an
activity's text would become a live link in the förvaltning's spreadsheet. `safe_cell` prefixes
such text with an apostrophe, which the programs show as plain text. Every CSV export writes its
cells through it.

A page that offers its table describes it once as a `Table` of `Column`s whose rows are built
from exactly what the page's view computed for the reader (the same permission and suppression
code, no second query path); the view answers `?format=xlsx` or `?format=csv` on its own URL
with `table_response` (see `export_format`), and the template shows `_download.html`.

The .xlsx is written with XlsxWriter rather than openpyxl because
- XlsxWriter's `constant_memory` mode streams each row to a temporary file as it is written, so
  a table of any length never sits in memory as cell objects. It is used for tables of more
  than `STREAM_FROM_ROWS` rows (and rows from a generator): below that the default mode with
  Excel's shared-string table is faster for Tillit's tables, whose text repeats from row to row
  (area, goal, nämnd), since each distinct string is escaped once — the scale kommun's 5,000
  goal statuses took 2.5–2.9 s streamed and 1.6–1.9 s not (2 cores at load average ~10),
  in a few MB either way;
- XlsxWriter never evaluates a string as a formula when it is written with `write_string`
  (openpyxl makes any string that begins with `=` a formula unless told otherwise per cell).
  Every text cell here goes through `write_string`, and the workbook is opened with
  `strings_to_formulas`, `strings_to_urls` and `strings_to_numbers` off as a second guard.

Numbers are stored as numbers. A number format in an .xlsx file is always written in the
file format's (US) notation, `#,##0.0`; Swedish Excel and LibreOffice show it as `1 234,5`.
Dates are dates shown as `yyyy-mm-dd`. The sheet opens with the table's title, its source
("Källa: Kolada" where the figures come from Kolada) and its as-of date above a frozen header row
with an autofilter. CSV is UTF-8 with a BOM and `;` (what Swedish Excel opens right), numbers with
a decimal comma and no thousands separator (so Excel reads them as numbers), dates `yyyy-mm-dd`.
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import content_disposition_header

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A cell value that a spreadsheet shows as text: `None` → "", risky strings prefixed."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class CsvWriter:
    """`;`-separated rows (Swedish Excel's default), every cell through `safe_cell`."""

    def __init__(self, out):
        self._writer = csv.writer(out, delimiter=";")

    def writerow(self, row):
        self._writer.writerow([safe_cell(v) for v in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_text(rows):
    """A whole CSV file as text, with the BOM that makes Excel read it as UTF-8."""
    out = io.StringIO()
    CsvWriter(out).writerows(rows)
    return "\ufeff" + out.getvalue()


# --- tables ---------------------------------------------------------------------------------

TEXT, INT, DECIMAL, PERCENT, DATE = "text", "int", "decimal", "percent", "date"
KINDS = (TEXT, INT, DECIMAL, PERCENT, DATE)
FORMATS = ("xlsx", "csv")
XLSX_MAX_TEXT = 32767  # the most characters an Excel cell holds
STREAM_FROM_ROWS = 20_000  # larger tables are written in XlsxWriter's constant_memory mode


@dataclass
class Column:
    """One column: its Swedish header and what its cells hold.

    `kind`: `text` (always written as text), `int`, `decimal` (`decimals` places; None: as many
    as the value has, Excel's General format), `percent` (the
    figure as the page shows it, 4.5 for "4,5 %", shown with a per cent sign) or `date` (a date
    or datetime, shown `yyyy-mm-dd`; a datetime in local time). A cell that is `None` stays
    empty; a string in a number or date column (e.g. "Visas inte") is written as text.
    """

    header: str
    kind: str = TEXT
    decimals: int | None = 1
    width: int | None = None

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"Okänd kolumntyp {self.kind!r}")

    @property
    def num_format(self):
        if self.kind == INT:
            return "#,##0"
        if self.kind == DATE:
            return "yyyy-mm-dd"
        if self.decimals is None:
            return '0.0########" %"' if self.kind == PERCENT else "General"
        places = "." + "0" * self.decimals if self.decimals else ""
        return f'#,##0{places}" %"' if self.kind == PERCENT else f"#,##0{places}"


@dataclass
class Table:
    """A table as a page shows it to one reader. `rows` is an iterable of sequences, one value
    per column; `source` names where the figures come from, `as_of` the date (or datetime) they
    describe; `kolada=True` adds "Källa: Kolada"; `notes` are further lines above the table
    (e.g. that small groups are not shown)."""

    title: str
    columns: list
    rows: object
    source: str = "Tillit"
    as_of: object = None
    kolada: bool = False
    notes: list = field(default_factory=list)
    filename: str | None = None

    def top_lines(self):
        sources = [self.source] if self.source else []
        if self.kolada and "Kolada" not in sources:
            sources.append("Kolada")
        lines = [f"Källa: {', '.join(sources)}"] if sources else []
        if self.as_of:
            lines.append(f"Per: {_date_text(self.as_of)}")
        lines.append(f"Uttaget: {timezone.localtime().strftime('%Y-%m-%d %H:%M')}")
        return lines + list(self.notes)

    def file_stem(self):
        stem = self.filename or self.title
        stem = re.sub(r"[^\w\- ]+", "", stem, flags=re.UNICODE).strip()
        return re.sub(r"\s+", "-", stem)[:80] or "tabell"


def export_format(request, table=""):
    """`xlsx` or `csv` when the page is asked for its table as a file (`?format=`), else None.
    A page with more than one table names the one wanted with `?tabell=` (`table`)."""
    fmt = request.GET.get("format", "")
    if fmt not in FORMATS or request.GET.get("tabell", "") != table:
        return None
    return fmt


def export_url(request, fmt, table=""):
    """The page's own URL (its other query parameters kept) asking for its table as `fmt`."""
    query = request.GET.copy()
    query["format"] = fmt
    if table:
        query["tabell"] = table
    else:
        query.pop("tabell", None)
    return f"{request.path}?{query.urlencode()}"


def table_response(request, table, fmt):
    """The table as an .xlsx or CSV download (`fmt` from `export_format`)."""
    if fmt == "xlsx":
        body = xlsx_bytes(table)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif fmt == "csv":
        body = csv_bytes(table)
        content_type = "text/csv; charset=utf-8"
    else:
        raise ValueError(f"Okänt format {fmt!r}")
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, f"{table.file_stem()}.{fmt}")
    add_never_cache_headers(response)
    return response


def _local(value, tz=None):
    """A datetime in local time without its tzinfo (what a spreadsheet holds); a date as is.
    `tz`: the current time zone, looked up once per table (the lookup is not free)."""
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(tz or timezone.get_current_timezone())
        return value.replace(tzinfo=None)
    return value


def _date_text(value, tz=None):
    value = _local(value, tz)
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%Y-%m-%d")
    return str(value)


def _is_number(value):
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _text(value):
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    return str(value)


def streams(table):
    """Whether the .xlsx is written in `constant_memory` mode: for a table of more than
    `STREAM_FROM_ROWS` rows, or rows that come from a generator (length unknown)."""
    try:
        return len(table.rows) > STREAM_FROM_ROWS
    except TypeError:
        return True


def xlsx_bytes(table):
    """The table as an .xlsx file (one sheet)."""
    import xlsxwriter

    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        out,
        {
            "constant_memory": streams(table),
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "default_date_format": "yyyy-mm-dd",
        },
    )
    workbook.set_properties(
        {"title": table.title, "comments": " · ".join(table.top_lines()), "company": "Tillit"}
    )
    sheet = workbook.add_worksheet(_sheet_name(table.title))
    bold = workbook.add_format({"bold": True})
    muted = workbook.add_format({"italic": True, "font_color": "#555555"})
    header = workbook.add_format({"bold": True, "bottom": 1, "text_wrap": True, "valign": "top"})
    for i, column in enumerate(table.columns):
        width = column.width or (12 if column.kind != TEXT else max(14, len(column.header) + 2))
        sheet.set_column(i, i, width)

    row = 0
    sheet.write_string(row, 0, _clip(table.title), bold)
    for line in table.top_lines():
        row += 1
        sheet.write_string(row, 0, _clip(line), muted)
    row += 2
    header_row = row
    sheet.freeze_panes(header_row + 1, 0)
    for i, column in enumerate(table.columns):
        sheet.write_string(header_row, i, column.header, header)

    writers = [_cell_writer(sheet, workbook, column) for column in table.columns]
    width = len(writers)
    for values in table.rows:
        row += 1
        if len(values) != width:
            raise ValueError(f"Rad {row}: {len(values)} värden för {width} kolumner")
        for i, value in enumerate(values):
            if value is not None and value != "":
                writers[i](row, i, value)
    sheet.autofilter(header_row, 0, max(row, header_row), width - 1)
    workbook.close()
    return out.getvalue()


def _cell_writer(sheet, workbook, column):
    """How one column's cells are written: text always with `write_string`; a number or date
    typed, anything else in a number or date column as text too."""
    write_string = sheet.write_string

    def text(row, col, value):
        if type(value) is not str:
            value = _text(value)
        write_string(row, col, value if len(value) <= XLSX_MAX_TEXT else _clip(value))

    if column.kind == TEXT:
        return text
    fmt = workbook.add_format({"num_format": column.num_format})
    if column.kind == DATE:
        tz = timezone.get_current_timezone()

        def date(row, col, value):
            if isinstance(value, datetime.date):
                sheet.write_datetime(row, col, _local(value, tz), fmt)
            else:
                text(row, col, value)

        return date

    def number(row, col, value):
        if _is_number(value):
            sheet.write_number(row, col, float(value), fmt)
        else:
            text(row, col, value)

    return number


def _clip(text):
    return text[:XLSX_MAX_TEXT]


def _sheet_name(title):
    # Excel forbids []:*?/\ in a sheet name and allows 31 characters.
    return re.sub(r"[\[\]:*?/\\]", " ", title)[:31] or "Tabell"


def _csv_value(column, value, tz=None):
    if value is None:
        return ""
    if column.kind == DATE and isinstance(value, datetime.date):
        return _date_text(value, tz)
    if column.kind in (INT, DECIMAL, PERCENT) and _is_number(value):
        places = 0 if column.kind == INT else column.decimals
        if places is None:
            return format(Decimal(str(value)).normalize(), "f").replace(".", ",")
        quantum = Decimal(1).scaleb(-places)
        rounded = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
        return str(rounded).replace(".", ",")
    return _text(value)


def csv_bytes(table):
    """The table as CSV: BOM, `;`, the header row, then the rows, every cell escaped."""
    out = io.StringIO()
    writer = CsvWriter(out)
    writer.writerow([c.header for c in table.columns])
    tz = timezone.get_current_timezone()
    for values in table.rows:
        writer.writerow([_csv_value(c, v, tz) for c, v in zip(table.columns, values, strict=True)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
