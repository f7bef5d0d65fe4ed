"""The ekonomi and personal cards: plain data for a node and a period, for any page to show.

`ekonomi_card(node, period)` and `personal_card(node, period, user)` are what the nulägeskoll,
the dialogue material, the nämnd summary and the reports call; they return None when there is
nothing to show (no figures, or the user may not see them), never raise for a missing period.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Case, DecimalField, F, Max, Sum, When
from django.utils.safestring import mark_safe

from tillit.org.models import OrgNode
from tillit.org.permissions import can_see_feeds
from tillit.reports.charts import line_chart

from .models import EkonomiRow, Feed, FeedPeriod, Post
from .results import (
    AMOUNT_COLUMNS,
    GRON,
    GUL,
    ROD,
    ekonomi_rows,
    min_group,
    personal_rows_cached,
)

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
        width=320,
        height=180,
    )


def visible_children(node, user):
    """{path: node} of the nodes directly below `node` whose figures `user` may see."""
    return {c.path: c for c in OrgNode.objects.get_children(node) if can_see_feeds(user, c)}


def ekonomi_card(node, period, *, user=None, children=False, chart=True, demo=None):
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
        demo=_demo(Feed.EKONOMI, period) if demo is None else demo,
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


def personal_card(node, period, user, *, children=False, rows=None, demo=None, version=None):
    """The node's personal figures at `period` (12 months, suppressed as HME), or None when
    there are none or `user` may not see the node's figures. Children the user may not see are
    left out."""
    if period is None or not can_see_feeds(user, node):
        return None
    rows = personal_rows_cached(period, version) if rows is None else rows
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
        demo=_demo(Feed.PERSONAL, period) if demo is None else demo,
        min_group=min_group(),
        children=below,
    )


# --- the cards as other pages use them ----------------------------------------------------


def newest(on_or_before=None):
    """{feed: (newest imported month not after `on_or_before`, demo figures?)} for both feeds,
    (None, False) for a feed without any, and "personal_version" (the personal cache's
    version, see results.personal_version): one query over the (small) table of months."""
    found = {Feed.EKONOMI: (None, False), Feed.PERSONAL: (None, False)}
    count, last = 0, None
    for feed, period, demo, imported_at in FeedPeriod.objects.values_list(
        "feed", "period", "demo", "imported_at"
    ):
        if feed == Feed.PERSONAL:
            count, last = count + 1, imported_at if last is None else max(last, imported_at)
        if on_or_before is not None and period > on_or_before:
            continue
        if found[feed][0] is None or period > found[feed][0]:  # one row per (feed, month)
            found[feed] = (period, demo)
    found["personal_version"] = (count, last)
    return found


def latest_period(feed, on_or_before=None):
    """The newest imported month of `feed` (not after `on_or_before`), or None (one query)."""
    qs = FeedPeriod.objects.filter(feed=feed)
    if on_or_before is not None:
        qs = qs.filter(period__lte=on_or_before)
    return qs.aggregate(last=Max("period"))["last"]


def unit_cards(node, user, on_or_before=None):
    """The ekonomi and personal cards of the unit at the newest month of each feed (the
    nulägeskoll, a dialogue's ekonomi and personal items): {"ekonomi": card|None, "personal":
    card|None}. A fixed number of queries, none when `user` may not see the figures."""
    if not can_see_feeds(user, node):
        return {"ekonomi": None, "personal": None}
    months = newest(on_or_before)
    (ekonomi_period, ekonomi_demo), (personal_period, personal_demo) = (
        months[Feed.EKONOMI],
        months[Feed.PERSONAL],
    )
    return {
        "ekonomi": ekonomi_card(node, ekonomi_period, user=user, children=True, demo=ekonomi_demo),
        "personal": personal_card(
            node,
            personal_period,
            user,
            children=True,
            demo=personal_demo,
            version=months["personal_version"],
        ),
    }


# Frozen with a dialogue's material: plain JSON (amounts and rates as strings), read back into
# the same shape the live cards have, so one template draws both.


def _text(value):
    return None if value is None else str(value)


def _dec(text):
    return None if text is None else Decimal(text)


def _ekonomi_json(e):
    return {
        "kod": e.kod,
        "namn": e.namn,
        **{c: _text(getattr(e, c)) for c in AMOUNT_COLUMNS},
        "avvikelse_helar": _text(e.avvikelse_helar),
        "utfall_andel_ack": _text(e.utfall_andel_ack),
        "status": e.status,
    }


def _personal_json(p):
    """Rates only when shown: a suppressed group's rates are never stored."""
    shown = not p.suppressed
    return {
        "kod": p.kod,
        "namn": p.namn,
        "anstallda": p.anstallda,
        "manader": p.manader,
        "suppressed": p.suppressed,
        **{r: _text(getattr(p, r)) if shown else None for r in RATES},
    }


RATES = ["sjukfranvaro_12m", "langtid_andel_12m", "personalomsattning_12m"]
DECIMALS = [*AMOUNT_COLUMNS, "avvikelse_helar", "utfall_andel_ack"]


