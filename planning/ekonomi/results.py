"""The figures: ekonomi and personal per node over its whole subtree, for one period.

The roll-up is one SQL statement per feed: the rows are summed per node, then every node's sums
are added to each of its ancestors by cutting its path at each level (`substr(path, 1, k ×
steplen)`) and joining on the ancestor's path, an indexed equality. No loop per node.

Amounts are summed as whole öre (exact on PostgreSQL and SQLite alike) and come back as
`Decimal`; rates are exact fractions rounded half up (away from zero) to one decimal only here,
at the edge. Floats are never used.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Max

from surveys.hme.rules import Group, shown_nodes
from tillit.org.models import OrgNode

from .models import EkonomiRow, Feed, FeedPeriod, PersonalRow, Post

GRON, GUL, ROD = "grön", "gul", "röd"
AMOUNT_COLUMNS = ["budget_helar", "budget_ack", "utfall_ack", "prognos_helar"]
PERSONAL_SUMS = ["ordinarie_timmar", "sjuktimmar", "sjuktimmar_60", "avslutade", "anstallda"]
MAX_DEPTH = 64
CACHE_SECONDS = 300


def gul_procent():
    return Decimal(str(settings.EKONOMI_GUL_PROCENT))


def min_group():
    return settings.PERSONAL_MIN_GROUP


# --- rules (pure) -------------------------------------------------------------------------


def round_one_decimal(value):
    """An exact Fraction → Decimal with one decimal, half up (away from zero: 2.25 → 2.3,
    −2.25 → −2.3). None stays None."""
    if value is None:
        return None
    sign = -1 if value < 0 else 1
    tenths = (abs(value) * 10 + Fraction(1, 2)).__floor__()
    return Decimal(sign * tenths).scaleb(-1)


def share(part, whole):
    """part / whole × 100 as an exact Fraction; None when whole is 0."""
    if not whole:
        return None
    return Fraction(part) * 100 / Fraction(whole)


def status(budget_helar, prognos_helar, procent=None):
    """grön when the prognosis keeps the budget; gul when the overspend is at most `procent` %
    of |budget|; röd beyond that."""
    procent = gul_procent() if procent is None else procent
    overspend = prognos_helar - budget_helar
    if overspend <= 0:
        return GRON
    if overspend * 100 <= procent * abs(budget_helar):
        return GUL
    return ROD


@dataclass
class Ekonomi:
    """A node's net figures (nettokostnad: personalkostnader + övriga kostnader − intäkter)."""

    kod: str
    namn: str
    path: str
    budget_helar: Decimal
    budget_ack: Decimal
    utfall_ack: Decimal
    prognos_helar: Decimal

    @property
    def avvikelse_helar(self):
        return self.budget_helar - self.prognos_helar

    @property
    def utfall_andel_ack(self):
        return round_one_decimal(share(self.utfall_ack, self.budget_ack))

    @property
    def status(self):
        return status(self.budget_helar, self.prognos_helar)

    def as_json(self):
        andel = self.utfall_andel_ack
        return {
            "unit": self.kod,
            **{c: f"{getattr(self, c):.2f}" for c in AMOUNT_COLUMNS},
            "avvikelse_helar": f"{self.avvikelse_helar:.2f}",
            "utfall_andel_ack": None if andel is None else str(andel),
            "status": self.status,
        }


@dataclass
class Personal:
    """A node's staff figures over the 12 months ending at the period (those present)."""

    kod: str
    namn: str
    path: str
    anstallda: int
    manader: int
    ordinarie_timmar: int
    sjuktimmar: int
    sjuktimmar_60: int
    avslutade: int
    anstallda_sum: int
    suppressed: bool = False

    def _rate(self, value):
        return None if self.suppressed else round_one_decimal(value)

    @property
    def sjukfranvaro_12m(self):
        return self._rate(share(self.sjuktimmar, self.ordinarie_timmar))

    @property
    def langtid_andel_12m(self):
        return self._rate(share(self.sjuktimmar_60, self.sjuktimmar))

    @property
    def personalomsattning_12m(self):
        # Σavslutade / (Σanställda / månader) × 100
        if not self.anstallda_sum:
            return None
        return self._rate(share(self.avslutade * self.manader, self.anstallda_sum))

    def as_json(self):
        def text(value):
            return None if value is None else str(value)

        return {
            "unit": self.kod,
            "anstallda": self.anstallda,
            "manader": self.manader,
            "suppressed": self.suppressed,
            "sjukfranvaro_12m": text(self.sjukfranvaro_12m),
            "langtid_andel_12m": text(self.langtid_andel_12m),
            "personalomsattning_12m": text(self.personalomsattning_12m),
        }


