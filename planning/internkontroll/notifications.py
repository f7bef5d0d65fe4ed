"""Controls due (tillit.notifications): a control of an adopted internkontrollplan with a
responsible person, not yet carried out, is notified to that person once when its month ends
within REMINDER_DAYS_BEFORE days and once when it has passed. Registered in the app's ready()."""

import datetime

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.urls import reverse

from tillit.notifications.models import Kind
from tillit.notifications.readers import register_reader
from tillit.notifications.service import notify, register_daily_check
from tillit.org.permissions import can_record_own

from .models import Kontrollmoment, Kontrollresultat
from .services import _adopted_only


def controls_due(today):
    soon = today + datetime.timedelta(days=settings.REMINDER_DAYS_BEFORE)
    candidates = (
        Kontrollmoment.objects.filter(
            responsible__isnull=False,
            responsible__is_active=True,
            month__isnull=False,
            plan__year__gte=today.year - 1,
            plan__year__lte=soon.year,
            plan__versions__isnull=False,
        )
        .exclude(Exists(Kontrollresultat.objects.filter(control=OuterRef("pk"))))
        .select_related("plan__node", "responsible")
        .prefetch_related("plan__versions")
        .distinct()
    )
    count = 0
    for c in _adopted_only(candidates):
        due = c.due_on
        if due is None or due > soon:
            continue
        overdue = due < today
        title = (
            f"Försenad kontroll: {c.title} ({c.plan.node.namn}), skulle vara gjord {due:%Y-%m-%d}"
            if overdue
            else f"Kontroll att göra senast {due:%Y-%m-%d}: {c.title} ({c.plan.node.namn})"
        )
        count += len(
            notify(
                [c.responsible],
                Kind.CONTROL_DUE,
                title,
                reverse("internkontroll:control", args=[c.pk]),
                about=c,
                key=f"kontroll:{c.pk}:{due:%Y-%m-%d}:{'forsenad' if overdue else 'snart'}",
            )
        )
    return count


def actions_assigned(control, actions, by):
    """Actions decided after a deviation go to the control's responsible person, unless they
    recorded them themselves."""
    if not actions or control.responsible_id is None or control.responsible_id == by.pk:
        return []
    texts = "; ".join(a.text for a in actions)
    return notify(
        [control.responsible],
        Kind.ACTION_ASSIGNED,
        f"Åtgärd till dig efter kontrollen {control.title} ({control.plan.node.namn}): {texts}",
        reverse("internkontroll:control", args=[control.pk]),
        about=control,
        key=f"kontroll-atgard:{actions[0].pk}",
    )


def register():
    # The control's page is its responsible person's, and whoever prepares the plan's node.
    register_reader(
        Kontrollmoment, lambda user, c: can_record_own(user, c.plan.node, c.responsible_id)
    )
    register_daily_check(controls_due)
