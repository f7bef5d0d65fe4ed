"""What every spreadsheet export of Tillit shares: cells that cannot turn into formulas.

Excel, LibreOffice and Google Sheets run a cell that begins with `=`, `+`, `-` or `@` (and, after
a leading tab or carriage return, whatever follows) as a formula: `=HYPERLINK("http://…")` in an
activity's text would become a live link in the förvaltning's spreadsheet. `safe_cell` prefixes
such text with an apostrophe, which the programs show as plain text. Every CSV (and Excel) export
writes its cells through it.
"""

import csv
import io

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
