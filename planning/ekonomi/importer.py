"""The two monthly files: ekonomi from the ekonomisystem, personal from the HR system.

Both are `;`-separated, UTF-8 (BOM allowed) or Windows-1252 (Swedish Excel), read by the one CSV
reader (tillit/csvimport.py). The whole file is checked before anything is written; one error
rejects it all, every error names its row and column in Swedish. A file may hold several
periods: each period in it replaces that period's rows atomically; other periods stay as they
are.
"""

import io
import re
from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from tillit.csvimport import ImportError_, read_rows
from tillit.org.models import OrgNode
from tillit.org.permissions import in_places

from .models import EkonomiRow, Feed, FeedPeriod, PersonalRow, Post

EKONOMI_HEADER = [
    "period",
    "enhet",
    "post",
    "budget_helar",
    "budget_ack",
    "utfall_ack",
    "prognos_helar",
]
AMOUNTS = EKONOMI_HEADER[3:]
PERSONAL_HEADER = [
    "period",
    "enhet",
    "anstallda",
    "ordinarie_timmar",
    "sjuktimmar",
    "sjuktimmar_60",
    "avslutade",
]
COUNTS = PERSONAL_HEADER[2:]
POSTS = {
    "intäkter": Post.INTAKTER,
    "personalkostnader": Post.PERSONALKOSTNADER,
    "övriga kostnader": Post.OVRIGA,
}
# A file with thousands of bad rows names the first ones; the rest are counted.
MAX_ERRORS = 100
MAX_COUNT = 2**31 - 1

_PERIOD = re.compile(r"(\d{4})-(\d{2})")
# Digits, optionally grouped by a space, a no-break space or a narrow no-break space.
_GROUPED = r"(?:\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)"
_AMOUNT = re.compile(rf"([-\u2212]?)({_GROUPED})(?:[.,](\d{{1,2}}))?")
_COUNT = re.compile(_GROUPED)
_SPACES = re.compile(r"[ \u00a0\u202f]")


def parse_period(text):
    """`YYYY-MM` → the first day of that month; ValueError otherwise."""
    match = _PERIOD.fullmatch((text or "").strip())
    if not match:
        raise ValueError(text)
    year, month = int(match.group(1)), int(match.group(2))
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        raise ValueError(text)
    return date(year, month, 1)


def parse_amount(text):
    """An amount in kronor as the file writes it → a plain string `-1234.50` for the database.

    Decimal comma or point, at most two decimals, spaces as thousand separators, a leading `-`
    or `−` (U+2212). ValueError for anything else. Kept as text, never a float."""
    match = _AMOUNT.fullmatch((text or "").strip())
    if not match:
        raise ValueError(text)
    sign, whole, decimals = match.groups()
    whole = _SPACES.sub("", whole)
    if len(whole.lstrip("0")) > 13:
        raise ValueError(text)
    return f"{'-' if sign else ''}{int(whole)}.{(decimals or '').ljust(2, '0')}"


def parse_count(text):
    """A whole, non-negative number (spaces as thousand separators allowed)."""
    cleaned = (text or "").strip()
    if not _COUNT.fullmatch(cleaned):
        raise ValueError(text)
    value = int(_SPACES.sub("", cleaned))
    if value > MAX_COUNT:
        raise ValueError(text)
    return value


@dataclass
class ImportSummary:
    feed: str
    periods: list
    rows: int

    def __str__(self):
        months = ", ".join(f"{p:%Y-%m}" for p in self.periods)
        return f"{self.rows} rader för {months}"


class _Errors(list):
    def add(self, text):
        self.append(text)

    def result(self):
        if len(self) > MAX_ERRORS:
            return [*self[:MAX_ERRORS], f"… och {len(self) - MAX_ERRORS} fel till."]
        return list(self)


def _nodes(places):
    """({kod: id} of the nodes a file may name, {kods of those outside `places`})."""
    if places is None:
        return dict(OrgNode.objects.values_list("kod", "pk")), set()
    inside, outside = {}, set()
    for kod, pk, path in OrgNode.objects.values_list("kod", "pk", "path"):
        if in_places(path, places):
            inside[kod] = pk
        else:
            outside.add(kod)
    return inside, outside


