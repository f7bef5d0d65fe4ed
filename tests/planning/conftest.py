"""A small planning chain on the shared test tree (see tests/conftest.py)."""

from decimal import Decimal

import pytest

from planning.models import (
    Conclusion,
    KartaTheme,
    Malvarde,
    Namndmal,
    Nyckeltal,
    OverarchingGoal,
    StrategicArea,
    Trend,
)
from planning.services.analysis import analysis_ensure
from planning.services.karta import karta_ensure
from planning.services.omvarld import omvarldsanalys_ensure
from planning.services.plan import plan_ensure
from tillit.cycle.models import planperiod_create


class Chain(dict):
    __getattr__ = dict.__getitem__


@pytest.fixture
def period(db):
    return planperiod_create(budget_year=2027, make_current=True)


@pytest.fixture
def chain(tree, personas, period):
    """Omvärld with a trend, analyses for SN and HT, a BUN karta citing SN, goals, a plan."""
    nyckeltal = Nyckeltal.objects.create(
        code="LOK-TEST", title="Andel trygga elever", unit="%", direction="higher"
    )
    om = omvarldsanalys_ensure(period=period)
    trend = Trend.objects.create(
        analysis=om, title="Fler äldre", kind="megatrend", scope="nationell"
    )
    sn = analysis_ensure(node=tree.SN, period=period)
    results = sn.sections.get(key="resultat")
    results.text = "Tryggheten har minskat på rasterna."
    results.save()
    results.nyckeltal.add(nyckeltal)
    results.trends.add(trend)
    ht = analysis_ensure(node=tree.HT, period=period)
    ht_section = ht.sections.get(key="utmaningar")
    ht_section.text = "Hemtjänstens hemliga utmaning."
    ht_section.save()
    bun = karta_ensure(node=tree.BUN, period=period)
    theme = KartaTheme.objects.create(karta=bun, title="Trygghet", order=1)
    conclusion = Conclusion.objects.create(
        theme=theme, text="Tryggheten i skolan behöver stärkas.", source=results
    )
    von = karta_ensure(node=tree.VON, period=period)
    KartaTheme.objects.create(karta=von, title="Kontinuitet", order=1)
    area = StrategicArea.objects.create(planperiod=period, title="Barn och unga", order=1)
    over = OverarchingGoal.objects.create(area=area, title="Barn ska vara trygga", order=1)
    goal = Namndmal.objects.create(node=tree.BUN, overarching=over, title="Alla elever trygga")
    goal.based_on.add(conclusion)
    Malvarde.objects.create(namndmal=goal, nyckeltal=nyckeltal, year=2027, target=Decimal("90"))
    plan_ensure(node=tree.SN, period=period)
    return Chain(
        nyckeltal=nyckeltal,
        trend=trend,
        sn=sn,
        section=results,
        ht=ht,
        ht_section=ht_section,
        bun=bun,
        von=von,
        theme=theme,
        conclusion=conclusion,
        area=area,
        over=over,
        goal=goal,
    )
