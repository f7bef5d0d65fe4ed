"""`seed_scale` (the benchmark kommun) keeps working as the modules grow: a small run fills
every module, through the domain functions where correctness matters."""

from django.core.management import call_command

from dialogue.models import Action, Dialogue
from planning.internkontroll.models import Kontrollresultat, PlanVersion
from planning.models import (
    Activity,
    GoalStatus,
    Malvarde,
    Nulagesanalys,
    NulageskartaVersion,
    NulageskollItem,
    Verksamhetsplan,
)
from surveys.models import HmeResponse, HmeResult, HmeRound, KompassEvaluation, MaturityAssessment
from tillit.org.models import NodeType, OrgNode


def test_a_small_scale_kommun_has_a_year_of_records_in_every_module(db):
    call_command("seed_scale", units=200, employees=3000, seed=7, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert OrgNode.objects.filter(typ=NodeType.ENHET).exists()  # (the frame above them is fixed)
    for model in (
        Nulagesanalys,
        Verksamhetsplan,
        Activity,
        Malvarde,
        NulageskollItem,
        Dialogue,
        Action,
    ):
        assert model.objects.exists(), model.__name__
    boards = OrgNode.objects.filter(typ=NodeType.NAMND).count()
    assert NulageskartaVersion.objects.count() == boards  # each handed over by hand_over()
    assert GoalStatus.objects.filter(followup__published=True).exists()
    rnd = HmeRound.objects.get()
    assert rnd.status == HmeRound.Status.COMPUTED and HmeResponse.objects.count() == 3000
    kommun_result = HmeResult.objects.get(round=rnd, node__kod="GBG", group="T")
    assert kommun_result.respondents == 3000  # compute_round rolled every answer up the tree
    assert KompassEvaluation.objects.get(node__kod="GBG").is_published
    assert MaturityAssessment.objects.exists()
    owners = OrgNode.objects.filter(typ__in=(NodeType.NAMND, NodeType.FORVALTNING)).count()
    assert PlanVersion.objects.count() == owners  # each adopted by plan_adopt()
    assert Kontrollresultat.objects.filter(outcome="avvikelse").exists()
