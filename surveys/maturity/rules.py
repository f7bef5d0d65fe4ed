"""Tillit maturity: aggregation up the tree, set-based by path prefix.

A node's figure is the mean over every assessment in its subtree (the node itself included),
with how many units answered. Means are Decimal; rounding is for display only.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Count
from django.db.models.functions import Substr

from surveys.models import MaturityAssessment
from surveys.models.maturity import PRINCIPLE_FIELDS, PRINCIPLES


def _dec(value):
    return None if value is None else Decimal(str(value))


@dataclass(frozen=True)
class Aggregate:
    count: int
    means: tuple  # one Decimal (or None) per principle, in PRINCIPLES order
    overall: Decimal | None

    @property
    def cells(self):
        return [(label, mean) for (_, label, _), mean in zip(PRINCIPLES, self.means, strict=True)]


EMPTY = Aggregate(0, tuple(None for _ in PRINCIPLES), None)


def _aggregates():
    return {
        "n": Count("id"),
        "avg_overall": Avg("overall"),
        **{f"avg_{f}": Avg(f) for f in PRINCIPLE_FIELDS},
    }


def _aggregate(row):
    if not row or not row["n"]:
        return EMPTY
    return Aggregate(
        row["n"],
        tuple(_dec(row[f"avg_{f}"]) for f in PRINCIPLE_FIELDS),
        _dec(row["avg_overall"]),
    )


def subtree_aggregate(node, year):
    """Mean over the assessments of `node`'s subtree in `year` (one query)."""
    qs = MaturityAssessment.objects.filter(year=year, node__path__startswith=node.path)
    return _aggregate(qs.aggregate(**_aggregates()))


def children_aggregates(node, children, year):
    """{child id: Aggregate} for each child's subtree, in one grouped query by path prefix."""
    length = (node.depth + 1) * node.steplen
    rows = (
        MaturityAssessment.objects.filter(
            year=year, node__path__startswith=node.path, node__depth__gt=node.depth
        )
        .annotate(prefix=Substr("node__path", 1, length))
        .values("prefix")
        .annotate(**_aggregates())
        .order_by()
    )
    by_prefix = {r["prefix"]: _aggregate(r) for r in rows}
    return {c.pk: by_prefix.get(c.path, EMPTY) for c in children}


def overall_by_year(node):
    """[(year, mean overall, count)] for `node`'s subtree: the movement over the years."""
    rows = (
        MaturityAssessment.objects.filter(node__path__startswith=node.path)
        .values("year")
        .annotate(avg_overall=Avg("overall"), n=Count("id"))
        .order_by("year")
    )
    return [(r["year"], _dec(r["avg_overall"]), r["n"]) for r in rows]


def heat(value):
    """A colour class for a mean on the 1–5 scale: where support is needed shows red."""
    if value is None:
        return "none"
    if value < Decimal("2.5"):
        return "low"
    if value < Decimal("3.5"):
        return "mid"
    return "high"
