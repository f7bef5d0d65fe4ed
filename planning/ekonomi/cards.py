"""The ekonomi and personal cards: plain data for a node and a period, for any page to show.

`ekonomi_card(node, period)` and `personal_card(node, period, user)` are what the nulägeskoll,
the dialogue material, the nämnd summary and the reports call; they return None when there is
nothing to show (no figures, or the user may not see them), never raise for a missing period.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, DecimalField, F, Sum, When

from tillit.org.models import OrgNode
from tillit.org.permissions import can_see_feeds
from tillit.reports.charts import line_chart

from .models import EkonomiRow, Feed, FeedPeriod, Post
from .results import GRON, GUL, ROD, ekonomi_rows, min_group, personal_rows_cached

MONTHS = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
STATUS = {
    GRON: ("badge--green", "Grön – prognosen håller budget"),
    GUL: ("badge--yellow", "Gul – litet överskridande"),
    ROD: ("badge--red", "Röd – prognosen överskrider budget"),
}


def periods(feed=None):
    """The imported months, newest first (one query)."""
    qs = FeedPeriod.objects.all()
    if feed:
        qs = qs.filter(feed=feed)
    return sorted(set(qs.values_list("period", flat=True)), reverse=True)


def _demo(feed, period):
    return FeedPeriod.objects.filter(feed=feed, period=period, demo=True).exists()


@dataclass
class EkonomiCard:
    node: object
    period: object
    figures: object  # results.Ekonomi
    demo: bool
    chart: str = ""
    children: list = field(default_factory=list)


def _net(column):
    return Sum(
        Case(
            When(post=Post.INTAKTER, then=-F(column)),
            default=F(column),
            output_field=DecimalField(max_digits=17, decimal_places=2),
        )
    )


def utfall_chart(node, period):
    """SVG: accumulated utfall and budget per month, January to `period`, in tkr (one query)."""
    by_month = (
        EkonomiRow.objects.filter(
            node__path__startswith=node.path,
            period__year=period.year,
            period__lte=period,
        )
        .values("period")
        .annotate(utfall=_net("utfall_ack"), budget=_net("budget_ack"))
        .order_by("period")
    )
    found = {r["period"].month: r for r in by_month}
    labels = MONTHS[: period.month]

    def tkr(value):
        return None if value is None else Decimal(value) / 1000

    series = [
        (
            "Utfall ackumulerat",
            [tkr(found.get(m, {}).get("utfall")) for m in range(1, len(labels) + 1)],
        ),
        (
            "Budget ackumulerad",
            [tkr(found.get(m, {}).get("budget")) for m in range(1, len(labels) + 1)],
        ),
    ]
    return line_chart(
        labels,
        series,
        label=f"Utfall och budget per månad {period.year}, tkr, {node.namn}",
        width=360,
        height=180,
    )


def visible_children(node, user):
    """{path: node} of the nodes directly below `node` whose figures `user` may see."""
    return {c.path: c for c in OrgNode.objects.get_children(node) if can_see_feeds(user, c)}


def ekonomi_card(node, period, *, user=None, children=False, chart=True):
    """The node's net ekonomi figures at `period` (its whole subtree), or None without any.

    With `user`, None as well when the user may not see the node's figures. `children` adds
    the figures of the nodes directly below that the user may see."""
    if user is not None and not can_see_feeds(user, node):
        return None
    if period is None:
        return None
    rows = ekonomi_rows(period, under=node, max_depth=node.depth + (1 if children else 0))
    own = next((r for r in rows if r.kod == node.kod), None)
    if own is None:
        return None
    return EkonomiCard(
        node=node,
        period=period,
        figures=own,
        demo=_demo(Feed.EKONOMI, period),
        chart=utfall_chart(node, period) if chart else "",
        children=_children(rows, node, user) if children else [],
    )


def _children(rows, node, user):
    visible = visible_children(node, user) if user is not None else None
    return [r for r in rows if r.kod != node.kod and (visible is None or r.path in visible)]


@dataclass
class PersonalCard:
    node: object
    period: object
    figures: object  # results.Personal
    demo: bool
    min_group: int
    children: list = field(default_factory=list)


def personal_card(node, period, user, *, children=False, rows=None):
    """The node's personal figures at `period` (12 months, suppressed as HME), or None when
    there are none or `user` may not see the node's figures. Children the user may not see are
    left out."""
    if period is None or not can_see_feeds(user, node):
        return None
    rows = personal_rows_cached(period) if rows is None else rows
    own = next((r for r in rows if r.kod == node.kod), None)
    if own is None:
        return None
    below = []
    if children:
        visible = visible_children(node, user)
        below = [r for r in rows if r.path in visible]
    return PersonalCard(
        node=node,
        period=period,
        figures=own,
        demo=_demo(Feed.PERSONAL, period),
        min_group=min_group(),
        children=below,
    )
