"""The documents that carry planning's årshjul steps (tillit/cycle/documents.py): a task links
to the document itself and is done when the document is marked klar."""

from django.urls import reverse

from tillit.cycle import documents
from tillit.cycle.models import StepKind
from tillit.org.models import OrgNode

from .models import DocStatus, KartaStatus, Nulagesanalys, Nulageskarta, Verksamhetsplan


def _board(node):
    """The nämnd a node's document goes to: the node itself, or the board a förvaltning works
    for (the board rule of the permission module)."""
    if node.is_board:
        return node
    parent = (
        OrgNode.objects.filter(path=node.path[: -node.steplen]).first() if node.depth > 1 else None
    )
    return parent if parent is not None and parent.is_board else None


def _unit_url(name):
    def url(node, period):
        if node.depth <= 1 or node.is_board:
            return None
        return reverse(name, args=[node.kod]) + f"?period={period.pk}"

    return url


def _board_url(name):
    def url(node, period):
        board = _board(node)
        return reverse(name, args=[board.kod]) + f"?period={period.pk}" if board else None

    return url


def _done(model):
    def done(node_ids, period):
        return set(
            model.objects.filter(
                node_id__in=node_ids, planperiod=period, status=DocStatus.DONE
            ).values_list("node_id", flat=True)
        )

    return done


def _karta_done(node_ids, period):
    """A förvaltningschef's karta is the board's: done for her node when the board's is klar."""
    nodes = list(OrgNode.objects.filter(pk__in=node_ids))
    boards = {n.pk: _board(n) for n in nodes}
    ready = set(
        Nulageskarta.objects.filter(
            node_id__in=[b.pk for b in boards.values() if b],
            planperiod=period,
            status=KartaStatus.READY,
        ).values_list("node_id", flat=True)
    )
    return {n for n, b in boards.items() if b is not None and b.pk in ready}


def register():
    documents.register(
        StepKind.NULAGESANALYS, url=_unit_url("planning:analysis"), done=_done(Nulagesanalys)
    )
    documents.register(
        StepKind.VERKSAMHETSPLAN, url=_unit_url("planning:plan"), done=_done(Verksamhetsplan)
    )
    documents.register(StepKind.NULAGESKARTA, url=_board_url("planning:karta"), done=_karta_done)
    documents.register(StepKind.OMVARLDSANALYS, url=_unit_url("planning:trend_responses"))
    documents.register(StepKind.MAL_OCH_BUDGET, url=_board_url("planning:board_goals"))
    for kind in (StepKind.DELARSRAPPORT, StepKind.ARSREDOVISNING):
        documents.register(kind, url=lambda node, period: reverse("planning:followups"))


register()