def suppress(figures, minimum=None):
    """Mark `figures` ({path: Personal}, every ancestor of a node with rows included) suppressed
    by HME's primary and subtraction rules, the group being the headcount at the period."""
    minimum = min_group() if minimum is None else minimum
    groups = {path: Group(f.kod, f.anstallda) for path, f in figures.items()}
    shown = shown_nodes(groups, minimum=minimum, steplen=OrgNode.steplen)
    for path, f in figures.items():
        f.suppressed = path not in shown
    return figures


# --- periods ------------------------------------------------------------------------------


def months_back(period, n):
    """The first day of the month `n` months before `period`."""
    index = period.year * 12 + period.month - 1 - n
    return date(index // 12, index % 12 + 1, 1)


# --- the roll-up (SQL) --------------------------------------------------------------------


def _rollup_sql(own_select, own_from, group_extra=""):
    """SQL that adds each node's own sums to itself and every ancestor.

    `own_select` yields (path, …sums); the outer query groups by the ancestor's kod."""
    n = connection.ops.quote_name
    org = n(OrgNode._meta.db_table)
    step = OrgNode.steplen
    return f"""
        WITH RECURSIVE levels(k) AS (
            SELECT 1 UNION ALL SELECT k + 1 FROM levels WHERE k < {MAX_DEPTH}
        ),
        own AS (SELECT {own_select} FROM {own_from}),
        up AS (
            SELECT substr(own.path, 1, levels.k * {step}) AS anc, own.*
            FROM own JOIN levels ON levels.k * {step} <= length(own.path)
        )
        SELECT a.kod, a.namn, a.path, {{sums}}
        FROM up JOIN {org} a ON a.path = up.anc
        {group_extra}
        GROUP BY a.kod, a.namn, a.path
        ORDER BY a.kod
    """


def _cents(column):
    return f"CAST(ROUND({column} * 100) AS BIGINT)"


def ekonomi_rows(period, *, under=None, max_depth=None):
    """Net figures of every node with a value in its subtree at `period`, sorted by kod.

    `under` (a node) limits the answer to that node and its subtree, `max_depth` to the nodes
    down to that depth."""
    n = connection.ops.quote_name
    rows = n(EkonomiRow._meta.db_table)
    org = n(OrgNode._meta.db_table)
    signed = [
        f"SUM(CASE WHEN r.post = %s THEN -{_cents('r.' + c)} ELSE {_cents('r.' + c)} END) AS {c}"
        for c in AMOUNT_COLUMNS
    ]
    own_select = "o.path AS path, " + ", ".join(signed)
    subtree = "" if under is None else " AND o.path LIKE %s"
    own_from = (
        f"{rows} r JOIN {org} o ON o.id = r.node_id WHERE r.period = %s{subtree} GROUP BY o.path"
    )
    sql = _rollup_sql(own_select, own_from, _under_sql(under, max_depth)).replace(
        "{sums}", ", ".join(f"SUM(up.{c})" for c in AMOUNT_COLUMNS)
    )
    params = [Post.INTAKTER] * len(AMOUNT_COLUMNS) + [period]
    params += _under_params(under, None) + _under_params(under, max_depth)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    # Sorted here, not by the database's collation: the contract is plain code order.
    return sorted(
        (
            Ekonomi(kod, namn, path, *(Decimal(int(v)).scaleb(-2) for v in sums))
            for kod, namn, path, *sums in found
        ),
        key=lambda e: e.kod,
    )


def _under_sql(under, max_depth):
    conditions = []
    if under is not None:
        conditions.append("a.path LIKE %s")
    if max_depth is not None:
        conditions.append("a.depth <= %s")
    return f"WHERE {' AND '.join(conditions)}" if conditions else ""


def _under_params(under, max_depth):
    params = [] if under is None else [under.path + "%"]
    return params if max_depth is None else [*params, max_depth]


def personal_version():
    """(number of imported months, last import) of the personal feed: the cache's version."""
    version = FeedPeriod.objects.filter(feed=Feed.PERSONAL).aggregate(
        last=Max("imported_at"), n=Count("pk")
    )
    return version["n"], version["last"]


def personal_rows_cached(period, version=None):
    """`personal_rows(period)` from the cache when the feed has not been imported since (and
    for at most CACHE_SECONDS, so a change in the tree shows soon): every page with a personal
    card needs the whole tree's suppression. `version` as `personal_version` answers, when the
    caller has it already."""
    n, last = personal_version() if version is None else version
    version = {"n": n, "last": last}
    last = version["last"].isoformat() if version["last"] else "-"
    key = f"ekonomi:personal:{period:%Y-%m}:{min_group()}:{version['n']}:{last}"
    return cache.get_or_set(key, lambda: personal_rows(period), CACHE_SECONDS)


def personal_rows(period, *, minimum=None):
    """Personal figures of every node with staff rows in its subtree in the 12 months ending at
    `period`, suppressed as HME, sorted by kod.

    Always the whole tree: whether a node may be shown depends on the nodes around it."""
    n = connection.ops.quote_name
    rows = n(PersonalRow._meta.db_table)
    org = n(OrgNode._meta.db_table)
    window = [months_back(period, i) for i in range(11, -1, -1)]
    # Per node first (one row per node, a flag per month it has rows in), so the roll-up joins
    # ~3,000 rows × depth, not every month's row; a subtree's months are then the months any
    # of its nodes has: the sum over the months of MAX(flag).
    flags = [f"MAX(CASE WHEN r.period = %s THEN 1 ELSE 0 END) AS m{i}" for i in range(12)]
    own_select = (
        "o.path AS path, "
        + ", ".join(f"SUM(r.{c}) AS {c}" for c in PERSONAL_SUMS)
        + ", SUM(CASE WHEN r.period = %s THEN r.anstallda ELSE 0 END) AS now_anstallda, "
        + ", ".join(flags)
    )
    own_from = (
        f"{rows} r JOIN {org} o ON o.id = r.node_id WHERE r.period BETWEEN %s AND %s "
        "GROUP BY o.path"
    )
    sums = (
        "SUM(up.now_anstallda), "
        + " + ".join(f"MAX(up.m{i})" for i in range(12))
        + ", "
        + ", ".join(f"SUM(up.{c})" for c in PERSONAL_SUMS)
    )
    sql = _rollup_sql(own_select, own_from).replace("{sums}", sums)
    with connection.cursor() as cursor:
        cursor.execute(sql, [period, *window, window[0], period])
        found = cursor.fetchall()
    figures = {}
    for kod, namn, path, now, months, ordinarie, sjuk, sjuk60, avslutade, anst_sum in found:
        figures[path] = Personal(
            kod,
            namn,
            path,
            anstallda=int(now),
            manader=int(months),
            ordinarie_timmar=int(ordinarie),
            sjuktimmar=int(sjuk),
            sjuktimmar_60=int(sjuk60),
            avslutade=int(avslutade),
            anstallda_sum=int(anst_sum),
        )
    suppress(figures, minimum)
    return sorted(figures.values(), key=lambda f: f.kod)


# --- the exports --------------------------------------------------------------------------


def ekonomi_export(period):
    return {
        "period": f"{period:%Y-%m}",
        "results": [e.as_json() for e in ekonomi_rows(period)],
    }


def personal_export(period, minimum=None):
    minimum = min_group() if minimum is None else minimum
    return {
        "period": f"{period:%Y-%m}",
        "min_group_size": minimum,
        "results": [p.as_json() for p in personal_rows(period, minimum=minimum)],
    }
