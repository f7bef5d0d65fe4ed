"""Reading the `;`-separated CSV files kommuner upload. Shared by every import in Tillit.

- Encoding: UTF-8 (with or without BOM) is tried strictly first, over the whole file; if that
  fails the file is read as Windows-1252, which is what Swedish Excel saves as "CSV". Guessing
  (charset-normalizer) took short Swedish files for cp1250 and turned å into ĺ.
- Streaming: rows are read one at a time from the upload or file, never the whole file into a
  list, and a file stops being read at its kind's row cap (`MAX_ROWS`, in the README).
- A NUL byte anywhere rejects the file, naming the row (PostgreSQL cannot store it, and a CSV
  never holds one: the file is something else).
- Errors are capped: the first `MAX_ERRORS` and "… och N fel till." (`Errors`), so a bad
  780,000-row file answers with 51 lines, not 780,000.
- The header must match exactly; rows are numbered as a spreadsheet shows them.
"""

import codecs
import contextlib
import contextvars
import csv
import io

MAX_ERRORS = 50
# Rows per file and kind (data rows, the header not counted). The largest kommun has ~3,000
# units, 60,000 HME respondents a round and ~20,000 nyckeltal values a year per 1,000 units.
MAX_ROWS = {
    "organisation": 20_000,
    "hme": 200_000,
    "nyckeltal": 500_000,
    "kommunkompass": 5_000,
    "ekonomi": 500_000,
    "personal": 200_000,
    "people": 100_000,
}
KIND_NAMES = {
    "organisation": "en organisationsfil",
    "hme": "en fil med HME-svar",
    "nyckeltal": "en fil med nyckeltalsvärden",
    "kommunkompass": "en fil med Kommunkompassens poäng",
    "ekonomi": "en ekonomifil",
    "personal": "en personalfil",
    "people": "en personfil",
}
_CHUNK = 1 << 16
PROGRESS_EVERY = 2000  # rows between two calls of the progress callback
_progress = contextvars.ContextVar("import_progress", default=None)


@contextlib.contextmanager
def reporting_progress(callback):
    """While inside, `read_rows` calls `callback(row number)` every PROGRESS_EVERY rows (an
    import job shows it on its page; an importer reading the file twice starts again)."""
    token = _progress.set(callback)
    try:
        yield
    finally:
        _progress.reset(token)


def count_lines(stream):
    """Line ends in a binary stream, read in chunks; the stream is rewound."""
    lines, last = 0, b""
    while chunk := stream.read(_CHUNK):
        lines += chunk.count(b"\n")
        last = chunk[-1:]
    stream.seek(0)
    return lines + (1 if last and last != b"\n" else 0)


_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


class ImportError_(Exception):
    """The file was rejected; `errors` lists the problems found, in Swedish (at most
    MAX_ERRORS of them, then how many more there were)."""

    def __init__(self, errors):
        if not isinstance(errors, Errors):
            capped = Errors()
            capped.extend(errors)
            errors = capped
        self.errors = errors.as_list()
        self.shown = list(errors)  # the first MAX_ERRORS, without the "… och N fel till."
        self.count = len(self.shown) + errors.more
        super().__init__("\n".join(self.errors))


class Errors(list):
    """A list of error messages that keeps the first MAX_ERRORS and counts the rest."""

    def __init__(self, limit=MAX_ERRORS):
        super().__init__()
        self.limit = limit
        self.more = 0

    def append(self, message):
        if len(self) < self.limit:
            super().append(message)
        else:
            self.more += 1

    def extend(self, messages):
        for message in messages:
            self.append(message)

    def __iadd__(self, messages):
        self.extend(messages)
        return self

    def __bool__(self):
        return super().__len__() > 0 or self.more > 0

    def as_list(self):
        shown = list(self)
        if self.more:
            shown.append(f"… och {self.more} fel till.")
        return shown


def _binary(data):
    """Bytes, a path-less upload or an open binary file → a seekable binary stream."""
    if isinstance(data, bytes | bytearray | memoryview):
        return io.BytesIO(bytes(data))
    if hasattr(data, "open") and hasattr(data, "chunks"):  # Django's UploadedFile
        data.open("rb")
        data.seek(0)
        return data
    return data


