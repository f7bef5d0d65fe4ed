"""The planning start page: the boards with their nulägeskarta and the units with the state of
their documents, so the förvaltningschef sees who has not yet submitted (bounded queries)."""

from django.db.models import Count
from django.utils import timezone

from tillit.cycle.models import CycleStep, StepKind
from tillit.org.models import BOARD_TYPES, NodeType
from tillit.org.permissions import EDIT, VIEW, VIEW_PUBLISHED, can, nodes_where

from ..models import DocStatus, Nulagesanalys, Nulageskarta, Verksamhetsplan


def overview(user, period, limit=500):
    boards = list(nodes_where(user, VIEW_PUBLISHED).boards())
    kartor = {
        k.node_id: k
        for k in Nulageskarta.objects.filter(planperiod=period, node__in=boards).annotate(
            version_count=Count("versions")
        )
    }
    board_rows = [{"node": b, "karta": kartor.get(b.pk)} for b in boards]
    units = list(
        nodes_where(user, VIEW).exclude(typ__in=(NodeType.KOMMUN, *BOARD_TYPES)).open()[:limit]
    )
    ids = [u.pk for u in units]
    analyses = dict(
        Nulagesanalys.objects.filter(planperiod=period, node_id__in=ids).values_list(
            "node_id", "status"
        )
    )
    plans = dict(
        Verksamhetsplan.objects.filter(planperiod=period, node_id__in=ids).values_list(
            "node_id", "status"
        )
    )
    steps = {
        st.kind: st
        for st in CycleStep.objects.filter(
            planperiod=period, kind__in=[StepKind.NULAGESANALYS, StepKind.VERKSAMHETSPLAN]
        )
    }
    unit_rows = [
        {
            "node": u,
            "analysis": analyses.get(u.pk),
            "plan": plans.get(u.pk),
            "can_edit": can(user, EDIT, u),
        }
        for u in units
    ]
    return {
        "boards": board_rows,
        "units": unit_rows,
        "missing_analyses": sum(1 for r in unit_rows if r["analysis"] != DocStatus.DONE),
        "missing_plans": sum(1 for r in unit_rows if r["plan"] != DocStatus.DONE),
        "analysis_step": steps.get(StepKind.NULAGESANALYS),
        "plan_step": steps.get(StepKind.VERKSAMHETSPLAN),
        "today": timezone.localdate(),
    }