def _common(number, row, errors, nodes, periods):
    """The period and enhet of a row, as (period, node id); (None, None) after an error.

    `nodes` is what `_nodes` answers."""
    nodes, outside = nodes
    try:
        period = periods.get(row["period"]) or periods.setdefault(
            row["period"], parse_period(row["period"])
        )
    except ValueError:
        errors.add(
            f"Rad {number}, kolumn period: {row['period']!r} är inte en månad (ÅÅÅÅ-MM, "
            "t.ex. 2026-08)."
        )
        period = None
    node = nodes.get(row["enhet"])
    if node is None:
        if row["enhet"] in outside:
            errors.add(
                f"Rad {number}, kolumn enhet: {row['enhet']} ligger utanför de enheter du stödjer."
            )
        elif row["enhet"]:
            errors.add(f"Rad {number}, kolumn enhet: okänd enhet {row['enhet']!r}.")
        else:
            errors.add(f"Rad {number}, kolumn enhet: enheten saknas.")
    if period is None or node is None:
        return None, None
    return period, node


def _read(data, header, kind):
    return read_rows(data, header, kind=kind)


def parse_ekonomi(data, places=None):
    """Check an ekonomi file; return (periods, lines) for `_store` or raise ImportError_."""
    rows = _read(data, EKONOMI_HEADER, "ekonomi")
    nodes = _nodes(places)
    errors, periods, seen, lines = _Errors(), {}, {}, []
    for number, row, ncols in rows:
        if row is None:
            errors.add(
                f"Rad {number}: raden har {ncols} kolumner, väntade {len(EKONOMI_HEADER)} "
                f"({';'.join(EKONOMI_HEADER)})."
            )
            continue
        period, node = _common(number, row, errors, nodes, periods)
        post = POSTS.get(" ".join(row["post"].lower().split()))
        if post is None:
            errors.add(
                f"Rad {number}, kolumn post: okänd post {row['post']!r} (intäkter, "
                "personalkostnader eller övriga kostnader)."
            )
        amounts = []
        for column in AMOUNTS:
            try:
                amounts.append(parse_amount(row[column]))
            except ValueError:
                if row[column]:
                    errors.add(
                        f"Rad {number}, kolumn {column}: {row[column]!r} är inte ett belopp i "
                        "kronor (t.ex. 1 234 567,50 eller −1200)."
                    )
                else:
                    errors.add(f"Rad {number}, kolumn {column}: beloppet saknas.")
        if period is None or post is None or len(amounts) != len(AMOUNTS):
            continue
        key = (period, node, post)
        if key in seen:
            errors.add(
                f"Rad {number}, kolumn post: {row['enhet']} {row['post']} för {row['period']} "
                f"finns redan på rad {seen[key]}."
            )
            continue
        seen[key] = number
        lines.append(f"{period.isoformat()}\t{node}\t{post}\t" + "\t".join(amounts) + "\n")
    if not rows:
        errors.add("Filen har inga rader under rubrikraden.")
    if errors:
        raise ImportError_(errors.result())
    return sorted(set(periods.values())), lines


