"""Local nyckeltal values: the CSV import and the Swedish number parser.

File format (UTF-8, with or without BOM, `;`-separated, one header row):

    nyckeltal;enhet;period;kon;varde
    LOK-SJUK;GRU-BYA;2024;T;5,2
    LOK-SJUK;GRU-BYA;2024;K;6,1

- `nyckeltal`: the code of a local nyckeltal in the catalogue,
- `enhet`: the kod of the organisational unit (it must be the page's unit or below it),
- `period`: the year,
- `kon`: T (totalt), K (kvinnor) or M (män); empty means T,
- `varde`: the value with decimal comma or point, spaces as thousands separator
  (`1 234,5` or `1234.5`); empty means the value is missing (never 0).

The whole file is checked first; any error rejects all of it (nothing is saved) and every error
names its row and column. Re-importing a row replaces the earlier value.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import connection, transaction
from django.utils import timezone

from tillit.csvimport import Errors, ImportError_, batched, read_rows
from tillit.org.models import OrgNode
from tillit.org.permissions import EDIT, can

from ..models.nyckeltal import Gender, Nyckeltal, NyckeltalSource, NyckeltalValue

HEADER = ["nyckeltal", "enhet", "period", "kon", "varde"]
GENDERS = {
    "": "T",
    "t": "T",
    "totalt": "T",
    "k": "K",
    "kvinnor": "K",
    "kvinna": "K",
    "m": "M",
    "män": "M",
    "man": "M",
}
_SPACES = re.compile(r"[\s\u00a0\u202f]")
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d+)?|[.,]\d+)$")

__all__ = ["HEADER", "ImportError_", "import_values", "parse_decimal", "save_value"]


def parse_decimal(text):
    """'1 234,5', '1234.5', '-0,25' → Decimal; ValueError with a Swedish message otherwise."""
    cleaned = _SPACES.sub("", str(text))
    if not _NUMBER.match(cleaned):
        raise ValueError(
            f"”{text}” är inte ett tal. Skriv t.ex. 1 234,5 eller 1234.5 "
            "(decimalkomma eller decimalpunkt, inga andra tecken)."
        )
    try:
        return Decimal(cleaned.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern already guards this
        raise ValueError(f"”{text}” är inte ett tal.") from None


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0

    def summary(self):
        return f"{self.created} nya och {self.updated} uppdaterade värden."


def import_values(data, *, node, user):
    """Import local values for `node` and its subtree; raises ImportError_ listing the errors.

    Two passes over the file (rows streamed, see tillit/csvimport.py): the first checks every
    row and keeps only one small key per row (for duplicates), the second writes in batches of
    a few thousand rows, so a 500,000-row file needs neither all rows nor all model instances
    in memory at once."""
    catalogue = {n.code: n for n in Nyckeltal.objects.all()}
    units = {n.kod: n for n in OrgNode.objects.filter(path__startswith=node.path)}
    editable = {}
    errors, seen = Errors(), {}
    for number, row, width in read_rows(data, HEADER, kind="nyckeltal"):
        checked, row_errors = _check_row(number, row, width, node, user, catalogue, units, editable)
        if checked is not None:
            key = _seen_key(checked)
            if key in seen:
                row_errors.append(
                    f"Rad {number}: samma nyckeltal, enhet, period och kön finns redan på "
                    f"rad {seen[key]}."
                )
            seen[key] = number
        errors += row_errors
    if errors:
        raise ImportError_(errors)
    if not seen:
        raise ImportError_(["Filen innehåller inga värden."])
    del seen
    result = ImportResult()
    checked_rows = (
        _check_row(number, row, width, node, user, catalogue, units, editable)[0]
        for number, row, width in read_rows(data, HEADER, kind="nyckeltal")
    )
    with transaction.atomic():
        if connection.vendor == "postgresql":
            result.created, result.updated = _save_by_copy(
                (r for r in checked_rows if r is not None), user
            )
            return result
        for batch in batched(r for r in checked_rows if r is not None):
            created, updated = _save_batch(batch, user)
            result.created += created
            result.updated += updated
    return result


def _key(checked):
    nyckeltal, unit, period, gender, _value = checked
    return (nyckeltal.pk, unit.pk, period, gender)


def _seen_key(checked):
    """The same key as one int (half the memory of a tuple for 500,000 rows)."""
    nyckeltal, unit, period, gender, _value = checked
    return (((nyckeltal.pk << 32) | unit.pk) << 16 | period) << 2 | "TKM".index(gender)


def _check_row(number, row, width, node, user, catalogue, units, editable):
    """(nyckeltal, unit, period, gender, value) or None, and the row's errors."""
    if row is None:
        return None, [f"Rad {number}: raden har {width} kolumner, väntade {len(HEADER)}."]
    row_errors = []
    nyckeltal = catalogue.get(row["nyckeltal"])
    if not row["nyckeltal"]:
        row_errors.append(f"Rad {number}, kolumn nyckeltal: saknas.")
    elif nyckeltal is None:
        row_errors.append(
            f"Rad {number}, kolumn nyckeltal: ”{row['nyckeltal']}” finns inte i katalogen."
        )
    elif nyckeltal.source != NyckeltalSource.LOCAL:
        row_errors.append(
            f"Rad {number}, kolumn nyckeltal: {nyckeltal.code} är ett Kolada-nyckeltal; "
            "dess värden hämtas från Kolada."
        )
    unit = units.get(row["enhet"])
    if unit is None:
        row_errors.append(
            f"Rad {number}, kolumn enhet: ”{row['enhet']}” är inte {node.namn} "
            "eller en enhet under den."
        )
    else:
        if unit.pk not in editable:
            editable[unit.pk] = can(user, EDIT, unit)
        if not editable[unit.pk]:
            row_errors.append(
                f"Rad {number}, kolumn enhet: du får inte registrera värden för {unit.namn}."
            )
    period = None
    if not re.fullmatch(r"\d{4}", row["period"]) or not 1990 <= int(row["period"]) <= 2100:
        row_errors.append(
            f"Rad {number}, kolumn period: ”{row['period']}” är inte ett år (t.ex. 2024)."
        )
    else:
        period = int(row["period"])
    gender = GENDERS.get(row["kon"].lower())
    if gender is None:
        row_errors.append(
            f"Rad {number}, kolumn kon: ”{row['kon']}” ska vara T (totalt), K eller M."
        )
    value = None
    if row["varde"]:
        try:
            value = parse_decimal(row["varde"])
        except ValueError as exc:
            row_errors.append(f"Rad {number}, kolumn varde: {exc}")
    if row_errors:
        return None, row_errors
    return (nyckeltal, unit, period, gender, value), []


