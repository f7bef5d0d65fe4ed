"""Step 4, mål och budget: strategic areas → overarching goals (kommunfullmäktige) →
nämndmål (each nämnd) with målvärden, and what rests on them and serves them."""

from django.conf import settings
from django.db.models import F, Prefetch, Q

from tillit.org.permissions import VIEW, VIEW_PUBLISHED, can, node_q

from ..models import (
    GoalStatus,
    Namndmal,
    Nulageskarta,
    OverarchingGoal,
    StrategicArea,
    Uppfoljning,
)
from .common import board_of, has_working_access
from .karta import latest_version


def goal_count_warning(node, period):
    """A Swedish warning when a nämnd has more nämndmål than the kommun wants (never blocks)."""
    count = Namndmal.objects.of_board(node, period).count()
    limit = settings.MAX_GOALS_PER_NAMND
    if count > limit:
        return (
            f"{node.namn} har {count} nämndmål. Tillitsbaserad styrning bygger på få och "
            f"tydliga mål – kommunens riktlinje är högst {limit}."
        )
    return ""


def goals_of_board(node, period):
    return list(
        Namndmal.objects.of_board(node, period)
        .select_related("overarching__area")
        .prefetch_related("targets__nyckeltal")
        .in_goal_order()
    )


def goals_for_unit(node, period):
    """The nämndmål a unit can work towards: those of its nämnd."""
    board = board_of(node)
    if board is None:
        return Namndmal.objects.none()
    return Namndmal.objects.of_board(board, period).order_by(
        "overarching__area__order", "overarching__order", "order"
    )


def visible_followup(user, period):
    """The latest follow-up the user may see statuses of."""
    qs = Uppfoljning.objects.for_period(period).order_by("-year", "-kind")
    if not has_working_access(user):
        qs = qs.filter(published=True)
    return qs.first()


def board_level_statuses(fu):
    """Statuses the nämnder set for their own nämndmål and the kommun for overarching goals:
    ({namndmal_id: status}, {overarching_id: status})."""
    if fu is None:
        return {}, {}
    by_goal, by_over = {}, {}
    qs = GoalStatus.objects.filter(followup=fu).filter(
        Q(namndmal__isnull=False, node=F("namndmal__node"))
        | Q(overarching__isnull=False, node__depth=1)
    )
    for st in qs:
        if st.namndmal_id:
            by_goal[st.namndmal_id] = st
        else:
            by_over[st.overarching_id] = st
    return by_goal, by_over


def goal_overview(user, period):
    areas = list(
        StrategicArea.objects.filter(planperiod=period).prefetch_related(
            Prefetch(
                "goals", queryset=OverarchingGoal.objects.prefetch_related("targets__nyckeltal")
            )
        )
    )
    namndmal = (
        Namndmal.objects.for_period(period)
        .filter(node_q(user, VIEW_PUBLISHED))
        .select_related("node")
        .order_by("node__path", "order", "id")
    )
    fu = visible_followup(user, period)
    by_goal, by_over = board_level_statuses(fu)
    beneath = {}
    for g in namndmal:
        g.current_status = by_goal.get(g.pk)
        beneath.setdefault(g.overarching_id, []).append(g)
    for area in areas:
        for og in area.goals.all():
            og.namndmal_list = beneath.get(og.pk, [])
            og.current_status = by_over.get(og.pk)
    return {"areas": areas, "followup": fu}


def overarching_detail(user, goal):
    fu = visible_followup(user, goal.area.planperiod)
    goals = list(goal.namndmal.filter(node_q(user, VIEW_PUBLISHED)).select_related("node"))
    by_goal, by_over = board_level_statuses(fu)
    for g in goals:
        g.current_status = by_goal.get(g.pk)
    return {
        "targets": goal.targets.select_related("nyckeltal"),
        "namndmal": goals,
        "current_status": by_over.get(goal.pk),
        "followup": fu,
        "activities": goal.activities.filter(node_q(user, VIEW, prefix="plan__node__"))
        .select_related("plan__node")
        .order_by("plan__node__path"),
    }


def goal_detail(user, goal):
    """A goal with what it rests on (conclusions → unit analyses) and what serves it."""
    may_view_board = can(user, VIEW, goal.node)
    karta = Nulageskarta.objects.of_node(goal.node, goal.overarching.area.planperiod).first()
    version = latest_version(karta)
    conclusions = []
    if may_view_board or version is not None:
        conclusions = list(
            goal.based_on.select_related("theme", "source__analysis__node").prefetch_related(
                "source__nyckeltal"
            )
        )
    statuses = GoalStatus.objects.filter(namndmal=goal).select_related("node", "followup")
    if not has_working_access(user):
        statuses = statuses.filter(followup__published=True, node=goal.node)
    else:
        statuses = statuses.filter(node_q(user, VIEW) | Q(node=goal.node))
    return {
        "targets": goal.targets.select_related("nyckeltal"),
        "conclusions": conclusions,
        "may_view_board": may_view_board,
        "karta_version": version,
        "activities": goal.activities.filter(node_q(user, VIEW, prefix="plan__node__"))
        .select_related("plan__node", "plan__planperiod")
        .order_by("plan__node__path"),
        "statuses": statuses.order_by("-followup__year", "followup__kind", "node__path"),
    }
