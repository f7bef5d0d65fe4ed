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

from django.db import transaction
from django.utils import timezone

from tillit.csvimport import Errors, ImportError_, read_rows
from tillit.org.models import OrgNode
from tillit.org.permissions import EDIT, can

from .models.nyckeltal import Gender, Nyckeltal, NyckeltalSource, NyckeltalValue

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
    """Import local values for `node` and its subtree; raises ImportError_ listing every error."""
    rows = read_rows(data, HEADER, kind="nyckeltal")
    errors, parsed, seen = Errors(), [], {}
    catalogue = {n.code: n for n in Nyckeltal.objects.all()}
    units = {n.kod: n for n in OrgNode.objects.filter(path__startswith=node.path)}
    for number, row, width in rows:
        if row is None:
            errors.append(f"Rad {number}: raden har {width} kolumner, väntade {len(HEADER)}.")
            continue
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
        elif not can(user, EDIT, unit):
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
        if not row_errors:
            key = (nyckeltal.pk, unit.pk, period, gender)
            if key in seen:
                row_errors.append(
                    f"Rad {number}: samma nyckeltal, enhet, period och kön finns redan på "
                    f"rad {seen[key]}."
                )
            seen[key] = number
        errors += row_errors
        if not row_errors:
            parsed.append((nyckeltal, unit, period, gender, value))
    if errors:
        raise ImportError_(errors)
    if not parsed:
        raise ImportError_(["Filen innehåller inga värden."])
    result = ImportResult()
    with transaction.atomic():
        for nyckeltal, unit, period, gender, value in parsed:
            created = save_value(
                nyckeltal=nyckeltal, node=unit, period=period, gender=gender, value=value, user=user
            )
            if created:
                result.created += 1
            else:
                result.updated += 1
    return result


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
