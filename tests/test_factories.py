"""The per-app factories build valid records with their defaults."""

import pytest

from tests.planning.factories import GoalStatusFactory, NyckeltalFactory, PlanperiodFactory
from tests.reports.factories import ReportJobFactory
from tests.surveys.factories import HmeRoundFactory

pytestmark = pytest.mark.django_db


def test_a_goal_status_belongs_to_the_period_and_node_of_its_namndmal(tree):
    status = GoalStatusFactory(namndmal__node=tree.BUN)
    period = status.namndmal.overarching.area.planperiod
    assert status.node == tree.BUN
    assert status.followup.planperiod == period
    assert status.followup.year == period.budget_year == 2027
    assert period.is_current and period.steps.exists()


def test_the_other_factories_make_records_with_their_defaults(tree, personas):
    assert PlanperiodFactory(budget_year=2028, make_current=False).is_current is False
    assert NyckeltalFactory().code.startswith("N")
    assert HmeRoundFactory().year == 2026
    job = ReportJobFactory(node=tree.BUN, created_by=personas.fc)
    assert job.title == "Nämndrapport Barn- och utbildningsnämnden"
