"""Step 5, the verksamhetsplan: per unit, four questions, the nämndmål it works towards and
its activities; a living document with its history."""

from django.db import transaction

from ..models import Activity, Nulageskarta, Omvarldsanalys, Verksamhetsplan
from .common import board_of, save_checked


def plan_ensure(*, node, period):
    """The unit's plan for the planperiod, created on first use from its nämnd's nulägeskarta
    and the omvärldsanalys."""
    plan = Verksamhetsplan.objects.of_node(node, period).first()
    if plan is None:
        board = board_of(node)
        plan = Verksamhetsplan.objects.create(
            node=node,
            planperiod=period,
            nulageskarta=Nulageskarta.objects.of_node(board, period).first() if board else None,
            omvarldsanalys=Omvarldsanalys.objects.for_period(period).first(),
        )
    return plan


def activities_of(plan):
    return list(
        Activity.objects.filter(plan=plan)
        .prefetch_related("namndmal", "overarching")
        .order_by("status", "starts_on", "id")
    )


def plan_revisions(plan, limit=50):
    """The plan's and its activities' history, newest first, with changed fields in Swedish."""
    rows = []
    records = list(plan.history.select_related("history_user").order_by("-history_date")[:limit])
    for i, rec in enumerate(records):
        prev = records[i + 1] if i + 1 < len(records) else None
        changed = []
        if prev is not None:
            changed = [
                str(plan._meta.get_field(c.field).verbose_name)
                for c in rec.diff_against(prev).changes
                if c.field not in ("updated_at", "updated_by")
            ]
        rows.append(
            {
                "when": rec.history_date,
                "who": rec.history_user,
                "what": "Planen skapades"
                if rec.history_type == "+"
                else ("Ändrade: " + ", ".join(changed) if changed else "Sparad"),
                "record": rec,
            }
        )
    act_history = Activity.history.filter(plan_id=plan.pk).select_related("history_user")
    for rec in act_history.order_by("-history_date")[:limit]:
        verb = {"+": "Ny aktivitet", "~": "Ändrad aktivitet", "-": "Borttagen aktivitet"}
        rows.append(
            {
                "when": rec.history_date,
                "who": rec.history_user,
                "what": f"{verb[rec.history_type]}: {rec.title} ({rec.get_status_display()})",
                "record": rec,
            }
        )
    rows.sort(key=lambda r: r["when"], reverse=True)
    return rows[:limit]


def plan_save(*, form, user):
    with transaction.atomic():
        plan = form.save(commit=False)
        save_checked(plan, form.seen(), user)
        form.save_m2m()
    return plan


def activity_save(*, form, plan, user):
    """Save an activity; the plan records who changed it last (and keeps the history)."""
    with transaction.atomic():
        activity = form.save()
        save_checked(plan, None, user)
    return activity
