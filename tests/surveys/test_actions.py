"""The one handlingsplan-action shape shared by dialogue, HME and Kommunkompassen."""

import datetime
from importlib import import_module

import pytest
from django.apps import apps

from dialogue.models import Action
from surveys.handlingsplaner import open_handlingsplan_actions
from surveys.kompass.importer import import_points
from surveys.kompass.services import plan_for
from surveys.models import (
    ActionStatus,
    HandlingsplanAction,
    HmeAction,
    HmePlan,
    KompassAction,
)
from tests.surveys.hme.helpers import make_round
from tests.surveys.kompass.helpers import points_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def hme_action(tree):
    plan = HmePlan.objects.create(round=make_round(2024), node=tree.SN)
    return HmeAction.objects.create(plan=plan, text="Mål synliga", responsible_text="Rektor")


@pytest.fixture
def kompass_action(tree, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        evaluation = import_points(data=points_file(), year=2020, kind="extern", node=tree.K)
    return KompassAction.objects.create(
        plan=plan_for(evaluation),
        area=evaluation.version.areas.get(number=3),
        text="Inför analysseminarier",
        responsible="Kvalitetschef",
    )


def test_all_three_action_models_share_the_base_and_the_status_enum():
    for model in (Action, HmeAction, KompassAction):
        assert issubclass(model, HandlingsplanAction)
        fields = {f.name for f in model._meta.get_fields()}
        assert {"text", "due_on", "status", "done_on", "created_at"} <= fields
        assert model._meta.get_field("status").choices == ActionStatus.choices
        assert model._meta.get_field("status").default == ActionStatus.PLANNED
    assert ActionStatus.choices == [("planned", "Planerad"), ("ongoing", "Pågår"), ("done", "Klar")]


def test_done_on_follows_the_status_however_it_is_saved(hme_action):
    hme_action.status = ActionStatus.DONE
    hme_action.save(update_fields=["status"])
    hme_action.refresh_from_db()
    assert hme_action.done_on is not None
    hme_action.set_status(ActionStatus.ONGOING)
    hme_action.save()
    hme_action.refresh_from_db()
    assert hme_action.done_on is None
    hme_action.set_status(ActionStatus.DONE, today=datetime.date(2026, 5, 4))
    hme_action.save()
    hme_action.refresh_from_db()
    assert hme_action.done_on == datetime.date(2026, 5, 4)


def test_open_handlingsplan_actions_are_the_actions_themselves_in_one_shape(
    tree, hme_action, kompass_action
):
    actions = open_handlingsplan_actions(tree.SN)
    assert actions == [hme_action, kompass_action]
    assert [a.source for a in actions] == [
        "HME-handlingsplan 2024, Skolan Norr",
        "Kommunkompassen, område 3",
    ]
    assert [a.who for a in actions] == ["Rektor", "Kvalitetschef"]
    assert [a.get_status_display() for a in actions] == ["Planerad", "Planerad"]
    kompass_action.set_status(ActionStatus.DONE)
    kompass_action.save()
    assert open_handlingsplan_actions(tree.SN) == [hme_action]


@pytest.mark.parametrize(
    ("old", "new", "label"),
    [("planerad", "planned", "Planerad"), ("pagar", "ongoing", "Pågår"), ("klar", "done", "Klar")],
)
def test_a_kommunkompassen_action_keeps_its_status_through_the_migration(
    kompass_action, old, new, label
):
    migration = import_module("surveys.migrations.0004_handlingsplan_actions")
    KompassAction.objects.filter(pk=kompass_action.pk).update(status=old)  # as stored before
    migration.forwards(apps, None)
    kompass_action.refresh_from_db()
    assert kompass_action.status == new and kompass_action.get_status_display() == label
    migration.backwards(apps, None)
    kompass_action.refresh_from_db()
    assert kompass_action.status == old
