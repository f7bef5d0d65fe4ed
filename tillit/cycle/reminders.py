"""Deadline reminders, sent by an hourly beat task. Each goes out once (stamped in
ReminderSent): one a few days before the deadline, one when it has passed."""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tillit.org.models import RoleAssignment

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
            if (step.id, a.user_id, a.node_id, kind) in sent or not a.user.email:
                continue
            due.append((step, a, kind))
    return due


def send_due_reminders(today=None, base_url=""):
    """Send what is due; returns the number of e-mails sent. Safe to run concurrently."""
    today = today or timezone.localdate()
    count = 0
    for step, a, kind in due_reminders(today):
        try:
            with transaction.atomic():
                ReminderSent.objects.create(step=step, user=a.user, node=a.node, kind=kind)
                send_mail(
                    subject=_subject(step, a, kind),
                    message=_body(step, a, kind, today, base_url),
                    from_email=None,
                    recipient_list=[a.user.email],
                )
        except IntegrityError:
            continue  # another worker stamped it first
        count += 1
    return count


def _subject(step, a, kind):
    if kind == ReminderSent.OVERDUE:
        return f"Försenad: {step.display_title} för {a.node.namn}"
    return f"Påminnelse: {step.display_title} för {a.node.namn} senast {step.deadline:%Y-%m-%d}"


def _body(step, a, kind, today, base_url):
    days = (step.deadline - today).days
    when = (
        f"Sista dag var {step.deadline:%Y-%m-%d}, för {-days} dagar sedan."
        if kind == ReminderSent.OVERDUE
        else f"Sista dag är {step.deadline:%Y-%m-%d} (om {days} dagar)."
    )
    return (
        f"Hej {a.user.first_name or a.user.username}!\n\n"
        f"{step.display_title} för {a.node.namn} är inte markerat som klart i Tillit.\n"
        f"{when}\n\n"
        f"Dina uppgifter: {base_url}{reverse('home')}\n\n"
        "Det här är ett automatiskt meddelande från Tillit."
    )
