"""Open actions come back on the node's next agendas until they are done."""

import datetime

import pytest
from django.urls import reverse

from dialogue.models import ActionStatus, ItemKind
from dialogue.services import add_action, carried_over_actions, set_action_status

pytestmark = pytest.mark.django_db

D = datetime.date


def test_an_open_action_comes_back_on_every_later_agenda_until_done(make_dialogue, cast):
    first, second, third, fourth = (make_dialogue(date=D(2027, m, 10)) for m in (2, 5, 8, 11))
    action = add_action(first, cast.hr, text="Minska korttidsfrånvaron", responsible=cast.chef)
    assert list(carried_over_actions(first)) == []
    assert list(carried_over_actions(second)) == [action]
    assert list(carried_over_actions(third)) == [action]
    set_action_status(action, ActionStatus.DONE, today=D(2027, 9, 1))
    # Shown once as done on the first agenda after it was done, then gone; the agendas it
    # was on before stay as they were (with its current status).
    assert list(carried_over_actions(third)) == [action]
    assert list(carried_over_actions(fourth)) == [action]
    fifth = make_dialogue(date=D(2028, 2, 10))
    assert list(carried_over_actions(fifth)) == []


def test_an_ongoing_action_still_comes_back(make_dialogue, cast):
    first, second = make_dialogue(date=D(2027, 2, 1)), make_dialogue(date=D(2027, 5, 1))
    action = add_action(first, cast.hr, text="Ny rutin")
    set_action_status(action, ActionStatus.ONGOING)
    assert list(carried_over_actions(second)) == [action]


def test_actions_do_not_travel_to_another_units_agenda(tree, make_dialogue, cast):
    first = make_dialogue(date=D(2027, 2, 1))
    add_action(first, cast.hr, text="Bara för Skolan Norr")
    other = make_dialogue(date=D(2027, 5, 1), node=tree.SS, managers=[cast.sibling, cast.gs_chef])
    assert list(carried_over_actions(other)) == []


def test_an_action_added_in_the_meeting_shows_under_follow_up_on_the_next_page(
    make_dialogue, cast, as_user
):
    first, second = make_dialogue(date=D(2027, 2, 1)), make_dialogue(date=D(2027, 5, 1))
    item = first.items.get(kind=ItemKind.RISKER)
    client = as_user(cast.chef)
    url = reverse("dialogue:action_add", args=[first.pk, item.pk])
    response = client.post(
        url,
        {"text": "Rekrytera före sommaren", "responsible": cast.chef.pk, "due_on": "2027-04-01"},
    )
    assert response.status_code == 302
    page = client.get(second.get_absolute_url()).content.decode()
    follow_up_item = second.items.get(kind=ItemKind.UPPFOLJNING)
    section = page.split(f'id="{follow_up_item.anchor}"')[1].split("</section>")[0]
    assert "Rekrytera före sommaren" in section
    assert "från dialogen 2027-02-01" in section


def test_an_empty_action_gets_a_swedish_error_inline(make_dialogue, cast, as_user):
    d = make_dialogue()
    item = d.items.first()
    url = reverse("dialogue:action_add", args=[d.pk, item.pk])
    response = as_user(cast.chef).post(url, {"text": ""}, HTTP_HX_REQUEST="true")
    assert "Skriv vad som ska göras." in response.content.decode()
    assert "<html" not in response.content.decode()
    assert d.actions.count() == 0


def test_follow_up_from_a_later_dialogue_marks_the_action_done(make_dialogue, cast, as_user):
    first, second = make_dialogue(date=D(2027, 2, 1)), make_dialogue(date=D(2027, 5, 1))
    action = add_action(first, cast.hr, text="Ny rutin")
    url = reverse("dialogue:action_status", args=[action.pk])
    response = as_user(cast.hr).post(
        url,
        {"status": "done", "dialog": second.pk, "comment": "Klar i april"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and "Klar i april" in response.content.decode()
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE and action.done_on is not None


def test_ids_in_forms_are_not_written_with_thousand_separators(make_dialogue, cast, as_user):
    """USE_THOUSAND_SEPARATOR would turn pk 12345 into "12 345", which no form can post back."""
    from tests.factories import UserFactory

    big = UserFactory(id=12345, username="storpk")
    d = make_dialogue(managers=[cast.chef, big])
    add_action(d, cast.hr, text="En åtgärd")
    page = as_user(cast.chef).get(d.get_absolute_url()).content.decode()
    assert 'value="12345"' in page
    assert "12\xa0345" not in page


def test_an_action_stored_as_open_before_the_shared_statuses_is_planned_after_the_migration(
    make_dialogue, cast
):
    from importlib import import_module

    from django.apps import apps

    from dialogue.models import Action

    migration = import_module("dialogue.migrations.0002_action_handlingsplan_shape")
    action = add_action(make_dialogue(), cast.hr, text="Ny rutin")
    Action.objects.filter(pk=action.pk).update(status="open")  # as stored before
    migration.forwards(apps, None)
    action.refresh_from_db()
    assert action.status == ActionStatus.PLANNED and not action.is_done
    assert action in carried_over_actions(make_dialogue(date=D(2027, 6, 1)))
    migration.backwards(apps, None)
    action.refresh_from_db()
    assert action.status == "open"
