"""A control's deviation and its action come back in the unit's next verksamhetsdialog: in the
Risker agenda item, and among the open handlingsplan actions of its follow-up."""

import datetime

import pytest
from django.urls import reverse

from dialogue.material import material_for
from dialogue.models import ItemKind
from dialogue.services import create_dialogue
from planning.internkontroll import services
from surveys.handlingsplaner import open_handlingsplan_actions
from tests.factories import PASSWORD
from tillit.cycle.models import planperiod_create

from .conftest import YEAR

pytestmark = pytest.mark.django_db


@pytest.fixture
def deviation(ik, personas):
    services.plan_adopt(plan=ik.plan, user=personas.fc)
    return services.result_record(
        control=ik.control,
        user=personas.chef,
        outcome="avvikelse",
        findings="Tre fakturor saknade avtal.",
        actions=[("Utbilda i avtalstrohet", datetime.date(YEAR, 5, 31))],
    )


@pytest.fixture
def dialogue(tree, personas):
    return create_dialogue(
        node=tree.SN,
        date=datetime.date(YEAR, 2, 10),
        created_by=personas.hr,
        managers=[personas.chef, personas.fc],
        support=[personas.hr],
        planperiod=planperiod_create(budget_year=YEAR, make_current=True),
    )


def test_the_risker_item_shows_the_namnds_risks_and_the_units_controls_due(ik, dialogue):
    services.plan_adopt(plan=ik.plan, user=None)
    item = dialogue.items.get(kind=ItemKind.RISKER)
    data = material_for(item)
    assert data["available"]
    assert [r.title for r in data["risks"]][0] == "Inköp utanför avtal"
    assert data["analysis_node"].kod == "BUN"
    assert [c["control"].title for c in data["controls"]] == ["Stickprov på leverantörsfakturor"]


def test_the_action_comes_back_in_the_dialogue_page(client, deviation, dialogue, personas):
    client.login(username=personas.chef.username, password=PASSWORD)
    page = client.get(reverse("dialogue:detail", args=[dialogue.pk])).content.decode()
    assert "Utbilda i avtalstrohet" in page
    assert "Öppna åtgärder efter intern kontroll" in page


def test_the_action_is_among_the_open_handlingsplan_actions_until_done(deviation, tree):
    texts = [a.text for a in open_handlingsplan_actions(tree.SN)]
    assert "Utbilda i avtalstrohet" in texts
    action = deviation.actions.get()
    services.action_set_status(action=action, status="done")
    assert "Utbilda i avtalstrohet" not in [a.text for a in open_handlingsplan_actions(tree.SN)]
