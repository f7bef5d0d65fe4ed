import datetime

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD
from tillit.cycle.models import CycleStep, Planperiod, StepCompletion, StepKind, planperiod_create
from tillit.cycle.reminders import send_due_reminders
from tillit.cycle.tasks_for_user import tasks_for
from tillit.org.models import Role

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)


@pytest.fixture
def period(tree):
    period = planperiod_create(budget_year=2027, make_current=True)
    CycleStep.objects.filter(planperiod=period).delete()
    CycleStep.objects.create(
        planperiod=period,
        kind=StepKind.VERKSAMHETSPLAN,
        responsible_role=Role.CHEF,
        deadline=datetime.date(2026, 11, 27),
    )
    CycleStep.objects.create(
        planperiod=period,
        kind=StepKind.NULAGESANALYS,
        responsible_role=Role.CHEF,
        deadline=datetime.date(2026, 11, 1),
    )
    CycleStep.objects.create(
        planperiod=period,
        kind=StepKind.NULAGESKARTA,
        responsible_role=Role.FORVALTNINGSCHEF,
        deadline=datetime.date(2027, 4, 30),
    )
    return period


@pytest.fixture
def manual_step(period):
    """A step no document carries (marked done by hand)."""
    return CycleStep.objects.create(
        planperiod=period,
        kind=StepKind.DELARSRAPPORT,
        responsible_role=Role.CHEF,
        deadline=datetime.date(2027, 9, 15),
    )


def test_a_new_planperiod_gets_the_thirteen_steps_of_the_arshjul():
    period = planperiod_create(budget_year=2028)
    assert period.steps.count() == 13
    assert str(period) == "Planperiod 2028–2030"
    assert set(period.steps.values_list("kind", flat=True)) == set(StepKind.values)
    assert planperiod_create(budget_year=2028).steps.count() == 13  # idempotent


def test_only_one_planperiod_is_current():
    planperiod_create(budget_year=2027, make_current=True)
    planperiod_create(budget_year=2028, make_current=True)
    assert list(
        Planperiod.objects.filter(is_current=True).values_list("budget_year", flat=True)
    ) == [2028]


def test_a_manager_sees_their_tasks_soonest_first_with_overdue_marked(personas, period):
    tasks = tasks_for(personas.chef, today=TODAY)
    assert [(t.step.get_kind_display(), t.node.kod, t.overdue) for t in tasks] == [
        ("Nulägesanalys", "SN", True),
        ("Verksamhetsplan", "SN", False),
    ]
    assert tasks[1].days_left == 4
    assert [t.step.kind for t in tasks_for(personas.fc, today=TODAY)] == ["nulageskarta"]
    assert tasks_for(personas.politiker, today=TODAY) == []


def test_marking_a_step_done_removes_the_task(client, personas, manual_step):
    client.login(username="enhetschef", password=PASSWORD)
    step = manual_step
    # First a confirmation page, which changes nothing; the POST marks it.
    page = client.get(reverse("cycle:complete", args=[step.pk, "SN"]))
    assert page.status_code == 200 and "Ja, markera som klar" in page.text
    assert not StepCompletion.objects.exists()
    response = client.post(reverse("cycle:complete", args=[step.pk, "SN"]))
    assert response.status_code == 302
    assert StepCompletion.objects.filter(step=step, node__kod="SN").exists()
    assert "Delårsrapport" not in [t.step.get_kind_display() for t in tasks_for(personas.chef)]


def test_nobody_marks_another_units_step_done(client, personas, period):
    client.login(username="enhetschef", password=PASSWORD)
    step = period.steps.get(kind=StepKind.NULAGESANALYS)
    assert client.post(reverse("cycle:complete", args=[step.pk, "SS"])).status_code == 404
    client.login(username="politiker", password=PASSWORD)
    assert client.post(reverse("cycle:complete", args=[step.pk, "SN"])).status_code == 403
    assert not StepCompletion.objects.exists()


def test_the_start_page_lists_tasks_with_iso_dates(client, personas, period):
    client.login(username="enhetschef", password=PASSWORD)
    page = client.get(reverse("home")).content.decode()
    assert "2026-11-27" in page and "Verksamhetsplan" in page


def test_the_year_view_shows_every_deadline(client, personas, period):
    client.login(username="politiker", password=PASSWORD)
    page = client.get(reverse("cycle:year")).content.decode()
    assert "november 2026" in page
    assert "2027-04-30" in page and "Nulägeskarta" in page


