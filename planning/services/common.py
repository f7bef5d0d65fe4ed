"""What every step of the chain shares: the chosen planperiod, optimistic locking, the board
a node belongs to, and whether a user reads working material at all."""

from django.http import Http404
from django.utils import timezone

from tillit import locking
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


# --- optimistic locking (the one mechanism lives in tillit/locking.py) -------------------


def save_checked(obj, seen_revision, user):
    """Save a living document only if nobody has saved it since `seen_revision`; record who.

    `seen_revision` None is a save by the system (compile, hand-over): it moves the revision
    on without a check, so forms opened before it are told."""
    obj.updated_by = user
    obj.updated_at = timezone.now()
    if seen_revision is None:
        return locking.save_bumped(obj)
    return locking.save_checked(obj, seen_revision)
