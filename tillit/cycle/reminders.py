"""Deadline reminders, made by an hourly beat task. Each goes out once (stamped in
ReminderSent): one a few days before the deadline, one when it has passed. They are
notifications (the "Att göra och händelser" list), e-mailed as each person chose, and link to
the step's document or page as the start page links it (tillit/cycle/documents.py)."""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tillit.notifications.models import Kind
from tillit.notifications.service import notify
from tillit.org.models import RoleAssignment

from . import documents
from .models import CycleStep, Planperiod, ReminderSent
from .tasks_for_user import done_pairs


def due_reminders(today=None):
    """(step, assignment, kind) for every reminder that should have gone out by `today`."""
    today = today or timezone.localdate()
    period = Planperiod.current()
    if period is None:
        return []
    soon = today + datetime.timedelta(days=settings.REMINDER_DAYS_BEFORE)
    steps = list(CycleStep.objects.filter(planperiod=period, deadline__lte=soon))
    if not steps:
        return []
    roles = {s.responsible_role for s in steps}
    assignments = list(
        RoleAssignment.objects.filter(
            role__in=roles, user__is_active=True, node__closed_on__isnull=True
        ).select_related("user", "node")
    )
    done = done_pairs(steps, {a.node_id for a in assignments}, period)
    sent = set(
        ReminderSent.objects.filter(step__in=steps).values_list(
            "step_id", "user_id", "node_id", "kind"
        )
    )
    due = []
    for step in steps:
        kind = ReminderSent.OVERDUE if step.deadline < today else ReminderSent.UPCOMING
        for a in assignments:
            if a.role != step.responsible_role or (step.id, a.node_id) in done:
                continue
            if (step.id, a.user_id, a.node_id, kind) in sent:
                continue
            due.append((step, a, kind))
    return due


def step_url(step, node):
    """The step's document or page for `node`, as the start page links it; else the start page."""
    return documents.url_of(step.kind, node, step.planperiod) or reverse("home")


def send_due_reminders(today=None):
    """Notify what is due; returns the number of reminders made. Safe to run concurrently."""
    today = today or timezone.localdate()
    count = 0
    for step, a, kind in due_reminders(today):
        try:
            with transaction.atomic():
                ReminderSent.objects.create(step=step, user=a.user, node=a.node, kind=kind)
                made = notify(
                    [a.user],
                    Kind.DEADLINE_OVERDUE if kind == ReminderSent.OVERDUE else Kind.DEADLINE_SOON,
                    _subject(step, a, kind),
                    step_url(step, a.node),
                    about=a.node,
                    key=f"steg:{step.pk}:{a.node_id}",
                )
        except IntegrityError:
            continue  # another worker stamped it first
        count += len(made)
    return count


def _subject(step, a, kind):
    if kind == ReminderSent.OVERDUE:
        return f"Försenad: {step.display_title} för {a.node.namn}"
    return f"Påminnelse: {step.display_title} för {a.node.namn} senast {step.deadline:%Y-%m-%d}"