def test_reminders_go_out_once_before_and_once_after_the_deadline(
    personas, period, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_reminders(today=TODAY) == 2  # chef: overdue nulägesanalys + upcoming plan
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == [
        "Försenad: Nulägesanalys för Skolan Norr",
        "Påminnelse: Verksamhetsplan för Skolan Norr senast 2026-11-27",
    ]
    assert mail.outbox[0].to == [personas.chef.email]
    assert send_due_reminders(today=TODAY) == 0
    # After the deadline passes, the upcoming one becomes overdue: one more mail.
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_reminders(today=datetime.date(2026, 11, 28)) == 1
    assert mail.outbox[-1].subject == "Försenad: Verksamhetsplan för Skolan Norr"


def test_no_reminder_for_a_step_marked_done(personas, period, manual_step):
    StepCompletion.objects.create(step=manual_step, node=personas.chef.roles.get().node)
    assert send_due_reminders(today=datetime.date(2027, 9, 16)) == 4  # the others' steps
    assert not [m for m in mail.outbox if "Delårsrapport" in m.subject]


def test_no_reminder_for_a_step_whose_document_is_klar(personas, period, tree):
    from planning.models import DocStatus
    from planning.services.analysis import analysis_ensure

    analysis = analysis_ensure(node=tree.SN, period=period)
    analysis.status = DocStatus.DONE
    analysis.save()
    assert send_due_reminders(today=TODAY) == 1  # only the verksamhetsplan


@pytest.mark.parametrize(("persona", "status"), [("admin", 200), ("fc", 403), ("politiker", 403)])
def test_only_administrators_edit_the_arshjul(client, personas, period, persona, status):
    client.login(username=personas[persona].username, password=PASSWORD)
    assert client.get(reverse("cycle:periods")).status_code == status
    assert client.get(reverse("cycle:period", args=[2027])).status_code == status


def test_a_deadline_before_its_start_is_refused_in_swedish(client, personas, period):
    client.login(username="admin", password=PASSWORD)
    steps = list(period.steps.all())
    data = {
        "steps-TOTAL_FORMS": str(len(steps)),
        "steps-INITIAL_FORMS": str(len(steps)),
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
    }
    for i, step in enumerate(steps):
        data.update(
            {
                f"steps-{i}-id": step.pk,
                f"steps-{i}-kind": step.kind,
                f"steps-{i}-responsible_role": step.responsible_role,
                f"steps-{i}-deadline": step.deadline.isoformat(),
            }
        )
    data["steps-0-starts_on"] = "2026-12-31"
    data["steps-1-deadline"] = "11/05/2026"
    page = client.post(reverse("cycle:period", args=[2027]), data).content.decode()
    assert "Sista dag kan inte vara före startdagen." in page
    assert "Fyll i ett giltigt datum." in page
    assert 'value="11/05/2026"' in page  # what the user typed is kept


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/x", "http://testserver.evil.example/"]
)
def test_marking_a_step_done_never_redirects_off_site(client, personas, manual_step, target):
    client.login(username="enhetschef", password=PASSWORD)
    step = manual_step
    response = client.post(reverse("cycle:complete", args=[step.pk, "SN"]), {"next": target})
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_marking_a_step_done_returns_to_the_page_it_was_marked_on(client, personas, manual_step):
    client.login(username="enhetschef", password=PASSWORD)
    step = manual_step
    response = client.post(
        reverse("cycle:complete", args=[step.pk, "SN"]), {"next": "/arshjul/?x=1"}
    )
    assert response.url == "/arshjul/?x=1"


@pytest.mark.parametrize("year", ["1", "-1", "1999", "2101", "99999999999999999999"])
def test_a_planperiod_outside_2000_to_2100_is_refused_in_swedish(client, personas, year):
    client.login(username="admin", password=PASSWORD)
    response = client.post(reverse("cycle:periods"), {"budget_year": year, "plan_years": 2})
    assert response.status_code == 200
    assert not Planperiod.objects.exists()
    assert "Ange ett budgetår mellan 2000 och 2100." in response.text


def test_a_task_with_a_document_links_to_it_and_is_done_when_the_document_is(
    client, personas, period, tree
):
    from planning.models import DocStatus
    from planning.services.plan import plan_ensure

    client.login(username="enhetschef", password=PASSWORD)
    page = client.get(reverse("home")).text
    plan_url = reverse("planning:plan", args=["SN"]) + f"?period={period.pk}"
    assert f'href="{plan_url}"' in page
    step = period.steps.get(kind=StepKind.VERKSAMHETSPLAN)
    # No "Markera klar" for it: marking by hand is refused, nothing is stored.
    assert reverse("cycle:complete", args=[step.pk, "SN"]) not in page
    response = client.post(reverse("cycle:complete", args=[step.pk, "SN"]))
    assert response.status_code == 302 and response.url == plan_url
    assert not StepCompletion.objects.exists()
    plan = plan_ensure(node=tree.SN, period=period)
    assert "Verksamhetsplan" in [t.step.get_kind_display() for t in tasks_for(personas.chef)]
    plan.status = DocStatus.DONE
    plan.save()
    assert "Verksamhetsplan" not in [t.step.get_kind_display() for t in tasks_for(personas.chef)]


def test_the_forvaltningschefs_karta_task_is_done_when_the_boards_karta_is_klar(
    personas, period, tree
):
    from planning.models import KartaStatus
    from planning.services.karta import karta_ensure

    task = tasks_for(personas.fc, today=TODAY)[0]
    assert task.url.startswith(reverse("planning:karta", args=["BUN"])) and not task.manual
    karta = karta_ensure(node=tree.VON, period=period)
    karta.status = KartaStatus.READY
    karta.save()
    assert len(tasks_for(personas.fc, today=TODAY)) == 1  # another nämnd's karta: still open
    karta = karta_ensure(node=tree.BUN, period=period)
    karta.status = KartaStatus.READY
    karta.save()
    assert tasks_for(personas.fc, today=TODAY) == []


def test_a_task_of_another_units_document_stays_open(personas, period, tree):
    from planning.models import DocStatus
    from planning.services.plan import plan_ensure

    plan = plan_ensure(node=tree.SS, period=period)
    plan.status = DocStatus.DONE
    plan.save()
    assert "verksamhetsplan" in [t.step.kind for t in tasks_for(personas.chef, today=TODAY)]
