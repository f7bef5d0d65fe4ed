"""Internkontroll on the shared test tree (tests/conftest.py): BUN's risk analysis and plan."""

import pytest

from planning.internkontroll import services
from planning.internkontroll.models import Decision, Kontrollmoment, Risk

YEAR = 2027


class IK(dict):
    __getattr__ = dict.__getitem__


def make_risk(analysis, title, s, k, decision="", **extra):
    return Risk.objects.create(
        analysis=analysis, title=title, sannolikhet=s, konsekvens=k, decision=decision, **extra
    )


@pytest.fixture
def ik(tree, personas):
    """BUN 2027: three risks (one to control, one to fix, one accepted) and a draft plan with
    the control of the first, carried out by the enhetschef at Skolan Norr."""
    analysis = services.riskanalys_for(tree.BUN, YEAR, create=True)
    avtal = make_risk(analysis, "Inköp utanför avtal", 3, 4, Decision.KONTROLLERA)
    lon = make_risk(analysis, "Felaktiga löneutbetalningar", 2, 3, Decision.ATGARDA)
    make_risk(analysis, "Försenade diarieföringar", 1, 2, Decision.ACCEPTERA, decision_reason="Låg")
    plan = services.plan_for(tree.BUN, YEAR, create=True)
    control = Kontrollmoment.objects.create(
        plan=plan,
        risk=avtal,
        title="Stickprov på leverantörsfakturor",
        method="stickprov",
        scope="20 fakturor",
        responsible=personas.chef,
        responsible_node=tree.SN,
        month=3,
        report_to="Barn- och utbildningsnämnden",
    )
    return IK(analysis=analysis, avtal=avtal, lon=lon, plan=plan, control=control)
