"""Internkontroll's årshjul steps link to their pages (tillit/cycle/documents.py); they are
marked done by hand."""

from django.urls import reverse

from tillit import start
from tillit.cycle import documents
from tillit.cycle.models import StepKind

for kind, name in (
    (StepKind.RISKANALYS, "internkontroll:risks"),
    (StepKind.INTERNKONTROLLPLAN, "internkontroll:plan"),
    (StepKind.UPPFOLJNING_IK, "internkontroll:followup"),
):
    documents.register(
        kind,
        url=lambda node, period, name=name: reverse(name, args=[node.kod, period.budget_year]),
    )

# The start page: overdue controls of the person's internkontrollplaner.
start.register("overdue_controls", "planning/internkontroll/_home.html", hide_empty=False, order=30)
