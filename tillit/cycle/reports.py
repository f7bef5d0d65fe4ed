"""The årshjul as a one-document PDF: every step, its deadline, who is responsible."""

from django.shortcuts import get_object_or_404

from tillit.org.models import NodeType
from tillit.reports.registry import Contents, ReportType, register

from .models import Planperiod


def _period(job):
    year = job.params.get("year")
    if year:
        return get_object_or_404(Planperiod, budget_year=int(year))
    return Planperiod.current()


def build(job):
    period = _period(job)
    return {
        "period": period,
        "steps": list(period.steps.all()) if period else [],
        "sources": ["Årshjulet och dess deadlines i Tillit."],
        "contents": Contents(working=False, nodes=[job.node]),
    }


register(
    ReportType(
        kind="arshjul",
        label="Årshjulet",
        template="reports/arshjul.html",
        build_context=build,
        title=lambda job: f"Årshjul {_period(job)}",
        params=["year"],
        node_types=(NodeType.KOMMUN,),
    )
)
