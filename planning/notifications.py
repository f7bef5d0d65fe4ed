"""What the planning chain tells people (tillit.notifications): a nulägeskarta handed over and a
follow-up published (to the nämnd's members), the deadlines of the activities in a
verksamhetsplan (daily, once per person, activity, deadline and kind). The page each årshjul
step links to is planning/documents.py's. Registered in PlanningConfig.ready."""

import datetime

from django.conf import settings
from django.urls import reverse

from tillit.notifications.models import Kind
from tillit.notifications.readers import Published
from tillit.notifications.service import notify, register_daily_check
from tillit.org.models import OrgNode, Role, RoleAssignment, User

from .models import Activity, ActivityStatus


def board_members(board):
    """The förtroendevalda of a nämnd/styrelse."""
    return User.objects.filter(
        is_active=True, roles__role=Role.FORTROENDEVALD, roles__node=board
    ).distinct()


def karta_handed_over(version):
    karta = version.karta
    node = karta.node
    return notify(
        board_members(node),
        Kind.KARTA_HANDED_OVER,
        f"Nulägeskarta {node.namn} {karta.planperiod.budget_year} har lämnats över till "
        f"nämnden (version {version.number})",
        reverse("planning:karta_version", args=[version.pk]),
        about=Published(node),
        key=f"karta-version:{version.pk}",
    )


def followup_published(fu):
    """A published follow-up is the report every nämnd receives: each nämnd's members."""
    root = OrgNode.objects.kommun()
    boards = list(OrgNode.objects.boards().open())
    members = User.objects.filter(
        is_active=True, roles__role=Role.FORTROENDEVALD, roles__node__in=boards
    ).distinct()
    return notify(
        members,
        Kind.REPORT_HANDED_OVER,
        f"{fu} är publicerad för nämnden (version {fu.published_version})",
        fu.get_absolute_url(),
        about=Published(root),
        key=f"uppfoljning:{fu.pk}:{fu.published_version}",
    )


def activity_deadlines(today):
    """Activities of verksamhetsplaner not done, ending within REMINDER_DAYS_BEFORE days or
    past: their unit's chefs are told once before and once after (notify's key)."""
    soon = today + datetime.timedelta(days=settings.REMINDER_DAYS_BEFORE)
    activities = list(
        Activity.objects.filter(ends_on__isnull=False, ends_on__lte=soon)
        .exclude(status=ActivityStatus.DONE)
        .filter(ends_on__gte=today - datetime.timedelta(days=60))
        .select_related("plan__node")
    )
    chefs = {}
    for a in RoleAssignment.objects.filter(
        role=Role.CHEF,
        node_id__in={x.plan.node_id for x in activities},
        user__is_active=True,
    ).select_related("user"):
        chefs.setdefault(a.node_id, []).append(a.user)
    count = 0
    for act in activities:
        node = act.plan.node
        if node.is_closed:
            continue
        overdue = act.ends_on < today
        title = (
            f"Försenad aktivitet: {act.title} ({node.namn}), klar senast {act.ends_on:%Y-%m-%d}"
            if overdue
            else f"Aktivitet klar senast {act.ends_on:%Y-%m-%d}: {act.title} ({node.namn})"
        )
        count += len(
            notify(
                chefs.get(node.pk, []),
                Kind.DEADLINE_OVERDUE if overdue else Kind.DEADLINE_SOON,
                title,
                act.plan.get_absolute_url() + f"#aktivitet-{act.pk}",
                about=node,
                key=f"aktivitet:{act.pk}:{act.ends_on:%Y-%m-%d}",
            )
        )
    return count


def register():
    register_daily_check(activity_deadlines)
