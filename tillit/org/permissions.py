"""The one permission check.

A role is held on a node and reaches that node's subtree. Every view and every list query asks
`can(user, action, node)` or filters with `nodes_where(user, action)`; objects are fetched with
`authorize(user, action, node)`, which answers 404 to outsiders and 403 to those who may look
but not do.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from .models import OrgNode, Role, RoleAssignment

# Actions. Keep the list short: each is a distinct kind of right, not a page.
VIEW = "view"  # read a node's working material, drafts included
VIEW_PUBLISHED = "view_published"  # read what has been published/handed to the politicians
EDIT = "edit"  # write the unit's own documents: nulägesanalys, verksamhetsplan, nulägeskoll
PREPARE = "prepare"  # prepare dialogue agendas and figures, follow up actions
COMPILE = "compile"  # compile the nulägeskarta, set nämndmål, hand material to the nämnd
MANAGE = "manage"  # organisation, users, roles, årshjul, imports, report exports

ACTIONS = [VIEW, VIEW_PUBLISHED, EDIT, PREPARE, COMPILE, MANAGE]

ROLE_ACTIONS = {
    Role.ADMIN: {VIEW, VIEW_PUBLISHED, EDIT, PREPARE, COMPILE, MANAGE},
    Role.FORVALTNINGSCHEF: {VIEW, VIEW_PUBLISHED, EDIT, PREPARE, COMPILE},
    Role.CHEF: {VIEW, VIEW_PUBLISHED, EDIT, PREPARE},
    # Support functions support, they do not steer: they prepare, they do not write plans.
    Role.STOD: {VIEW, VIEW_PUBLISHED, PREPARE},
    Role.FORTROENDEVALD: {VIEW_PUBLISHED},
}


def assignments(user):
    """The user's role assignments, fetched once per request (cached on the user object)."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_tillit_assignments", None)
    if cached is None:
        cached = list(
            RoleAssignment.objects.filter(user=user).select_related("node").order_by("node__path")
        )
        user._tillit_assignments = cached
    return cached


def roles_of(user):
    return {a.role for a in assignments(user)}


def can(user, action, node):
    """May `user` do `action` on `node`?"""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    for a in assignments(user):
        if action in ROLE_ACTIONS[a.role] and node.path.startswith(a.node.path):
            return True
        # Published kommun- and nämnd-level material above one's place is readable too
        # (a politician on a nämnd sees the kommun's published figures).
        if action == VIEW_PUBLISHED and a.node.path.startswith(node.path):
            return True
    return False


def nodes_where(user, action, queryset=None):
    """The nodes on which `user` may do `action`, as one queryset (prefix conditions on path)."""
    qs = OrgNode.objects.all() if queryset is None else queryset
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return qs.none()
    if user.is_superuser:
        return qs
    condition = Q()
    for a in assignments(user):
        if action in ROLE_ACTIONS[a.role]:
            condition |= Q(path__startswith=a.node.path)
            if action == VIEW_PUBLISHED:
                condition |= Q(path__in=a.node.ancestor_paths())
    if not condition:
        return qs.none()
    return qs.filter(condition)


def node_q(user, action, prefix="node__"):
    """A Q filter for any model with a node foreign key: `Model.objects.filter(node_q(...))`.

    Never an empty Q(): Django drops an empty Q when it is OR-ed with another condition, which
    would turn "everything" into "only the other condition".
    """
    if user.is_superuser:
        return Q(**{f"{prefix}path__startswith": ""})
    condition = Q(pk__in=[])
    for a in assignments(user):
        if action in ROLE_ACTIONS[a.role]:
            condition |= Q(**{f"{prefix}path__startswith": a.node.path})
            if action == VIEW_PUBLISHED:
                condition |= Q(**{f"{prefix}path__in": a.node.ancestor_paths()})
    return condition


def authorize(user, action, node):
    """Raise unless `user` may do `action` on `node`.

    Outsiders (who may not even read the node) get 404, so the page does not reveal that the
    thing exists; those who may read but not do get 403.
    """
    if can(user, action, node):
        return
    if can(user, VIEW, node) or can(user, VIEW_PUBLISHED, node):
        raise PermissionDenied("Du har inte behörighet att göra detta.")
    raise Http404("Sidan finns inte.")


def get_node(user, kod, action=VIEW):
    """The node with `kod` if `user` may do `action` on it (404/403 otherwise)."""
    node = OrgNode.objects.filter(kod=kod).first()
    if node is None:
        raise Http404("Enheten finns inte.")
    authorize(user, action, node)
    return node
