"""Domain rules of the planning chain: freezing on hand-over, versions, traceability, goals."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from planning.models import (
    Activity,
    FrozenError,
    KartaStatus,
    Malvarde,
    Namndmal,
    Verksamhetsplan,
)
from planning.services.analysis import citing_conclusions
from planning.services.common import StaleEdit, save_checked
from planning.services.followup import (
    followup_create,
    followup_items,
    indicator_values,
    suggest_status,
)
from planning.services.goals import goal_count_warning
from planning.services.karta import (
    HandoverError,
    karta_ensure,
    karta_hand_over,
    latest_version,
    theme_add,
)
from planning.services.plan import plan_ensure, plan_revisions


def test_handing_over_freezes_the_content_and_later_edits_leave_it_alone(chain, personas):
    version = karta_hand_over(karta=chain.bun, user=personas.fc)
    assert version.number == 1
    chain.bun.refresh_from_db()
    assert chain.bun.status == KartaStatus.HANDED_OVER

    chain.conclusion.text = "Omskriven efter överlämningen."
    chain.conclusion.save()
    theme_add(karta=chain.bun, title="Nytt tema", user=personas.fc)

    version.refresh_from_db()
    texts = [c["text"] for t in version.content["themes"] for c in t["conclusions"]]
    assert texts == ["Tryggheten i skolan behöver stärkas."]
    assert [t["title"] for t in version.content["themes"]] == ["Trygghet"]
    chain.bun.refresh_from_db()
    assert chain.bun.status == KartaStatus.DRAFT


def test_each_hand_over_makes_the_next_version_and_keeps_the_earlier(chain, personas):
    first = karta_hand_over(karta=chain.bun, user=personas.fc)
    theme_add(karta=chain.bun, title="Kompetens", user=personas.fc)
    second = karta_hand_over(karta=chain.bun, user=personas.fc)
    assert (first.number, second.number) == (1, 2)
    assert len(first.content["themes"]) == 1
    assert len(second.content["themes"]) == 2
    assert latest_version(chain.bun) == second


def test_handing_over_twice_without_changes_is_refused(chain, personas):
    karta_hand_over(karta=chain.bun, user=personas.fc)
    with pytest.raises(HandoverError, match="redan överlämnad"):
        karta_hand_over(karta=chain.bun, user=personas.fc)
    assert chain.bun.versions.count() == 1


def test_an_empty_nulageskarta_cannot_be_handed_over(tree, personas, period):
    karta = karta_ensure(node=tree.BUN, period=period)
    with pytest.raises(HandoverError, match="minst ett tema"):
        karta_hand_over(karta=karta, user=personas.fc)


def test_a_handed_over_version_can_be_neither_changed_nor_deleted(chain, personas):
    version = karta_hand_over(karta=chain.bun, user=personas.fc)
    version.content = {"themes": []}
    with pytest.raises(FrozenError):
        version.save()
    with pytest.raises(FrozenError):
        version.delete()


def test_a_handed_over_conclusion_leads_to_the_unit_section_and_its_nyckeltal(chain, personas):
    version = karta_hand_over(karta=chain.bun, user=personas.fc)
    source = version.content["themes"][0]["conclusions"][0]["source"]
    assert source["section_id"] == chain.section.pk
    assert source["node_kod"] == "SN"
    assert source["text"] == "Tryggheten har minskat på rasterna."
    assert [n["code"] for n in source["nyckeltal"]] == ["LOK-TEST"]
    # and back up: the unit sees which karta uses its section
    cited = citing_conclusions([chain.section])
    assert [c.pk for c in cited[chain.section.pk]] == [chain.conclusion.pk]


def test_the_goal_count_warns_above_the_limit_but_does_not_block(chain, tree, settings):
    settings.MAX_GOALS_PER_NAMND = 2
    assert goal_count_warning(tree.BUN, chain.area.planperiod) == ""
    for i in range(2):
        Namndmal.objects.create(node=tree.BUN, overarching=chain.over, title=f"Mål {i}")
    warning = goal_count_warning(tree.BUN, chain.area.planperiod)
    assert "3 nämndmål" in warning
    assert "högst 2" in warning
    assert Namndmal.objects.filter(node=tree.BUN).count() == 3


def test_a_target_takes_its_direction_from_the_nyckeltal_unless_set(chain):
    target = chain.goal.targets.get()
    assert target.effective_direction == "higher"
    target.direction = "lower"
    assert target.effective_direction == "lower"


def test_a_target_belongs_to_exactly_one_goal(chain):
    with pytest.raises(IntegrityError), transaction.atomic():
        Malvarde.objects.create(nyckeltal=chain.nyckeltal, year=2027, target=Decimal("1"))


def test_a_second_save_on_an_old_revision_is_refused(chain, tree, personas, period):
    plan = plan_ensure(node=tree.SN, period=period)
    seen = plan.revision
    first = Verksamhetsplan.objects.get(pk=plan.pk)
    first.mission = "Först"
    save_checked(first, seen, personas.chef)
    second = Verksamhetsplan.objects.get(pk=plan.pk)
    second.mission = "Sedan"
    with pytest.raises(StaleEdit):
        save_checked(second, seen, personas.admin)
    plan.refresh_from_db()
    assert plan.mission == "Först"
    assert plan.revision == seen + 1


def test_a_new_plan_starts_from_the_boards_karta_and_the_omvarldsanalys(chain, tree, period):
    plan = plan_ensure(node=tree.SN, period=period)
    assert plan.nulageskarta == chain.bun
    assert plan.omvarldsanalys == chain.trend.analysis


def test_the_plan_history_says_who_changed_what(chain, tree, personas, period):
    plan = plan_ensure(node=tree.SN, period=period)
    plan.mission = "Vårt uppdrag"
    plan._history_user = personas.chef
    save_checked(plan, plan.revision, personas.chef)
    activity = Activity.objects.create(plan=plan, title="Rastaktiviteter")
    activity.namndmal.add(chain.goal)
    rows = plan_revisions(plan)
    whats = [r["what"] for r in rows]
    assert any("Vad är vårt uppdrag?" in w for w in whats)
    assert any("Rastaktiviteter" in w for w in whats)
    assert any(r["who"] == personas.chef for r in rows)
    # the unit manager sees which goal the activity serves, and the goal sees the activity
    assert list(chain.goal.activities.all()) == [activity]


def test_a_unit_assesses_the_goals_its_plan_serves(chain, tree, period):
    plan = plan_ensure(node=tree.SN, period=period)
    Activity.objects.create(plan=plan, title="Rastvärdar").namndmal.add(chain.goal)
    fu = followup_create(period=period, kind="delar", year="2027")
    items = followup_items(fu, tree.SN)
    assert [g for g, _ in items["goals"]] == [chain.goal]
    assert followup_create(period=period, kind="delar", year="1999") is None


def test_the_targets_suggest_a_status_from_the_outcomes(chain):
    higher = chain.goal.targets.get()  # Andel trygga elever ≥ 90, higher is better
    lower = Malvarde(
        namndmal=chain.goal,
        nyckeltal=chain.nyckeltal,
        year=2027,
        target=Decimal("10"),
        direction="lower",
    )
    lower.nyckeltal_id = -1  # a second indicator, looked up separately
    suggest = suggest_status
    assert suggest([higher], {}) == ""
    assert suggest([higher], {chain.nyckeltal.pk: Decimal("90")}) == "gron"
    assert suggest([higher], {chain.nyckeltal.pk: Decimal("89.9")}) == "rod"
    assert suggest([higher, lower], {chain.nyckeltal.pk: Decimal("95"), -1: Decimal("12")}) == (
        "gul"
    )


def test_a_status_other_than_the_suggested_one_needs_a_reason(chain, period):
    from planning.forms import GoalStatusForm
    from planning.models import GoalStatus, Uppfoljning

    fu = Uppfoljning.objects.create(planperiod=period, year=2027, kind="delar")
    instance = GoalStatus(followup=fu, node=chain.goal.node, namndmal=chain.goal)
    form = GoalStatusForm({"status": "gron"}, instance=instance, suggested="gul")
    assert not form.is_valid()
    assert "Skriv varför du bedömer annorlunda." in form.errors["deviation_reason"][0]
    assert "delvis uppfyllt" in form.errors["deviation_reason"][0]
    form = GoalStatusForm(
        {"status": "gron", "deviation_reason": "Utfallet för hösten är redan känt."},
        instance=instance,
        suggested="gul",
    )
    assert form.is_valid(), form.errors
    saved = form.save()
    assert (saved.suggested, saved.status) == ("gul", "gron")
    without = GoalStatusForm(
        {"status": "gron"},
        instance=GoalStatus(followup=fu, node=chain.goal.node, namndmal=chain.goal),
        suggested="",
    )
    assert without.is_valid()
    assert "deviation_reason" not in without.fields


def test_outcomes_come_from_nyckeltal_values_local_per_node_and_kolada_for_the_kommun(chain, tree):
    from django.utils import timezone

    from planning.models.nyckeltal import Nyckeltal, NyckeltalValue

    def value_(**kwargs):
        return NyckeltalValue.objects.create(fetched_at=timezone.now(), **kwargs)

    kolada = Nyckeltal.objects.create(code="N15419", title="Behöriga åk 9", source="kolada")
    value_(nyckeltal=chain.nyckeltal, node=tree.BUN, period=2027, value=Decimal("91.5"))
    value_(nyckeltal=chain.nyckeltal, node=tree.SN, period=2027, value=Decimal("50"))
    value_(nyckeltal=kolada, municipality="K", period=2027, value=Decimal("77.3"))
    value_(nyckeltal=kolada, municipality="0000", period=2027, value=Decimal("80"))
    value_(nyckeltal=kolada, municipality="K", period=2026, value=None)
    values = indicator_values({chain.nyckeltal.pk, kolada.pk}, 2027, tree.BUN)
    assert values == {chain.nyckeltal.pk: Decimal("91.5"), kolada.pk: Decimal("77.3")}
    assert indicator_values({kolada.pk}, 2026, tree.BUN) == {}  # missing stays missing
    higher = chain.goal.targets.get()
    assert suggest_status([higher], values) == "gron"
