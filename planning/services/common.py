"""What every step of the chain shares: the chosen planperiod, optimistic locking, the board
a node belongs to, and whether a user reads working material at all."""

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from tillit.cycle.models import Planperiod
from tillit.org.models import OrgNode
from tillit.org.permissions import ROLE_ACTIONS, VIEW, assignments


def planperiod_from(request):
    """The planperiod chosen with ?period=<id>, else the current one."""
    pk = request.GET.get("period") or request.POST.get("period")
    if pk and str(pk).isdigit():
        period = Planperiod.objects.filter(pk=pk).first()
        if period:
            return period
    period = Planperiod.current()
    if period is None:
        raise Http404("Det finns ingen planperiod.")
    return period


def board_of(node):
    """The nämnd/styrelse a node belongs to (itself if it is one), or None.

    One query: the ancestors' paths are computed from the node's own path."""
    if node.is_board:
        return node
    return (
        OrgNode.objects.boards().filter(path__in=node.ancestor_paths()).order_by("-depth").first()
    )


def has_working_access(user):
    """Whether the user reads working material anywhere (not only published material)."""
    return user.is_superuser or any(VIEW in ROLE_ACTIONS[a.role] for a in assignments(user))


# --- optimistic locking --------------------------------------------------------------------


class StaleEdit(Exception):
    """Somebody else saved the document after this form was opened."""


STALE_MESSAGE = (
    "Någon annan har sparat dokumentet medan du skrev. Dina ändringar är inte sparade ännu: "
    "jämför med den senaste versionen nedan och spara igen."
)


def save_checked(obj, seen_revision, user):
    """Save `obj` only if nobody has saved it since revision `seen_revision`."""
    with transaction.atomic():
        if obj.pk is not None:
            current = type(obj).objects.select_for_update().only("revision").get(pk=obj.pk)
            if seen_revision is not None and current.revision != seen_revision:
                raise StaleEdit
            obj.revision = current.revision + 1
        obj.updated_by = user
        obj.updated_at = timezone.now()
        obj.save()
    return obj


def stale_form(form, data, obj):
    """Tell the second writer: keep what they typed, show the latest saved version, and let
    them save again on top of it."""
    latest = type(obj).objects.get(pk=obj.pk)
    data["seen_revision"] = str(latest.revision)
    form.add_error(None, STALE_MESSAGE)
    form.latest = latest
    return form
