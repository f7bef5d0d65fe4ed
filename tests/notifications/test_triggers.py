"""Each trigger notifies the right people, only those who may read it, and links to the exact
page: the recipient follows the url and gets 200."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dialogue.models import AgendaItem
from dialogue.notifications import preparation_due
from dialogue.services import add_action, create_dialogue
from planning.internkontroll import services as ik_services
from planning.models import Activity, ActivityStatus, Verksamhetsplan
from planning.services.followup import followup_create
from surveys.models import HmeAction, HmeRound
from tests.factories import PASSWORD, UserFactory, give_role
from tillit.cycle.reminders import send_due_reminders
from tillit.notifications.models import Kind, Notification
from tillit.notifications.service import run_daily_checks
from tillit.org.models import Role


def notified(kind):
    return sorted(n.recipient.username for n in Notification.objects.filter(kind=kind))


def follow(client, user, kind):
    """Every notification of `kind` to `user` opens with 200 for them."""
    client.logout()
    client.login(username=user.username, password=PASSWORD)
    notes = list(Notification.objects.filter(kind=kind, recipient=user))
    assert notes
    for n in notes:
        assert client.get(n.url).status_code == 200, n.url
    return notes


@pytest.fixture
def von_politiker(tree):
    user = UserFactory(username="von_politiker")
    give_role(user, tree.VON, Role.FORTROENDEVALD)
    return user


def test_a_handed_over_karta_reaches_the_nämnd_s_members(client, chain, personas, von_politiker):
    client.login(username="forvaltningschef", password=PASSWORD)
    # The hand-over is confirmed on its own page (issue 18: it shows what changed).
    response = client.post(reverse("planning:karta_handover", args=["BUN"]), {"bekrafta": "1"})
    assert response.status_code == 302
    assert notified(Kind.KARTA_HANDED_OVER) == ["politiker"]
    (n,) = follow(client, personas.politiker, Kind.KARTA_HANDED_OVER)
    assert "Barn- och utbildningsnämnden" in n.title and "version 1" in n.title
    assert n.url == reverse("planning:karta_version", args=[chain.bun.versions.get().pk])


def test_a_published_follow_up_reaches_the_politicians(client, chain, personas, period):
    fu = followup_create(period=period, kind="delar", year=2027)
    client.login(username="admin", password=PASSWORD)
    client.post(reverse("planning:followup_publish", args=[fu.pk]))
    assert notified(Kind.REPORT_HANDED_OVER) == ["politiker"]
    (n,) = follow(client, personas.politiker, Kind.REPORT_HANDED_OVER)
    assert n.url == fu.get_absolute_url() and "version 1" in n.title


@pytest.fixture
def dialogue(tree, personas, period):
    gs_chef = UserFactory(username="verksamhetschef")
    give_role(gs_chef, tree.GS, Role.CHEF)
    return create_dialogue(
        node=tree.SN,
        date=datetime.date(2027, 2, 10),
        created_by=personas.hr,
        managers=[personas.chef, gs_chef],
        support=[personas.hr],
        planperiod=period,
    )


def test_a_dialogue_action_reaches_the_person_responsible(client, dialogue, personas, tree):
    item = dialogue.items.first()
    add_action(
        dialogue, personas.hr, text="Minska korttidsfrånvaron", responsible=personas.chef, item=item
    )
    (n,) = follow(client, personas.chef, Kind.ACTION_ASSIGNED)
    assert n.url == reverse("dialogue:detail", args=[dialogue.pk]) + f"#punkt-{item.pk}"
    assert "Minska korttidsfrånvaron" in n.title


def test_an_action_is_not_notified_to_someone_who_may_not_read_the_dialogue(dialogue, personas):
    add_action(dialogue, personas.hr, text="Fel person", responsible=personas.vo_chef)
    add_action(dialogue, personas.hr, text="Egen", responsible=personas.hr)  # gave it herself
    assert notified(Kind.ACTION_ASSIGNED) == []


def test_an_hme_action_reaches_the_user_named_responsible(client, tree, personas):
    HmeRound.objects.create(year=2024, status=HmeRound.Status.COMPUTED)
    client.login(username="enhetschef", password=PASSWORD)
    response = client.post(
        reverse("surveys:hme_plan", args=[2024, "SN"]),
        {
            "add_action": "1",
            "text": "APT om återkoppling",
            "responsible_user": personas.fc.pk,
            "status": "planned",
        },
    )
    assert response.status_code == 302
    action = HmeAction.objects.get()
    (n,) = follow(client, personas.fc, Kind.ACTION_ASSIGNED)
    assert n.url.endswith(f"#hme-atgard-{action.pk}")
    assert notified(Kind.ACTION_ASSIGNED) == ["forvaltningschef"]


def test_a_dialogue_two_weeks_away_not_prepared_reaches_its_support_staff(
    client, dialogue, personas
):
    far = dialogue.date - datetime.timedelta(days=15)
    assert preparation_due(far) == 0
    near = dialogue.date - datetime.timedelta(days=14)
    assert preparation_due(near) == 1
    assert preparation_due(near + datetime.timedelta(days=1)) == 0  # once per dialogue
    assert notified(Kind.DIALOGUE_PREPARATION) == ["hr"]  # not the managers
    (n,) = follow(client, personas.hr, Kind.DIALOGUE_PREPARATION)
    assert n.url == dialogue.get_absolute_url() and "om 14 dagar" in n.title


def test_a_prepared_dialogue_is_not_notified(dialogue):
    AgendaItem.objects.filter(dialogue=dialogue).update(prepared_at=timezone.now())
    assert preparation_due(dialogue.date - datetime.timedelta(days=10)) == 0


def test_activity_deadlines_a_week_before_and_when_overdue(client, chain, personas, period):
    plan = Verksamhetsplan.objects.get(node=personas.chef.roles.get().node)
    act = Activity.objects.create(plan=plan, title="Rastvärdar", ends_on=datetime.date(2027, 3, 10))
    Activity.objects.create(
        plan=plan,
        title="Klar redan",
        ends_on=datetime.date(2027, 3, 10),
        status=ActivityStatus.DONE,
    )
    assert run_daily_checks(datetime.date(2027, 3, 2)) is None
    assert notified(Kind.DEADLINE_SOON) == []
    run_daily_checks(datetime.date(2027, 3, 3))
    run_daily_checks(datetime.date(2027, 3, 4))
    assert notified(Kind.DEADLINE_SOON) == ["enhetschef"]  # once, to the unit's chef only
    run_daily_checks(datetime.date(2027, 3, 11))
    run_daily_checks(datetime.date(2027, 3, 12))
    assert notified(Kind.DEADLINE_OVERDUE) == ["enhetschef"]
    notes = follow(client, personas.chef, Kind.DEADLINE_OVERDUE)
    assert notes[0].url.endswith(f"#aktivitet-{act.pk}")
    assert "Rastvärdar" in notes[0].title


def test_arshjul_deadlines_link_to_the_document(client, personas, period):
    today = datetime.date(2026, 12, 10)  # verksamhetsplan due 2026-12-15, nulägesanalys past
    send_due_reminders(today=today)
    send_due_reminders(today=today)
    # The chef's steps; the förvaltningschefer get theirs (internkontrollplan) likewise.
    assert "enhetschef" in notified(Kind.DEADLINE_SOON)
    assert "hr" not in notified(Kind.DEADLINE_SOON) + notified(Kind.DEADLINE_OVERDUE)
    (soon,) = follow(client, personas.chef, Kind.DEADLINE_SOON)
    late = follow(client, personas.chef, Kind.DEADLINE_OVERDUE)
    # The document of the step's own planperiod, as the start page links it.
    assert soon.url == reverse("planning:plan", args=["SN"]) + f"?period={period.pk}"
    assert reverse("planning:analysis", args=["SN"]) + f"?period={period.pk}" in [
        n.url for n in late
    ]
    assert len(late) == len({n.title for n in late})  # one per step


def test_a_control_due_reaches_its_responsible_person(client, ik, personas):
    assert ik_services.plan_adopt(plan=ik.plan, user=personas.fc)
    run_daily_checks(datetime.date(2027, 3, 23))
    assert notified(Kind.CONTROL_DUE) == []
    run_daily_checks(datetime.date(2027, 3, 24))  # the control's month ends on the 31st
    run_daily_checks(datetime.date(2027, 3, 25))
    assert notified(Kind.CONTROL_DUE) == ["enhetschef"]
    run_daily_checks(datetime.date(2027, 4, 1))
    run_daily_checks(datetime.date(2027, 4, 2))
    notes = follow(client, personas.chef, Kind.CONTROL_DUE)
    assert len(notes) == 2 and any(n.title.startswith("Försenad kontroll") for n in notes)
    assert notes[0].url == reverse("internkontroll:control", args=[ik.control.pk])


def test_a_control_of_a_draft_plan_is_not_notified(ik):
    run_daily_checks(datetime.date(2027, 4, 2))
    assert notified(Kind.CONTROL_DUE) == []


def test_the_daily_task_runs_the_checks_and_the_digest(personas, period):
    from tillit.notifications.tasks import daily

    assert daily.delay().get() == 0


def test_actions_after_a_deviation_reach_the_control_s_responsible_person(client, ik, personas):
    ik_services.plan_adopt(plan=ik.plan, user=personas.fc)
    ik_services.result_record(
        control=ik.control,
        user=personas.fc,
        outcome="avvikelse",
        findings="Tre fakturor utan avtal",
        actions=[("Ny rutin för inköp", None)],
    )
    (n,) = follow(client, personas.chef, Kind.ACTION_ASSIGNED)
    assert "Ny rutin för inköp" in n.title
    assert n.url == reverse("internkontroll:control", args=[ik.control.pk])


def test_the_responsible_person_recording_their_own_actions_is_not_notified(ik, personas):
    ik_services.plan_adopt(plan=ik.plan, user=personas.fc)
    ik_services.result_record(
        control=ik.control,
        user=personas.chef,
        outcome="avvikelse",
        findings="x",
        actions=[("Egen åtgärd", None)],
    )
    assert notified(Kind.ACTION_ASSIGNED) == []
