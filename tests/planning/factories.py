"""Factories of the planning chain: period, strategic area, övergripande mål, nämndmål,
follow-ups and their goal statuses, nyckeltal. A nämndmål needs its node: pass `node=`."""

import factory
from factory.django import DjangoModelFactory

from planning.models import (
    FollowUpKind,
    GoalStatus,
    Namndmal,
    Nyckeltal,
    NyckeltalSource,
    OverarchingGoal,
    StrategicArea,
    Uppfoljning,
)
from tillit.cycle.models import Planperiod, planperiod_create


class PlanperiodFactory(DjangoModelFactory):
    """A planperiod with its årshjul steps, the current one unless `make_current=False`."""

    class Meta:
        model = Planperiod

    budget_year = 2027
    make_current = True

    @classmethod
    def _create(cls, model_class, budget_year, make_current=True, **kwargs):
        return planperiod_create(budget_year=budget_year, make_current=make_current, **kwargs)


class StrategicAreaFactory(DjangoModelFactory):
    class Meta:
        model = StrategicArea

    planperiod = factory.SubFactory(PlanperiodFactory)
    title = factory.Sequence(lambda n: f"Strategiskt område {n}")


class OverarchingGoalFactory(DjangoModelFactory):
    class Meta:
        model = OverarchingGoal

    area = factory.SubFactory(StrategicAreaFactory)
    title = factory.Sequence(lambda n: f"Övergripande mål {n}")


class NamndmalFactory(DjangoModelFactory):
    class Meta:
        model = Namndmal

    overarching = factory.SubFactory(OverarchingGoalFactory)
    title = factory.Sequence(lambda n: f"Nämndmål {n}")


class UppfoljningFactory(DjangoModelFactory):
    class Meta:
        model = Uppfoljning

    planperiod = factory.SubFactory(PlanperiodFactory)
    year = factory.SelfAttribute("planperiod.budget_year")
    kind = FollowUpKind.INTERIM
    published = False


class GoalStatusFactory(DjangoModelFactory):
    """The status of a nämndmål in a follow-up, on the nämndmål's own node."""

    class Meta:
        model = GoalStatus

    namndmal = factory.SubFactory(NamndmalFactory)
    followup = factory.SubFactory(
        UppfoljningFactory,
        planperiod=factory.SelfAttribute("..namndmal.overarching.area.planperiod"),
    )
    node = factory.SelfAttribute("namndmal.node")
    status = "gul"


class NyckeltalFactory(DjangoModelFactory):
    class Meta:
        model = Nyckeltal

    source = NyckeltalSource.KOLADA
    code = factory.Sequence(lambda n: f"N{n:05d}")
    title = factory.Sequence(lambda n: f"Nyckeltal {n}")
