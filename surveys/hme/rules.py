"""HME: the index exactly as SKR computes it, and the anonymity rules of Tillit (HME.md).

Pure functions first (scoring, indices, rounding, suppression and subtraction protection), then
the two that touch the database: `compute_round` (one aggregate query, a roll-up by path prefixes
in Python, results stored unrounded in one transaction) and `export_round` (HME.md's JSON).
All arithmetic is exact (`Fraction`); floats and `round()` are never used.
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

STATEMENTS = [
    (1, "motivation", "Mitt arbete känns meningsfullt."),
    (2, "motivation", "Jag lär nytt och utvecklas i mitt dagliga arbete."),
    (3, "motivation", "Jag ser fram emot att gå till arbetet."),
    (4, "ledarskap", "Min närmaste chef visar uppskattning för mina arbetsinsatser."),
    (5, "ledarskap", "Min närmaste chef visar förtroende för mig som medarbetare."),
    (6, "ledarskap", "Min närmaste chef ger mig förutsättningar att ta ansvar i mitt arbete."),
    (7, "styrning", "Jag är insatt i min arbetsplats mål."),
    (8, "styrning", "Min arbetsplats mål följs upp och utvärderas på ett bra sätt."),
    (9, "styrning", "Jag vet vad som förväntas av mig i mitt arbete."),
]
SUBINDICES = {"motivation": (0, 1, 2), "ledarskap": (3, 4, 5), "styrning": (6, 7, 8)}
SUBINDEX_LABELS = {"motivation": "Motivation", "ledarskap": "Ledarskap", "styrning": "Styrning"}
# SKR labels the ends of the scale only.
SCALE = {1: "Stämmer mycket dåligt", 2: "", 3: "", 4: "", 5: "Stämmer mycket bra"}
MISSING_MARKERS = {"", "-", "vet ej", "ej aktuellt"}
STORED_PLACES = 10


def min_group():
    return settings.HME_MIN_GROUP


# --- answers and scores -------------------------------------------------------------------


def parse_answer(text):
    """An answer as written in an import file: 1–5, or None for a missing marker.

    Raises ValueError for anything else."""
    cleaned = (text or "").strip()
    if cleaned.lower() in MISSING_MARKERS:
        return None
    if cleaned in ("1", "2", "3", "4", "5"):
        return int(cleaned)
    raise ValueError(cleaned)


def score(answer):
    """1→0, 2→25, 3→50, 4→75, 5→100; a missing answer has no score."""
    if answer is None:
        return None
    if answer not in (1, 2, 3, 4, 5):
        raise ValueError(answer)
    return (answer - 1) * 25


# --- indices ------------------------------------------------------------------------------


@dataclass
class Tally:
    """What a group's indices are computed from: per statement the sum of the answers (1–5)
    and the number of valid answers, and the number of respondents (≥ 1 valid answer)."""

    respondents: int = 0
    sums: list = field(default_factory=lambda: [0] * 9)
    counts: list = field(default_factory=lambda: [0] * 9)

    def add_answers(self, answers):
        valid = False
        for i, answer in enumerate(answers):
            if answer is not None:
                score(answer)  # validates
                self.sums[i] += answer
                self.counts[i] += 1
                valid = True
        if valid:
            self.respondents += 1

    def add(self, other):
        self.respondents += other.respondents
        sums, counts = self.sums, self.counts
        for i in range(9):
            sums[i] += other.sums[i]
            counts[i] += other.counts[i]


@dataclass(frozen=True)
class Indices:
    respondents: int
    statements: tuple  # nine Fraction | None
    motivation: Fraction | None
    ledarskap: Fraction | None
    styrning: Fraction | None
    hme: Fraction | None

    def sub(self, name):
        return getattr(self, name)


def _mean(values):
    if any(v is None for v in values):
        return None
    return sum(values, Fraction(0)) / len(values)


def indices_from_tally(tally):
    # Mean score = 25 × (mean answer − 1), exactly.
    statements = tuple(
        Fraction(25 * (s - n), n) if n else None
        for s, n in zip(tally.sums, tally.counts, strict=True)
    )
    subs = {name: _mean([statements[i] for i in idx]) for name, idx in SUBINDICES.items()}
    return Indices(
        respondents=tally.respondents,
        statements=statements,
        hme=_mean(list(statements)),
        **subs,
    )


def compute_indices(responses):
    """The indices of one group. `responses`: answer sequences of nine (int 1–5 or None), or
    objects with `.answers`."""
    tally = Tally()
    for response in responses:
        tally.add_answers(getattr(response, "answers", response))
    return indices_from_tally(tally)


def round_half_up(value):
    """A whole number, rounded half up (76.5 → 77); None stays None. Never Python's round()."""
    if value is None:
        return None
    if isinstance(value, Fraction):
        return math.floor(value + Fraction(1, 2))
    return int(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def to_stored(value):
    """A Fraction as the Decimal we store: truncated to 10 decimals.

    Truncation (not rounding) keeps `round_half_up` of the stored value equal to that of the exact
    value: x ≥ n + ½ exactly when its truncation is, since n + ½ is itself representable."""
    if value is None:
        return None
    scale = 10**STORED_PLACES
    return Decimal((value.numerator * scale) // value.denominator).scaleb(-STORED_PLACES)


def _truncated(num, den):
    return Decimal((num * 10**STORED_PLACES) // den).scaleb(-STORED_PLACES)


def stored_values(tally):
    """`to_stored` of every index of `indices_from_tally(tally)`, as {field: Decimal | None}.

    The same exact values with plain integer numerators and denominators: a round of 3,000
    nodes spends most of its Python time here, and Fraction reduces every step by a gcd."""
    parts = [
        (25 * (s - n), n) if n else None for s, n in zip(tally.sums, tally.counts, strict=True)
    ]
    values = {f"s{i}": _truncated(*p) if p else None for i, p in enumerate(parts, start=1)}
    subs = []
    for name, (i, j, k) in SUBINDICES.items():
        if parts[i] is None or parts[j] is None or parts[k] is None:
            values[name] = None
            subs.append(None)
            continue
        (a, x), (b, y), (c, z) = parts[i], parts[j], parts[k]
        sub = (a * y * z + b * x * z + c * x * y, 3 * x * y * z)
        values[name] = _truncated(*sub)
        subs.append(sub)
    if None in subs:
        values["hme"] = None
    else:
        (p, q), (r, t), (u, v) = subs
        values["hme"] = _truncated(p * t * v + r * q * v + u * q * t, 3 * q * t * v)
    return values


# --- anonymity ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    kod: str
    respondents: int


def shown_nodes(groups, minimum=None, steplen=4):
    """Which nodes may show figures. `groups`: {path: Group} for the nodes with respondents.

    A node below `minimum` is suppressed. Then, deepest first and the root last, each shown
    node's remainder (its respondents not covered by a shown node below it) must be 0 or ≥
    `minimum`; otherwise the nearest shown node below it with the fewest respondents (lowest
    kod on a tie) is hidden, one at a time, until it is. A shown node is never hidden by its own
    check, so the root stays shown whenever it has `minimum` respondents."""
    minimum = min_group() if minimum is None else minimum
    children = defaultdict(list)
    for path in groups:
        parent = path[:-steplen]
        if parent in groups:
            children[parent].append(path)
    shown = {path for path, g in groups.items() if g.respondents >= minimum}

    def nearest_shown_below(path):
        found, stack = [], list(children[path])
        while stack:
            child = stack.pop()
            if child in shown:
                found.append(child)
            else:
                stack.extend(children[child])
        return found

    for path in sorted(shown, key=lambda p: (-len(p), p)):
        if path not in shown:
            continue
        while True:
            below = nearest_shown_below(path)
            remainder = groups[path].respondents - sum(groups[p].respondents for p in below)
            if remainder == 0 or remainder >= minimum:
                break
            victim = min(below, key=lambda p: (groups[p].respondents, groups[p].kod))
            shown.discard(victim)
    return shown


def shown_genders(total, women, men, minimum=None):
    """Which of K and M the kommun may show, given its respondents in all (T) and per gender.

    Each needs `minimum` respondents; and if the respondents that no shown K or M covers
    (unknown gender plus the suppressed) number 1 … minimum − 1, the smaller shown one is
    suppressed too (K on a tie, as the lower code)."""
    minimum = min_group() if minimum is None else minimum
    counts = {"K": women, "M": men}
    shown = {g for g, n in counts.items() if n >= minimum}
    rest = total - sum(counts[g] for g in shown)
    if shown and 0 < rest < minimum:
        shown.discard(min(shown, key=lambda g: (counts[g], g)))
    return shown


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
    from surveys.models import HmeResponse
    from tillit.org.models import OrgNode

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
    from surveys.models import HmeResult

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

    from surveys.models import HmeResult

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
    from surveys.models import HmeResult, HmeRound
    from tillit.org.models import OrgNode

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


def close_round(rnd):
    """Close an open round and queue its computation once the transaction commits."""
    from surveys.models import HmeRound
    from surveys.tasks import compute_hme_round

    rnd.status = HmeRound.Status.CLOSED
    rnd.save(update_fields=["status"])
    round_id = rnd.pk
    transaction.on_commit(lambda: compute_hme_round.delay(round_id))


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
    from surveys.models import HmeResult

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


# --- answering ----------------------------------------------------------------------------


def find_survey(token):
    """(round, node, invitation or None) for a unit link or a personal invitation, or None."""
    from surveys.models import HmeInvitation, HmeLink

    link = HmeLink.objects.select_related("round", "node").filter(token=token).first()
    if link:
        return link.round, link.node, None
    invitation = HmeInvitation.objects.select_related("round", "node").filter(token=token).first()
    if invitation:
        return invitation.round, invitation.node, invitation
    return None


def submit_response(token, answers, gender):
    """Store one anonymous answer: "ok", or "closed"/"used"/"unknown" when it cannot be taken.

    The response gets the unit, the gender, the answers and today's date — nothing else; a
    personal invitation is only marked used, with no reference in either direction."""
    from surveys.models import HmeInvitation, HmeResponse

    survey = find_survey(token)
    if survey is None:
        return "unknown"
    rnd, node, invitation = survey
    with transaction.atomic():
        if invitation is not None:
            invitation = HmeInvitation.objects.select_for_update().get(pk=invitation.pk)
            if invitation.used:
                return "used"
        rnd.refresh_from_db(fields=["status"])
        if not rnd.is_open:
            return "closed"
        HmeResponse.objects.create(
            round=rnd,
            node=node,
            gender=gender if gender in ("K", "M") else "",
            answered_on=timezone.localdate(),
            **{f"f{i}": a for i, a in enumerate(answers, start=1)},
        )
        if invitation is not None:
            invitation.used = True
            invitation.save(update_fields=["used"])
    return "ok"


def links_for_subtree(rnd, node):
    """The survey links of `node` and every open unit below it, created where missing."""
    from surveys.models import HmeLink
    from tillit.org.models import OrgNode

    units = list(OrgNode.objects.subtree_of(node).open())
    have = set(HmeLink.objects.filter(round=rnd, node__in=units).values_list("node_id", flat=True))
    HmeLink.objects.bulk_create(
        [HmeLink(round=rnd, node=u) for u in units if u.pk not in have], ignore_conflicts=True
    )
    return list(
        HmeLink.objects.filter(round=rnd, node__in=units)
        .select_related("node")
        .order_by("node__path")
    )


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
    from surveys.models import HmeReference, HmeResult, HmeRound

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
