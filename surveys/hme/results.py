"""HME results of a round: `compute_round` (one aggregate query, a roll-up by path prefixes
in Python, results stored unrounded in one transaction), `export_round` (HME.md's JSON) and
`node_report` (what a results page shows). The arithmetic and the anonymity rules are in
`rules.py`.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from surveys.models import HmeReference, HmeResponse, HmeResult, HmeRound
from tillit.org.models import OrgNode

from .rules import (
    STATEMENTS,
    SUBINDEX_LABELS,
    Group,
    Tally,
    min_group,
    round_half_up,
    shown_genders,
    shown_nodes,
    stored_values,
)

# --- the round ----------------------------------------------------------------------------


def _aggregates():
    any_valid = Q()
    for i in range(1, 10):
        any_valid |= Q(**{f"f{i}__isnull": False})
    aggregates = {"respondents": Count("pk", filter=any_valid)}
    for i in range(1, 10):
        aggregates[f"sum{i}"] = Sum(f"f{i}")
        aggregates[f"n{i}"] = Count(f"f{i}")
    return aggregates


def _tallies(rows, keys):
    """(key tuple, Tally) from aggregate rows whose first `keys` columns are the group."""
    for row in rows:
        respondents, rest = row[keys], row[keys + 1 :]
        tally = Tally(respondents, [int(v or 0) for v in rest[0::2]], list(rest[1::2]))
        yield row[:keys], tally


def aggregate_round(round_id):
    """Tallies for every node's subtree ({path: Tally}) and for each root's women and men
    ({(root path, "K"|"M"): Tally}): one aggregate query over the answers (per node and
    gender), then a roll-up by path prefixes in Python. (Grouping by gender in the same query
    costs less than a second query joining the tree for the roots.)"""
    steplen = OrgNode.steplen
    rows = (
        HmeResponse.objects.filter(round_id=round_id)
        .order_by()
        .values_list("node_id", "gender")
        .annotate(**_aggregates())
    )
    nodes = dict(OrgNode.objects.values_list("id", "path"))
    own = defaultdict(Tally)
    genders = defaultdict(Tally)
    for (node_id, gender), tally in _tallies(rows, 2):
        path = nodes[node_id]
        own[path].add(tally)
        if gender in ("K", "M"):
            genders[(path[:steplen], gender)].add(tally)
    subtree = defaultdict(Tally)
    for path, tally in own.items():
        for end in range(steplen, len(path) + 1, steplen):
            subtree[path[:end]].add(tally)
    return dict(subtree), dict(genders)


@dataclass
class RoundSummary:
    nodes: int = 0
    shown: int = 0
    suppressed: int = 0
    respondents: int = 0


def _result(round_id, node_id, group, tally, show):
    result = HmeResult(
        round_id=round_id,
        node_id=node_id,
        group=group,
        respondents=tally.respondents,
        suppressed=not show,
    )
    if show:
        for name, value in stored_values(tally).items():
            setattr(result, name, value)
    return result


def _insert_results(results):
    """Insert results: PostgreSQL's COPY (a round has thousands of rows and Django's per-value
    preparation of 13 decimals each dominates bulk_create), bulk_create elsewhere (SQLite)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        HmeResult.objects.bulk_create(results, batch_size=2000)
        return
    fields = [f for f in HmeResult._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(HmeResult._meta.db_table)
    attnames = [f.attname for f in fields]
    # psycopg 3's COPY adapts Decimal, int, bool and None itself.
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        for result in results:
            copy.write_row([getattr(result, name) for name in attnames])


def compute_round(round_id):
    """Compute and store every node's result for a round (idempotent: replaces the old ones).

    Refuses an open round: figures that move with each answer would reveal answers."""
    with transaction.atomic():
        rnd = HmeRound.objects.select_for_update().get(pk=round_id)
        if rnd.is_open:
            raise ValueError("HME-resultat beräknas först när omgången har stängt.")
        subtree, genders = aggregate_round(round_id)
        subtree = {p: t for p, t in subtree.items() if t.respondents > 0}
        info = {
            path: (pk, kod)
            for pk, path, kod in OrgNode.objects.filter(path__in=list(subtree)).values_list(
                "id", "path", "kod"
            )
        }
        groups = {p: Group(info[p][1], t.respondents) for p, t in subtree.items()}
        shown = shown_nodes(groups)
        results = [_result(round_id, info[p][0], "T", t, p in shown) for p, t in subtree.items()]
        steplen = OrgNode.steplen
        for path, tally in subtree.items():
            if len(path) != steplen:
                continue
            women = genders.get((path, "K"), Tally())
            men = genders.get((path, "M"), Tally())
            visible = shown_genders(tally.respondents, women.respondents, men.respondents)
            if path not in shown:
                visible = set()
            for code, g_tally in (("K", women), ("M", men)):
                results.append(_result(round_id, info[path][0], code, g_tally, code in visible))
        HmeResult.objects.filter(round_id=round_id).delete()
        _insert_results(results)
        rnd.status = HmeRound.Status.COMPUTED
        rnd.computed_at = timezone.now()
        rnd.save(update_fields=["status", "computed_at"])
    return RoundSummary(
        nodes=len(subtree),
        shown=len(shown),
        suppressed=len(subtree) - len(shown),
        respondents=max(
            (t.respondents for p, t in subtree.items() if len(p) == steplen), default=0
        ),
    )


# --- export -------------------------------------------------------------------------------


def published(result):
    """A stored result as whole numbers: {respondents, suppressed, motivation, ledarskap,
    styrning, hme}; the four values are None when suppressed."""
    values = {"respondents": result.respondents, "suppressed": result.suppressed}
    for name in ("motivation", "ledarskap", "styrning", "hme"):
        values[name] = None if result.suppressed else round_half_up(getattr(result, name))
    return values


def _empty_gender():
    return {
        "respondents": 0,
        "suppressed": True,
        "motivation": None,
        "ledarskap": None,
        "styrning": None,
        "hme": None,
    }


def export_round(rnd):
    """HME.md's export: results by tree path (nodes with respondents only), the root's K/M."""
    rows = HmeResult.objects.filter(round=rnd).select_related("node").order_by("node__path")
    results, gender = [], {"K": _empty_gender(), "M": _empty_gender()}
    root_path = None
    for row in rows:
        if row.group == "T":
            results.append({"unit": row.node.kod, **published(row)})
        elif root_path in (None, row.node.path):
            # The kommun is the first root (one per installation in practice).
            root_path = row.node.path
            gender[row.group] = published(row)
    return {
        "year": rnd.year,
        "min_group_size": min_group(),
        "results": results,
        "gender": gender,
    }


# --- reading results ----------------------------------------------------------------------


@dataclass
class NodeReport:
    result: dict | None
    statements: list
    kommun: dict | None
    riket: dict | None
    history: list
    rows: list
    gender: dict


def _whole(values):
    return {k: round_half_up(values.get(k)) for k in ("motivation", "ledarskap", "styrning", "hme")}


def node_report(rnd, node, *, max_depth=None):
    """What a results page shows for `node` in a computed round, as whole numbers: its result and
    statements, the kommun's and riket's figures, its earlier years and the results below it
    (down to `max_depth` when given). Suppressed results carry no values."""
    results = HmeResult.objects.filter(round=rnd, group="T")
    own = results.filter(node=node).first()
    statements = [
        (
            n,
            SUBINDEX_LABELS[sub],
            text,
            None if own is None or own.suppressed else round_half_up(own.statements[n - 1]),
        )
        for n, sub, text in STATEMENTS
    ]
    root = results.filter(node__depth=1, node__path=node.path[: node.steplen]).first()
    reference = HmeReference.objects.filter(year=rnd.year).first()
    earlier = (
        HmeResult.objects.filter(
            node=node, group="T", round__status=HmeRound.Status.COMPUTED, round__year__lte=rnd.year
        )
        .select_related("round")
        .order_by("-round__year")
    )
    below = results.filter(node__path__startswith=node.path, node__depth__gt=node.depth)
    if max_depth is not None:
        below = below.filter(node__depth__lte=max_depth)
    gender = {}
    if node.depth == 1:
        for row in HmeResult.objects.filter(round=rnd, node=node, group__in=["K", "M"]):
            gender[row.group] = published(row)
    return NodeReport(
        result=published(own) if own else None,
        statements=statements,
        kommun=published(root) if root and root.node_id != node.pk else None,
        riket=_whole(reference.__dict__) if reference else None,
        history=[(r.round.year, published(r)) for r in earlier],
        rows=[(r.node, published(r)) for r in below.select_related("node").order_by("node__path")],
        gender=gender,
    )