def _encoding(stream):
    """'utf-8-sig' if the whole stream is valid UTF-8, else 'cp1252'; raises ImportError_."""
    start = stream.read(4)
    if start.startswith(_UTF16_BOMS):
        raise ImportError_(
            ["Filen är inte UTF-8 utan UTF-16 (Unicode-text). Spara den som CSV UTF-8."]
        )
    stream.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = 0
    try:
        while chunk := stream.read(_CHUNK):
            decoder.decode(chunk)
            offset += len(chunk)
        decoder.decode(b"", final=True)
        encoding = "utf-8-sig"
    except UnicodeDecodeError:
        encoding = "cp1252"
    stream.seek(0)
    if encoding == "cp1252":
        decoder = codecs.getincrementaldecoder("cp1252")()
        offset = 0
        try:
            while chunk := stream.read(_CHUNK):
                decoder.decode(chunk)
                offset += len(chunk)
        except UnicodeDecodeError as exc:
            raise ImportError_(
                [
                    "Filen är inte UTF-8 och inte heller Windows-1252 "
                    f"(fel vid byte {offset + exc.start}). Spara den som CSV UTF-8."
                ]
            ) from exc
        stream.seek(0)
    return encoding


def text_stream(data):
    """Bytes, text, an upload or a binary file → a text stream for csv.reader."""
    if isinstance(data, str):
        return io.StringIO(data.removeprefix("\ufeff"), newline="")
    stream = _binary(data)
    encoding = _encoding(stream)
    return io.TextIOWrapper(stream, encoding=encoding, newline="")


def decode_csv(data):
    """Bytes or text → text (UTF-8, else Windows-1252). For small files; big ones stream
    through `read_rows`, which takes the bytes or file itself."""
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    return text_stream(data).read()


def read_rows(data, header, *, kind=None):
    """Rows of a `;`-separated file as (row number, dict, 0), or (row number, None, number of
    columns) for a row of the wrong width; checks the header exactly. A generator: rows are
    read as they are used, and reading stops with ImportError_ past the kind's row cap."""
    reader = csv.reader(text_stream(data), delimiter=";")
    try:
        first = next(reader)
    except StopIteration:
        raise ImportError_(["Filen är tom."]) from None
    except csv.Error as exc:
        raise ImportError_([f"Rad 1: filen kan inte läsas som CSV ({exc})."]) from None
    _refuse_nul(1, first)
    got = [h.strip().lower() for h in first]
    if got != header:
        raise ImportError_(
            [f"Rad 1: fel rubrikrad. Väntade {';'.join(header)}, fick {';'.join(first)}."]
        )
    cap = MAX_ROWS.get(kind)
    count = 0
    progress = _progress.get()
    try:
        for number, values in enumerate(reader, start=2):
            if progress is not None and number % PROGRESS_EVERY == 0:
                progress(number)
            if not any(v.strip() for v in values):
                continue
            _refuse_nul(number, values)
            count += 1
            if cap is not None and count > cap:
                raise ImportError_(
                    [
                        f"Filen har fler än {cap:,} rader; {KIND_NAMES[kind]} får ha högst "
                        f"{cap:,} rader. Dela upp filen.".replace(",", "\u00a0")
                    ]
                )
            if len(values) != len(header):
                yield number, None, len(values)
                continue
            yield number, dict(zip(header, (v.strip() for v in values), strict=True)), 0
    except csv.Error as exc:
        raise ImportError_(
            [f"Rad {reader.line_num}: raden kan inte läsas som CSV ({exc})."]
        ) from None


def batched(iterable, size=5000):
    """Lists of up to `size` items: bulk writes without all model instances in memory."""
    batch = []
    for item in iterable:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _refuse_nul(number, values):
    if any("\x00" in v for v in values):
        raise ImportError_(
            [
                f"Rad {number}: raden innehåller ett NUL-tecken (tecken 0), som inte får finnas "
                "i en CSV-fil. Spara filen på nytt som CSV UTF-8."
            ]
        )