def cards_json(cards):
    """The unit's cards (as `unit_cards` answers) as JSON to freeze."""
    out = {}
    if e := cards.get("ekonomi"):
        out["ekonomi"] = {
            "node": {"kod": e.node.kod, "namn": e.node.namn},
            "period": f"{e.period:%Y-%m}",
            "demo": e.demo,
            "chart": str(e.chart),
            "figures": _ekonomi_json(e.figures),
            "children": [_ekonomi_json(c) for c in e.children],
        }
    if p := cards.get("personal"):
        out["personal"] = {
            "node": {"kod": p.node.kod, "namn": p.node.namn},
            "period": f"{p.period:%Y-%m}",
            "demo": p.demo,
            "min_group": p.min_group,
            "figures": _personal_json(p.figures),
            "children": [_personal_json(c) for c in p.children],
        }
    return out


def _period(text):
    year, month = text.split("-")
    return date(int(year), int(month), 1)


def _ekonomi_back(d):
    return {**d, **{c: _dec(d.get(c)) for c in DECIMALS}}


def _personal_back(d):
    return {**d, **{r: _dec(d.get(r)) for r in RATES}}


def cards_from_json(data):
    """Frozen cards back in the live cards' shape: {"ekonomi": dict|None, "personal": …}."""
    out = {"ekonomi": None, "personal": None}
    if e := (data or {}).get("ekonomi"):
        out["ekonomi"] = {
            **e,
            "period": _period(e["period"]),
            "chart": mark_safe(e.get("chart", "")),  # drawn by tillit.reports.charts
            "figures": _ekonomi_back(e["figures"]),
            "children": [_ekonomi_back(c) for c in e.get("children", [])],
        }
    if p := (data or {}).get("personal"):
        out["personal"] = {
            **p,
            "period": _period(p["period"]),
            "figures": _personal_back(p["figures"]),
            "children": [_personal_back(c) for c in p.get("children", [])],
        }
    return out


# --- the board's overview (nämnd summary, nämndrapport) -------------------------------------


def board_overview(node, user, levels=2):
    """Ekonomi for the nämnd and the levels below it (förvaltning, verksamhet) and personal
    where the suppression allows, each row only where `user` may see the figures (a
    förtroendevald: nämnd and förvaltning). A fixed number of queries for any size.

    {"ekonomi_period", "personal_period", "demo", "ekonomi": [rows], "personal": [rows]},
    each row with its `level` (0 the nämnd itself); None when nothing may be shown."""
    if not can_see_feeds(user, node):
        return None
    deepest = node.depth + levels
    nodes = {
        n.path: n for n in OrgNode.objects.filter(path__startswith=node.path, depth__lte=deepest)
    }
    visible = {path for path, n in nodes.items() if can_see_feeds(user, n)}
    step = OrgNode.steplen
    months = newest()
    (ekonomi_period, ekonomi_demo), (personal_period, personal_demo) = (
        months[Feed.EKONOMI],
        months[Feed.PERSONAL],
    )
    ekonomi = []
    if ekonomi_period:
        ekonomi = [
            _with_level(r, node, step)
            for r in ekonomi_rows(ekonomi_period, under=node, max_depth=deepest)
            if r.path in visible
        ]
    personal = []
    if personal_period:
        personal = [
            _with_level(r, node, step)
            for r in personal_rows_cached(personal_period, months["personal_version"])
            if r.path in visible
        ]
    if not ekonomi and not personal:
        return None
    return {
        "ekonomi_period": ekonomi_period,
        "personal_period": personal_period,
        "demo": bool(ekonomi and ekonomi_demo) or bool(personal and personal_demo),
        "ekonomi": sorted(ekonomi, key=lambda r: r.path),  # tree order
        "personal": sorted(personal, key=lambda r: r.path),
        "min_group": min_group(),
    }


def _with_level(row, node, step):
    row.level = (len(row.path) - len(node.path)) // step
    return row


def board_statuses(boards, user, year=None):
    """The ekonomi of the nämnder `user` may see at the newest month (of `year`, when given),
    one roll-up for all of them: {"period": date|None, "by_kod": {kod: Ekonomi}}. A nämnd's
    ram for the year is its `budget_helar`."""
    none = {"period": None, "by_kod": {}}
    boards = [b for b in boards if can_see_feeds(user, b)]
    if not boards:
        return none
    on_or_before = date(int(year), 12, 1) if year else None
    period = latest_period(Feed.EKONOMI, on_or_before)
    if period is None or (year and period.year != int(year)):
        return none
    wanted = {b.kod for b in boards}
    rows = ekonomi_rows(period, max_depth=max(b.depth for b in boards))
    return {"period": period, "by_kod": {r.kod: r for r in rows if r.kod in wanted}}


def board_rams(boards, user, year):
    """Each nämnd's ram (its subtree's budget_helar) for the budget `year`, for the nämnder
    `user` may see figures of: {"year", "period", "boards": [{"node", "ram"}]}. When the
    ekonomisystem has no figures for that year yet, the newest year's, which `year` then names."""
    boards = list(boards)
    found = board_statuses(boards, user, year=year)
    if not found["by_kod"]:
        found = board_statuses(boards, user)
    by_kod, period = found["by_kod"], found["period"]
    return {
        "year": period.year if period else None,
        "period": period,
        "boards": [
            {"node": b, "ram": by_kod[b.kod].budget_helar} for b in boards if b.kod in by_kod
        ],
    }