def _save_batch(batch, user):
    """Upsert one batch of checked rows (the same as save_value row by row, in a few queries)."""
    now = timezone.now()
    wanted = {_key(r): r for r in batch}
    existing = {
        (v.nyckeltal_id, v.node_id, v.period, v.gender): v
        for v in NyckeltalValue.objects.filter(
            nyckeltal_id__in={k[0] for k in wanted},
            node_id__in={k[1] for k in wanted},
            period__in={k[2] for k in wanted},
            ou="",
        ).only("id", "nyckeltal_id", "node_id", "period", "gender")
    }
    # A replaced value is deleted and inserted again: one DELETE and one INSERT per batch
    # (nothing refers to a value's id); bulk_update's CASE took minutes per 100,000 rows.
    replaced = [existing[key].pk for key in wanted if key in existing]
    NyckeltalValue.objects.filter(pk__in=replaced).delete()
    NyckeltalValue.objects.bulk_create(
        NyckeltalValue(
            nyckeltal=nyckeltal,
            node=unit,
            ou="",
            period=period,
            gender=gender,
            value=value,
            status="" if value is not None else "saknas",
            source=NyckeltalSource.LOCAL,
            fetched_at=now,
            entered_by=user,
        )
        for nyckeltal, unit, period, gender, value in wanted.values()
    )
    return len(wanted) - len(replaced), len(replaced)


_STAGE = "tillit_import_nyckeltal"


def _save_by_copy(checked_rows, user):
    """(created, replaced): the rows COPYed into a temporary table, streamed, then one DELETE of
    the values they replace and one INSERT … SELECT (PostgreSQL). The per-batch look-up of
    existing values grew with every batch already written: 500,000 rows took minutes."""
    table = connection.ops.quote_name(NyckeltalValue._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {_STAGE}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {_STAGE} (nyckeltal_id integer, node_id integer, "
            "period smallint, gender varchar(1), value numeric(20, 6)) ON COMMIT DROP"
        )
        with cursor.cursor.copy(f"COPY {_STAGE} FROM STDIN") as copy:
            buffer = []
            for nyckeltal, unit, period, gender, value in checked_rows:
                shown = "\\N" if value is None else format(value, "f")
                buffer.append(f"{nyckeltal.pk}\t{unit.pk}\t{period}\t{gender}\t{shown}\n")
                if len(buffer) == 10_000:
                    copy.write("".join(buffer))
                    buffer = []
            copy.write("".join(buffer))
        cursor.execute(
            f"DELETE FROM {table} v USING {_STAGE} i WHERE v.nyckeltal_id = i.nyckeltal_id "
            "AND v.node_id = i.node_id AND v.period = i.period AND v.gender = i.gender "
            "AND v.ou = ''"
        )
        replaced = cursor.rowcount
        cursor.execute(
            f"INSERT INTO {table} (nyckeltal_id, node_id, municipality, ou, period, gender, "
            "value, status, source, fetched_at, entered_by_id) "
            "SELECT nyckeltal_id, node_id, '', '', period, gender, value, "
            "CASE WHEN value IS NULL THEN 'saknas' ELSE '' END, %s, %s, %s "
            f"FROM {_STAGE}",
            [NyckeltalSource.LOCAL, timezone.now(), getattr(user, "pk", None)],
        )
        written = cursor.rowcount
        cursor.execute(f"DROP TABLE {_STAGE}")
    return written - replaced, replaced


def save_value(*, nyckeltal, node, period, gender=Gender.TOTAL, value, user):
    """Upsert one local value for a unit; returns True when it was new."""
    _, created = NyckeltalValue.objects.update_or_create(
        nyckeltal=nyckeltal,
        node=node,
        ou="",
        period=period,
        gender=gender,
        defaults={
            "value": value,
            "status": "" if value is not None else "saknas",
            "source": NyckeltalSource.LOCAL,
            "fetched_at": timezone.now(),
            "entered_by": user,
        },
    )
    return created