def parse_personal(data, places=None):
    """Check a personal file; return (periods, lines) for `_store` or raise ImportError_."""
    rows = _read(data, PERSONAL_HEADER, "personal")
    nodes = _nodes(places)
    errors, periods, seen, lines = _Errors(), {}, {}, []
    for number, row, ncols in rows:
        if row is None:
            errors.add(
                f"Rad {number}: raden har {ncols} kolumner, väntade {len(PERSONAL_HEADER)} "
                f"({';'.join(PERSONAL_HEADER)})."
            )
            continue
        period, node = _common(number, row, errors, nodes, periods)
        counts = {}
        for column in COUNTS:
            try:
                counts[column] = parse_count(row[column])
            except ValueError:
                if row[column]:
                    errors.add(
                        f"Rad {number}, kolumn {column}: {row[column]!r} är inte ett heltal "
                        "(0 eller mer)."
                    )
                else:
                    errors.add(f"Rad {number}, kolumn {column}: värdet saknas.")
        if len(counts) == len(COUNTS):
            if counts["sjuktimmar"] > counts["ordinarie_timmar"]:
                errors.add(
                    f"Rad {number}, kolumn sjuktimmar: {counts['sjuktimmar']} sjuktimmar är fler "
                    f"än de ordinarie timmarna ({counts['ordinarie_timmar']})."
                )
                continue
            if counts["sjuktimmar_60"] > counts["sjuktimmar"]:
                errors.add(
                    f"Rad {number}, kolumn sjuktimmar_60: {counts['sjuktimmar_60']} timmar i "
                    f"långa sjukfall är fler än sjuktimmarna ({counts['sjuktimmar']})."
                )
                continue
        if period is None or len(counts) != len(COUNTS):
            continue
        key = (period, node)
        if key in seen:
            errors.add(
                f"Rad {number}, kolumn enhet: {row['enhet']} för {row['period']} finns redan "
                f"på rad {seen[key]}."
            )
            continue
        seen[key] = number
        values = "\t".join(str(counts[c]) for c in COUNTS)
        lines.append(f"{period.isoformat()}\t{node}\t{values}\n")
    if not rows:
        errors.add("Filen har inga rader under rubrikraden.")
    if errors:
        raise ImportError_(errors.result())
    return sorted(set(periods.values())), lines


def _copy(model, columns, lines):
    """Insert tab-separated lines: COPY on PostgreSQL (fast, little memory), batches elsewhere."""
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(model._meta.db_table)
        cols = ", ".join(connection.ops.quote_name(c) for c in columns)
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy,
        ):
            buffer = io.StringIO()
            for n, line in enumerate(lines, start=1):
                buffer.write(line)
                if n % 10_000 == 0:
                    copy.write(buffer.getvalue())
                    buffer = io.StringIO()
            copy.write(buffer.getvalue())
        return
    fields = [model._meta.get_field(c.removesuffix("_id")) for c in columns]
    batch = []
    for line in lines:
        values = line.rstrip("\n").split("\t")
        batch.append(
            model(**{f.attname: f.to_python(v) for f, v in zip(fields, values, strict=True)})
        )
        if len(batch) == 2000:
            model.objects.bulk_create(batch)
            batch = []
    model.objects.bulk_create(batch)


def _scope(places):
    """The rows a scoped import replaces: those of nodes within `places`."""
    if places is None:
        return Q()
    condition = Q(pk__in=[])
    for path, subtree in places:
        condition |= Q(node__path__startswith=path) if subtree else Q(node__path=path)
    return condition


def _store(feed, model, columns, periods, lines, *, places=None, user=None, demo=False):
    with transaction.atomic():
        # One import of a feed at a time: a second upload of the same months waits here.
        list(FeedPeriod.objects.select_for_update().filter(feed=feed, period__in=periods))
        model.objects.filter(_scope(places), period__in=periods).delete()
        _copy(model, columns, lines)
        now = timezone.now()
        counts = dict(
            model.objects.filter(period__in=periods)
            .values("period")
            .annotate(n=Count("pk"))
            .values_list("period", "n")
        )
        for period in periods:
            FeedPeriod.objects.update_or_create(
                feed=feed,
                period=period,
                defaults={
                    "rows": counts.get(period, 0),
                    "demo": demo,
                    "imported_by": user,
                    "imported_at": now,
                },
            )
    return ImportSummary(feed, periods, len(lines))


def import_ekonomi(data, *, places=None, user=None, demo=False):
    """Check and store an ekonomi file (bytes or text). Raises ImportError_ and saves nothing
    when anything is wrong. With `places` (permissions.feed_import_places) the file may name
    only nodes within them, and replaces only their rows of its periods."""
    periods, lines = parse_ekonomi(data, places)
    columns = ["period", "node_id", "post", *AMOUNTS]
    return _store(
        Feed.EKONOMI, EkonomiRow, columns, periods, lines, places=places, user=user, demo=demo
    )


def import_personal(data, *, places=None, user=None, demo=False):
    """Check and store a personal file (bytes or text). Raises ImportError_ and saves nothing
    when anything is wrong."""
    periods, lines = parse_personal(data, places)
    columns = ["period", "node_id", *COUNTS]
    return _store(
        Feed.PERSONAL, PersonalRow, columns, periods, lines, places=places, user=user, demo=demo
    )
