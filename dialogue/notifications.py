"""What dialogues tell people (tillit.notifications): an action assigned to you, and a dialogue
two weeks away whose preparation is not done (to the support staff taking part, once per
dialogue and date). Who may read a dialogue is its own rule (participants and the unit's line,
services.can_read_dialogue), registered as the notifications' reader. Registered in ready()."""

import datetime

from django.db.models import Count, Q

from tillit.notifications.models import Kind
from tillit.notifications.readers import register_reader
from tillit.notifications.service import notify, register_daily_check

from .models import Dialogue, Participant, ParticipantRole

PREPARATION_DAYS = 14


def action_assigned(action, by=None):
    """Tell the responsible person about an action given to them (not when they gave it)."""
    if action.responsible is None or (by is not None and action.responsible_id == by.pk):
        return []
    dialogue = action.dialogue
    url = dialogue.get_absolute_url() + (f"#{action.item.anchor}" if action.item_id else "")
    due = f", klar senast {action.due_on:%Y-%m-%d}" if action.due_on else ""
    return notify(
        [action.responsible],
        Kind.ACTION_ASSIGNED,
        f"Åtgärd till dig från verksamhetsdialogen {dialogue.date:%Y-%m-%d} "
        f"({dialogue.node.namn}): {action.text}{due}",
        url,
        about=dialogue,
        key=f"dialog-atgard:{action.pk}",
    )


def preparation_due(today):
    """Dialogues within two weeks (today included), not locked, with items not yet prepared:
    each support participant is told once per dialogue and date."""
    dialogues = list(
        Dialogue.objects.filter(
            date__gte=today,
            date__lte=today + datetime.timedelta(days=PREPARATION_DAYS),
            locked_at__isnull=True,
        )
        .annotate(
            total=Count("items", distinct=True),
            prepared=Count("items", filter=Q(items__prepared_at__isnull=False), distinct=True),
        )
        .select_related("node")
        .prefetch_related("participants")
    )
    count = 0
    for d in dialogues:
        if d.total and d.prepared == d.total:
            continue
        support = [
            p.user
            for p in Participant.objects.filter(dialogue=d)
            .exclude(role=ParticipantRole.LEDNING)
            .select_related("user")
        ]
        left = d.total - d.prepared
        count += len(
            notify(
                support,
                Kind.DIALOGUE_PREPARATION,
                f"Verksamhetsdialogen {d.date:%Y-%m-%d} ({d.node.namn}) är om "
                f"{(d.date - today).days} dagar: {left} av {d.total} punkter är inte förberedda",
                d.get_absolute_url(),
                about=d,
                key=f"dialog-forbered:{d.pk}:{d.date:%Y-%m-%d}",
            )
        )
    return count


def register():
    from .services import can_read_dialogue

    register_reader(Dialogue, can_read_dialogue)
    register_daily_check(preparation_due)
