"""Reading the `;`-separated CSV files kommuner upload: UTF-8 with or without BOM, an exact
header, rows numbered as a spreadsheet shows them. Shared by every import in Tillit."""

import csv
import io


class ImportError_(Exception):
    """The file was rejected; `errors` lists every problem found, in Swedish."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__("\n".join(errors))


def decode_csv(data, windows_1252=False):
    """Bytes or text → text, UTF-8 with or without BOM; a clear Swedish error otherwise.

    With `windows_1252`, bytes that are not UTF-8 are read as Windows-1252 (what Swedish Excel
    saves as "CSV"). Strict UTF-8 first, never a guess: a guesser takes short Swedish files for
    cp1250 and turns å into ĺ.
    """
    if isinstance(data, str):
        return data.lstrip("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if windows_1252:
            try:
                return data.decode("cp1252")
            except UnicodeDecodeError:
                pass
        raise ImportError_(
            [f"Filen är inte UTF-8-kodad (fel vid byte {exc.start}). Spara den som CSV UTF-8."]
        ) from exc


def read_rows(text, header):
    """Rows of a `;`-separated file as (row number, dict); checks the header exactly."""
    reader = csv.reader(io.StringIO(text), delimiter=";")
    try:
        first = next(reader)
    except StopIteration:
        raise ImportError_(["Filen är tom."]) from None
    except csv.Error as exc:
        raise ImportError_([f"Rad 1: filen kan inte läsas som CSV ({exc})."]) from None
    got = [h.strip().lower() for h in first]
    if got != header:
        raise ImportError_(
            [f"Rad 1: fel rubrikrad. Väntade {';'.join(header)}, fick {';'.join(first)}."]
        )
    rows = []
    try:
        for number, values in enumerate(reader, start=2):
            if not any(v.strip() for v in values):
                continue
            if len(values) != len(header):
                rows.append((number, None, len(values)))
                continue
            rows.append((number, dict(zip(header, (v.strip() for v in values), strict=True)), 0))
    except csv.Error as exc:
        raise ImportError_(
            [f"Rad {reader.line_num}: raden kan inte läsas som CSV ({exc})."]
        ) from None
    return rows
