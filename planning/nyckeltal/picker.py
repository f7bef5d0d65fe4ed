"""The nyckeltal picker: what is relevant for a unit, searchable, with the latest values.

A kommun's catalogue grows to thousands of Kolada KPIs, so the picker first offers what is
relevant for the unit:

- Kolada KPIs of the unit's operating areas — the areas of the nyckeltal already followed in
  the nearest part of the tree that follows any (the unit, then its verksamhet, förvaltning …);
- Kolada KPIs with figures for the unit itself (its linked Kolada unit);
- the kommun-level choices: KPIs in the kommun's and the nämnd's nulägeskoll;
- local nyckeltal with values for the unit, those used in the same part of the tree, and new
  ones nobody has values for yet.

A search (title or Kolada id) looks among those, or in the whole catalogue when asked.
Values shown are the unit's own (local values of *this* unit only, or its Kolada unit), else
the kommun's, with riket beside them; another unit's local values are never read.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When

from tillit.org.models import NodeType, OrgNode

from ..models.nulageskoll import NulageskollItem
from ..models.nyckeltal import (
    RIKET,
    Gender,
    KoladaOuLink,
    Nyckeltal,
    NyckeltalSource,
    NyckeltalValue,
)
from .sync import kommun_municipality_id

LIMIT = 25
STOP_AT = (NodeType.FORVALTNING, NodeType.NAMND, NodeType.STYRELSE, NodeType.KOMMUN)


@dataclass
class Figure:
    value: Decimal
    period: int
    owner: str  # whose figure: the unit's name, the kommun's

    @property
    def places(self):
        return 0 if self.value == self.value.to_integral_value() else 1


@dataclass
class Candidate:
    nyckeltal: Nyckeltal
    latest: Figure | None
    riket: Figure | None
    chosen: bool  # already in the unit's nulägeskoll

    @property
    def pk(self):
        return self.nyckeltal.pk


def _areas(node):
    """Operating areas followed nearest the unit: its own, else its verksamhet's, … up to its
    förvaltning (or nämnd); the kommun itself takes every area."""
    if node.depth == 1:
        return None
    chain = [node, *reversed(list(node.ancestors()))]
    for n in chain:
        if n.depth == 1:
            break
        areas = set(
            Nyckeltal.objects.filter(
                nulageskoll_items__node__path__startswith=n.path, source=NyckeltalSource.KOLADA
            )
            .exclude(operating_area="")
            .values_list("operating_area", flat=True)
        )
        if areas or n.typ in STOP_AT:
            return areas
    return set()


def _branch(node):
    """The part of the tree whose local nyckeltal count as the unit's: its förvaltning (or the
    nearest nämnd, or the node itself)."""
    for n in [node, *reversed(list(node.ancestors()))]:
        if n.typ in STOP_AT:
            return n if n.depth > 1 else node
    return node


def relevant_q(node):
    """A Q over Nyckeltal: what the picker offers the unit before anyone asks for everything.

    Built from EXISTS subqueries, each on an index, so it stays quick however many values
    (hundreds of thousands of local values) the kommun holds."""
    from ..models.chain import Malvarde

    areas = _areas(node)
    if areas is None:  # the kommun: everything
        return Q()
    ou = KoladaOuLink.objects.filter(node=node).values_list("ou", flat=True).first()
    kommun_level = [n.pk for n in node.ancestors() if n.depth == 1 or n.is_board]
    boards = [n.pk for n in node.ancestors() if n.is_board]
    branch = _branch(node)
    items = NulageskollItem.objects.filter(nyckeltal_id=OuterRef("pk"))
    values = NyckeltalValue.objects.filter(nyckeltal_id=OuterRef("pk"))
    targets = Malvarde.objects.filter(nyckeltal_id=OuterRef("pk"))
    if areas:
        kolada = Q(operating_area__in=areas) | Exists(items.filter(node_id__in=kommun_level))
        if ou:
            kolada |= Exists(values.filter(ou=ou))
    else:  # nothing followed near the unit yet: its area is unknown, so every Kolada KPI
        kolada = Q(pk__isnull=False)
    local = (
        Exists(values.filter(node=node))
        | Exists(items.filter(node__path__startswith=branch.path))
        | Exists(targets.filter(namndmal__node_id__in=boards))
        # new: nobody measures or follows it yet
        | (~Exists(values) & ~Exists(items) & ~Exists(targets))
    )
    return (Q(source=NyckeltalSource.KOLADA) & kolada) | (Q(source=NyckeltalSource.LOCAL) & local)


def search(node, q="", everything=False, limit=LIMIT):
    """(candidates, total): the nyckeltal for `node` matching `q`, best first."""
    items = Nyckeltal.objects.filter(is_deleted_in_kolada=False)
    if not everything:
        items = items.filter(relevant_q(node))
    q = (q or "").strip()
    if q:
        items = items.filter(Q(title__icontains=q) | Q(code__iexact=q) | Q(code__istartswith=q))
        items = items.annotate(
            exact=Case(
                When(code__iexact=q, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        ).order_by("exact", "title")
    else:
        items = items.order_by("title")
    total = items.count()
    chosen_ids = set(
        NulageskollItem.objects.filter(node=node).values_list("nyckeltal_id", flat=True)
    )
    page = list(items[:limit])
    return [
        Candidate(n, latest, riket, n.pk in chosen_ids)
        for n, (latest, riket) in zip(page, latest_values(node, page), strict=True)
    ], total


def latest_values(node, nyckeltal):
    """For each nyckeltal, (the unit's or kommun's latest figure, riket's that year or latest),
    in two queries whatever their number."""
    if not nyckeltal:
        return []
    kommun = kommun_municipality_id()
    root = OrgNode.objects.kommun()
    kommun_name = root.namn if root else kommun
    ou = KoladaOuLink.objects.filter(node=node).values_list("ou", flat=True).first()
    kolada_ids = [n.pk for n in nyckeltal if n.source == NyckeltalSource.KOLADA]
    local_ids = [n.pk for n in nyckeltal if n.source != NyckeltalSource.KOLADA]
    which = Q(
        nyckeltal_id__in=kolada_ids,
        node__isnull=True,
        ou="",
        municipality__in=[m for m in (kommun, RIKET) if m],
    ) | Q(nyckeltal_id__in=local_ids, node=node, ou="")
    if ou:
        which |= Q(nyckeltal_id__in=kolada_ids, ou=ou)
    series = {}  # (nyckeltal id, owner) → {year: value}
    rows = NyckeltalValue.objects.filter(which, gender=Gender.TOTAL, value__isnull=False)
    for nid, municipality, node_id, row_ou, period, value in rows.values_list(
        "nyckeltal_id", "municipality", "node_id", "ou", "period", "value"
    ):
        owner = "unit" if (node_id or row_ou) else municipality
        series.setdefault((nid, owner), {})[period] = value

    def last(nid, owner, name, year=None):
        values = series.get((nid, owner))
        if not values:
            return None
        period = year if year in values else max(values)
        return Figure(values[period], period, name)

    result = []
    for n in nyckeltal:
        own = last(n.pk, "unit", node.namn) or (
            last(n.pk, kommun, kommun_name) if n.source == NyckeltalSource.KOLADA else None
        )
        riket = (
            last(n.pk, RIKET, "Riket", own.period if own else None)
            if n.source == NyckeltalSource.KOLADA
            else None
        )
        result.append((own, riket))
    return result


def cited_values(node, nyckeltal):
    """{nyckeltal id: (latest, riket)} for nyckeltal cited in a document of `node`."""
    nyckeltal = list(nyckeltal)
    return dict(zip((n.pk for n in nyckeltal), latest_values(node, nyckeltal), strict=True))


# -- a målvärde that makes no sense for the unit of measure ------------------------------------
def _is_percentage(n):
    unit = (n.unit or "").strip().lower()
    return unit in {"%", "procent", "andel (%)"} or (not unit and "(%)" in n.title)


def _is_count(n):
    unit = (n.unit or "").strip().lower()
    return unit in {"antal", "st", "st."} or (not unit and n.title.rstrip().endswith(", antal"))


def target_warning(nyckeltal, target):
    """A Swedish warning when `target` cannot be meant for this nyckeltal, else ''."""
    from tillit.templatetags.tillit import num

    if nyckeltal is None or target is None:
        return ""
    shown = num(target, 0 if target == target.to_integral_value() else 1)
    if _is_percentage(nyckeltal) and not (0 <= target <= 100):
        return (
            f"Målvärdet {shown} verkar orimligt: {nyckeltal.title} är en andel i procent (0–100)."
        )
    if _is_count(nyckeltal) and target < 0:
        return (
            f"Målvärdet {shown} verkar orimligt: {nyckeltal.title} är ett antal "
            "och kan inte vara negativt."
        )
    return ""
