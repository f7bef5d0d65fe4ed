"""The dialogue's rough edges: overdue actions flagged, approval only after the meeting, the
planperiod of the plan discussed, figures credited to whoever entered them, the goals item
from the unit's own follow-up, and the support staff's list of dialogues to prepare."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dialogue import services as s
from dialogue.material import material_for
from dialogue.models import ItemKind, Participant
from planning.models import GoalStatus, Namndmal, OverarchingGoal, StrategicArea, Uppfoljning
from tillit.cycle.models import planperiod_create

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
D = datetime.timedelta


def test_godkann_protokollet_only_after_the_meeting(make_dialogue, cast, login):
    d = make_dialogue(date=TODAY + D(days=7))
    client = login(cast.chef)
    page = client.get(d.get_absolute_url()).content.decode()
    assert "Godkänn protokollet" not in page
    assert f"kan godkännas efter dialogen {d.date:%Y-%m-%d}" in page
    response = client.post(reverse("dialogue:approve", args=[d.pk]), follow=True)
    assert "först när dialogen har hållits" in response.content.decode()
    assert not Participant.objects.filter(dialogue=d, approved_at__isnull=False).exists()
    d.date = TODAY
    d.save()
    assert "Godkänn protokollet" in client.get(d.get_absolute_url()).content.decode()
    client.post(reverse("dialogue:approve", args=[d.pk]))
    assert Participant.objects.get(dialogue=d, user=cast.chef).approved_at is not None


def test_overdue_actions_are_flagged(make_dialogue, cast, login):
    first = make_dialogue(date=TODAY - D(days=60))
    late = s.add_action(first, cast.hr, text="Ny rutin för frånvaro", due_on=TODAY - D(days=1))
    s.add_action(first, cast.hr, text="Enkät till vårdnadshavare", due_on=TODAY + D(days=30))
    second = make_dialogue(date=TODAY + D(days=10))
    page = login(cast.chef).get(second.get_absolute_url()).content.decode()
    row = page.split(f'id="atgard-{late.pk}"')[1].split("</li>")[0]
    assert "Försenad" in row
    assert "varav <strong>1 försenade</strong>" in page
    other = page.split("Enkät till vårdnadshavare")[0].rsplit("<li", 1)[1]
    assert "Försenad" not in other


def test_the_planperiod_follows_the_date_of_the_dialogue(tree, cast, period):
    earlier = planperiod_create(budget_year=2026)
    d = s.create_dialogue(
        node=tree.SN,
        date=datetime.date(2026, 3, 10),
        created_by=cast.hr,
        managers=[cast.chef, cast.gs_chef],
        support=[cast.hr],
    )
    assert d.planperiod == earlier  # the plan for 2026 is the one discussed in March 2026
    s.update_dialogue(
        d,
        date=datetime.date(2027, 3, 10),
        theme="",
        managers=[cast.chef, cast.gs_chef],
        support=[cast.hr],
    )
    d.refresh_from_db()
    assert d.planperiod == period


def test_the_plan_form_no_longer_forces_the_current_planperiod(tree, cast, login, period):
    planperiod_create(budget_year=2026)
    page = login(cast.hr).get(reverse("dialogue:plan", args=["SN"])).content.decode()
    assert "Efter datum (budgetåret dialogen hålls i)" in page
    select = page.split('name="planperiod"')[1].split("</select>")[0]
    assert 'value="" selected' in select


def test_the_dialogue_shows_the_plan_of_its_planperiod(make_dialogue, cast, login, tree, period):
    from planning.services.plan import plan_ensure

    plan = plan_ensure(node=tree.SN, period=period)
    d = make_dialogue()
    page = login(cast.chef).get(d.get_absolute_url()).content.decode()
    assert f'href="{plan.get_absolute_url()}"' in page and "verksamhetsplan 2027" in page


def test_the_economy_figures_are_credited_to_whoever_entered_them(make_dialogue, cast, login):
    d = make_dialogue()
    s.save_economy(d, cast.hr, {"budget": 100, "prognos": 90, "utfall": 40})
    page = login(cast.chef).get(d.get_absolute_url()).content.decode()
    assert f"Inlagt av {cast.hr} (stödfunktion hr)" in page
    item = d.items.get(kind=ItemKind.EKONOMI)
    item.dialogue = d
    assert material_for(item)["entered_as"] == "Stödfunktion HR"


def test_the_goals_item_comes_from_the_units_own_follow_up(make_dialogue, tree, period):
    area = StrategicArea.objects.create(planperiod=period, title="Utbildning")
    over = OverarchingGoal.objects.create(area=area, title="Alla elever lyckas")
    goal = Namndmal.objects.create(node=tree.BUN, overarching=over, title="Fler behöriga")
    delar = Uppfoljning.objects.create(planperiod=period, year=2027, kind="ars")
    GoalStatus.objects.create(followup=delar, node=tree.SN, namndmal=goal, status="gul")
    # A later follow-up where the unit has not judged anything yet (only the nämnd).
    later = Uppfoljning.objects.create(planperiod=period, year=2028, kind="delar")
    GoalStatus.objects.create(followup=later, node=tree.BUN, namndmal=goal, status="gron")
    d = make_dialogue()
    item = d.items.get(kind=ItemKind.MAL)
    item.dialogue = d
    data = material_for(item)
    assert data["followup"] == str(delar) and data["own"] == 1
    assert data["goals"][0]["by"] == tree.SN.namn
    assert data["url"] == reverse("planning:followup_node", args=[delar.pk, "SN"])


def test_support_staff_see_the_dialogues_they_prepare_soonest_first(
    make_dialogue, cast, login, tree
):
    later = make_dialogue(date=TODAY + D(days=40))
    sooner = make_dialogue(date=TODAY + D(days=10))
    make_dialogue(date=TODAY - D(days=10))  # held already
    ready = make_dialogue(date=TODAY + D(days=20))
    for item in ready.items.all():
        s.set_prepared(item, cast.hr)
    assert list(s.dialogues_to_prepare(cast.hr)) == [sooner, later]
    # A chef of another unit prepares none of them.
    assert list(s.dialogues_to_prepare(cast.sibling)) == []
    page = login(cast.hr).get(reverse("home")).content.decode()
    assert "Nästa dialog att förbereda" in page and sooner.get_absolute_url() in page
    page = login(cast.hr).get(reverse("dialogue:prepare")).content.decode()
    assert page.index(sooner.get_absolute_url()) < page.index(later.get_absolute_url())
    assert ready.get_absolute_url() not in page
