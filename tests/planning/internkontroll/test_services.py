import datetime

import pytest
from django.db import IntegrityError

from planning.internkontroll import services
from planning.internkontroll.models import (
    FrozenError,
    KontrollAction,
    Outcome,
    PlanStatus,
    Risk,
)
from surveys.models.actions import ActionStatus

from .conftest import YEAR, make_risk

pytestmark = pytest.mark.django_db


def test_a_risk_knows_its_value_and_level(ik):
    assert ik.avtal.value == 12
    assert ik.avtal.level["label"] == "Mycket hög risk"


def test_the_database_refuses_a_sannolikhet_above_four(ik):
    with pytest.raises(IntegrityError):
        Risk.objects.create(analysis=ik.analysis, title="x", sannolikhet=5, konsekvens=1)


def test_risks_are_listed_highest_value_first(ik):
    assert [r.value for r in services.risks_of(ik.analysis)] == [12, 6, 2]


def test_the_matrix_counts_the_analysis_risks(ik):
    grid = services.matrix_for(ik.analysis)
    cell = {(c["value"], row["sannolikhet"]): c["count"] for row in grid for c in row["cells"]}
    assert cell[(12, 3)] == 1
    assert sum(cell.values()) == 3


def test_carrying_over_copies_last_years_risks_once_and_keeps_the_old_ones(ik, personas):
    new = services.riskanalys_for(ik.analysis.node, YEAR + 1, create=True)
    assert services.risks_carry_over(analysis=new, user=personas.fc) == 3
    assert services.risks_carry_over(analysis=new, user=personas.fc) == 0
    copy = new.risks.get(title="Inköp utanför avtal")
    assert copy.carried_from == ik.avtal
    copy.sannolikhet = 1
    copy.save()
    ik.avtal.refresh_from_db()
    assert ik.avtal.sannolikhet == 3


def test_risks_decided_for_control_move_into_the_plan_once(ik, personas):
    second = make_risk(ik.analysis, "Brister i delegationsordningen", 2, 2, "kontrollera")
    assert services.controls_from_risks(plan=ik.plan, user=personas.fc) == 1
    assert services.controls_from_risks(plan=ik.plan, user=personas.fc) == 0
    assert ik.plan.controls.filter(risk=second).count() == 1


def test_adopting_freezes_the_plan_as_a_version(ik, personas):
    version = services.plan_adopt(
        plan=ik.plan, user=personas.fc, adopted_on=datetime.date(2027, 1, 20)
    )
    ik.plan.refresh_from_db()
    assert ik.plan.status == PlanStatus.ADOPTED
    assert version.number == 1
    assert version.content["controls"][0]["title"] == "Stickprov på leverantörsfakturor"
    assert version.content["controls"][0]["risk_value"] == 12
    with pytest.raises(FrozenError):
        version.save()
    with pytest.raises(FrozenError):
        version.delete()


def test_a_change_after_adoption_makes_a_draft_of_the_next_version(ik, personas):
    services.plan_adopt(plan=ik.plan, user=personas.fc)
    control = ik.control
    control.title = "Stickprov på 30 fakturor"
    services.control_save(control=control, seen_revision=control.revision, user=personas.fc)
    ik.plan.refresh_from_db()
    assert ik.plan.status == PlanStatus.DRAFT
    first = services.latest_version(ik.plan)
    assert first.content["controls"][0]["title"] == "Stickprov på leverantörsfakturor"
    second = services.plan_adopt(plan=ik.plan, user=personas.fc)
    assert second.number == 2
    assert second.content["controls"][0]["title"] == "Stickprov på 30 fakturor"


def test_an_edit_from_a_stale_form_is_refused(ik, personas):
    control = ik.control
    seen = control.revision
    services.control_save(control=control, seen_revision=seen, user=personas.fc)
    with pytest.raises(services.StaleEdit):
        services.control_save(control=control, seen_revision=seen, user=personas.fc)


def test_an_empty_plan_cannot_be_adopted(tree, personas):
    plan = services.plan_for(tree.VON, YEAR, create=True)
    with pytest.raises(ValueError):
        services.plan_adopt(plan=plan, user=personas.vo_chef)


def test_a_deviation_with_an_action_opens_the_action_on_the_controls_unit(ik, personas, tree):
    services.plan_adopt(plan=ik.plan, user=personas.fc)
    result = services.result_record(
        control=ik.control,
        user=personas.chef,
        outcome=Outcome.AVVIKELSE,
        findings="Tre fakturor utan avtal.",
        actions=[("Påminn om avtalstrohet", datetime.date(2027, 6, 30)), ("", None)],
    )
    action = KontrollAction.objects.get()
    assert action.result == result
    assert action.node == tree.SN
    assert action.responsible == personas.chef
    assert action.status == ActionStatus.PLANNED
    assert "Stickprov på leverantörsfakturor" in action.source
    assert [a.pk for a in services.open_actions_for(tree.BUF)] == [action.pk]
    services.action_set_status(action=action, status=ActionStatus.DONE)
    assert action.done_on is not None
    assert services.open_actions_for(tree.BUF) == []


def test_a_deviation_needs_a_description_of_what_was_found(ik, personas):
    with pytest.raises(ValueError):
        services.result_record(control=ik.control, user=personas.chef, outcome=Outcome.AVVIKELSE)


def test_followup_tells_done_deviating_and_overdue_controls(ik, personas):
    services.controls_from_risks(plan=ik.plan, user=personas.fc)  # nothing new
    late = ik.plan.controls.create(title="Genomgång av attestlistor", method="genomgang", month=2)
    version = services.plan_adopt(plan=ik.plan, user=personas.fc)
    services.result_record(
        control=ik.control, user=personas.chef, outcome=Outcome.AVVIKELSE, findings="Brist"
    )
    rows = services.followup_rows(version, today=datetime.date(YEAR, 4, 1))
    states = {r["control"]["id"]: r["state"] for r in rows}
    assert states == {ik.control.pk: "avvikelse", late.pk: "forsenad"}
    counts = services.followup_counts(rows)
    assert counts["done"] == 1 and counts["forsenad"] == 1


def test_overdue_controls_are_the_responsible_persons_tasks(ik, personas):
    services.plan_adopt(plan=ik.plan, user=personas.fc)
    assert services.overdue_controls_for(personas.chef, today=datetime.date(YEAR, 3, 31)) == []
    overdue = services.overdue_controls_for(personas.chef, today=datetime.date(YEAR, 4, 1))
    assert overdue == [ik.control]
    services.result_record(control=ik.control, user=personas.chef, outcome=Outcome.OK)
    assert services.overdue_controls_for(personas.chef, today=datetime.date(YEAR, 4, 1)) == []


def test_a_draft_plans_controls_are_nobodys_tasks(ik, personas):
    assert services.overdue_controls_for(personas.chef, today=datetime.date(YEAR, 12, 1)) == []


def test_the_kommun_summary_counts_per_namnd(ik, personas, tree):
    services.plan_adopt(plan=ik.plan, user=personas.fc)
    services.result_record(
        control=ik.control, user=personas.chef, outcome=Outcome.AVVIKELSE, findings="Brist"
    )
    rows = services.kommun_summary(YEAR, [tree.BUN, tree.VON], today=datetime.date(YEAR, 5, 1))
    bun, von = rows
    assert bun["version"].number == 1
    assert bun["counts"] == {"total": 1, "done": 1, "avvikelse": 1, "forsenad": 0}
    assert von["plan"] is None and von["counts"]["total"] == 0
