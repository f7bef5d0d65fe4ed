"""The one permission check.

A role is held on a node and reaches that node's subtree. Every view and every list query asks
`can(user, action, node)` or filters with `nodes_where(user, action)` / `node_q(user, action)`;
objects are fetched with `authorize(user, action, node)`, which answers 404 to outsiders and 403
to those who may look but not do.

The board rule: a nämnd's förvaltning works for it, so a role held on a förvaltning directly
under a nämnd/styrelse also acts on that board node itself (the förvaltningschef compiles the
nulägeskarta and hands over the nämndrapport for her nämnd). It reaches the board node only,
never the board's other förvaltningar.

Kommun-wide administration (organisation, users, imports, the Kolada and HME set-up) is
MANAGE on the kommun root: ask `is_kommun_admin(user)` or gate a view with
`authorize_kommun_admin(user)`.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from .models import BOARD_TYPES, NodeType, OrgNode, Role, RoleAssignment, SupportFunction

# Actions. Keep the list short: each is a distinct kind of right, not a page.
VIEW = "view"  # read a node's working material, drafts included
VIEW_PUBLISHED = "view_published"  # read what has been published/handed to the politicians
EDIT = "edit"  # write the unit's own documents: nulägesanalys, verksamhetsplan, nulägeskoll
PREPARE = "prepare"  # prepare dialogue agendas and figures, follow up actions
COMPILE = "compile"  # compile the nulägeskarta, set nämndmål, hand material to the nämnd
MANAGE = "manage"  # organisation, users, roles, årshjul, imports, report exports
# Comment on a unit's drafts (nulägesanalys, verksamhetsplan, follow-up): the line above and the
# unit's support staff. Not a role's subtree like the others: see COMMENT_BELOW / COMMENT_AT.
COMMENT = "comment"

ACTIONS = [VIEW, VIEW_PUBLISHED, EDIT, PREPARE, COMPILE, MANAGE, COMMENT]

ROLE_ACTIONS = {
    Role.ADMIN: {VIEW, VIEW_PUBLISHED, EDIT, PREPARE, COMPILE, MANAGE},
    Role.FORVALTNINGSCHEF: {VIEW, VIEW_PUBLISHED, EDIT, PREPARE, COMPILE},
    Role.CHEF: {VIEW, VIEW_PUBLISHED, EDIT, PREPARE},
    # Support functions support, they do not steer: they prepare, they do not write plans.
    Role.STOD: {VIEW, VIEW_PUBLISHED, PREPARE},
    Role.FORTROENDEVALD: {VIEW_PUBLISHED},
}

# Who comments on a node's drafts. The line above (förvaltningschef, verksamhetschef) comments
# on the units below the node they hold, never on their own node's documents (those they write
# and answer); support staff comment on their places, the node they hold included. A
# förtroendevald never: comments are working material and never reach the politicians.
COMMENT_BELOW = {Role.ADMIN, Role.FORVALTNINGSCHEF, Role.CHEF}
COMMENT_AT = {Role.ADMIN, Role.STOD}


def _comments_on(a, path):
    """Does assignment `a` give COMMENT on the node at `path`?"""
    if not path.startswith(a.node.path):
        return False
    return a.role in COMMENT_AT or (a.role in COMMENT_BELOW and path != a.node.path)


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


def _board_path(assignment):
    """The path of the board an assignment's förvaltning works for, or None (the board rule)."""
    node = assignment.node
    if node.typ != NodeType.FORVALTNING or node.depth < 2:
        return None
    parent = getattr(node, "_tillit_parent_typ", None)
    if parent is None:
        parent = (
            OrgNode.objects.filter(path=node.path[: -node.steplen]).values_list("typ", flat=True)
        ).first() or ""
        node._tillit_parent_typ = parent
    return node.path[: -node.steplen] if parent in BOARD_TYPES else None


def can(user, action, node):
    """May `user` do `action` on `node`?"""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    scope = getattr(user, "api_scope", None)
    if scope is not None and not node.path.startswith(scope):
        return False
    for a in assignments(user):
        if action == COMMENT:
            if _comments_on(a, node.path):
                return True
            continue
        if action in ROLE_ACTIONS[a.role] and node.path.startswith(a.node.path):
            return True
        if action in ROLE_ACTIONS[a.role] and node.path == _board_path(a):
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
        if action == COMMENT:
            condition |= _comment_q(a, "")
            continue
        if action in ROLE_ACTIONS[a.role]:
            condition |= Q(path__startswith=a.node.path)
            if board := _board_path(a):
                condition |= Q(path=board)
            if action == VIEW_PUBLISHED:
                condition |= Q(path__in=a.node.ancestor_paths())
    if not condition:
        return qs.none()
    if (scope := getattr(user, "api_scope", None)) is not None:
        qs = qs.filter(path__startswith=scope)
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
        if action == COMMENT:
            condition |= _comment_q(a, prefix)
            continue
        if action in ROLE_ACTIONS[a.role]:
            condition |= Q(**{f"{prefix}path__startswith": a.node.path})
            if board := _board_path(a):
                condition |= Q(**{f"{prefix}path": board})
            if action == VIEW_PUBLISHED:
                condition |= Q(**{f"{prefix}path__in": a.node.ancestor_paths()})
    if (scope := getattr(user, "api_scope", None)) is not None:
        condition &= Q(**{f"{prefix}path__startswith": scope})
    return condition


def _comment_q(a, prefix):
    """`_comments_on` as a filter on paths."""
    if a.role in COMMENT_AT:
        return Q(**{f"{prefix}path__startswith": a.node.path})
    if a.role in COMMENT_BELOW:
        return Q(**{f"{prefix}path__startswith": a.node.path}) & ~Q(
            **{f"{prefix}path": a.node.path}
        )
    return Q(pk__in=[])


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


def is_kommun_admin(user):
    """May `user` administer the whole kommun (MANAGE on the root)?"""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    root = OrgNode.objects.kommun()
    return user.is_superuser if root is None else can(user, MANAGE, root)


def authorize_kommun_admin(user):
    """The gate of every kommun-wide administration page: the kommun root, or 404/403 as
    `authorize` answers (a superuser passes before the organisation exists, and gets None)."""
    root = OrgNode.objects.kommun()
    if root is None:
        if getattr(user, "is_superuser", False) and user.is_active:
            return None
        raise Http404("Det finns ingen kommun ännu.")
    authorize(user, MANAGE, root)
    return root


def can_follow_job(user, created_by_id):
    """May `user` follow a background job (an import job's page)? The person who started it
    and the kommun's administrators; a job may hold a whole file of someone else's data."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return (created_by_id is not None and user.pk == created_by_id) or is_kommun_admin(user)


def can_issue_hme_invitations(user, node):
    """May `user` send HME invitations for `node`? Only centrally: a kommun administratör, or a
    stödfunktion HR on or above the node. Never the unit's own chefs, whatever their role: who
    sees a unit's results must not be able to cause more than one counted answer there."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if is_kommun_admin(user):
        return True
    return any(
        a.role == Role.STOD
        and a.support_function == SupportFunction.HR
        and node.path.startswith(a.node.path)
        for a in assignments(user)
    )


def authorize_hme_issuer(user, node):
    """Raise unless `user` may send HME invitations for `node` (404/403 as `authorize`)."""
    if can_issue_hme_invitations(user, node):
        return
    if can(user, VIEW, node) or can(user, VIEW_PUBLISHED, node):
        raise PermissionDenied("Inbjudningar skickas av HR eller kommunens administratör.")
    raise Http404("Sidan finns inte.")


def can_self_assess_kompass(user, kommun):
    """May `user` enter the kommun's own Kommunkompassen assessment (kind själv)? Only who works
    for the whole kommun: a kommun administratör, or a förvaltningschef or stödfunktion placed on
    the kommun itself (kommunledningen, kvalitet). Not a unit's or a nämnd's people, never a
    förtroendevald."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or kommun is None:
        return False
    if kommun.depth != 1:
        return False
    if is_kommun_admin(user):
        return True
    return any(
        a.node_id == kommun.pk and a.role in (Role.FORVALTNINGSCHEF, Role.STOD)
        for a in assignments(user)
    )


def authorize_kompass_assessor(user, kommun):
    """Raise unless `user` may enter the kommun's self-assessment (403 for who may read the
    kommun's Kommunkompassen, 404 for everyone else)."""
    if can_self_assess_kompass(user, kommun):
        return
    if can(user, VIEW, kommun) or can(user, VIEW_PUBLISHED, kommun):
        raise PermissionDenied(
            "Självskattningen görs av kommunens administratör eller kommunledningen."
        )
    raise Http404("Sidan finns inte.")


def get_board(user, kod, action=VIEW):
    """The nämnd/styrelse with `kod` if `user` may do `action` on it (404/403 otherwise)."""
    node = OrgNode.objects.boards().filter(kod=kod).first()
    if node is None:
        raise Http404("Nämnden finns inte.")
    authorize(user, action, node)
    return node


def get_node(user, kod, action=VIEW):
    """The node with `kod` if `user` may do `action` on it (404/403 otherwise)."""
    node = OrgNode.objects.filter(kod=kod).first()
    if node is None:
        raise Http404("Enheten finns inte.")
    authorize(user, action, node)
    return node


# --- the ekonomi and personal feeds (planning/ekonomi) ---------------------------------------

# A förtroendevald reads her nämnd's figures at these levels only, never the units below.
POLITICIAN_FEED_TYPES = (*BOARD_TYPES, NodeType.FORVALTNING)


def can_see_feeds(user, node):
    """May `user` read the ekonomi and personal figures of `node`?

    Whoever may VIEW the node (chefs their subtree, support staff their places, administrators);
    a förtroendevald her own nämnd at nämnd and förvaltning level (not the units below it, not
    the kommun above it)."""
    if can(user, VIEW, node):
        return True
    if node.typ not in POLITICIAN_FEED_TYPES or not user.is_active:
        return False
    return any(
        a.role == Role.FORTROENDEVALD and node.path.startswith(a.node.path)
        for a in assignments(user)
    )


def feed_import_places(user, support_function):
    """Where `user` may import a feed of `support_function` (ekonomi or hr).

    None: everywhere (a kommun administrator). Otherwise a list of (path, subtree) — the places
    the user holds as that stödfunktion, each with its subtree, plus by the board rule the nämnd
    node above such a förvaltning (that node only, subtree False). [] when nowhere."""
    if is_kommun_admin(user):
        return None
    return _support_places(user, support_function)


def _support_places(user, support_function):
    places = []
    for a in assignments(user):
        if a.role == Role.STOD and a.support_function == support_function:
            places.append((a.node.path, True))
            if board := _board_path(a):
                places.append((board, False))
    return places


def feed_imports_at(user, node):
    """{"ekonomi": bool, "hr": bool}: may `user` import that feed for `node`? (For links; one
    kommun lookup for both.)"""
    if is_kommun_admin(user):
        return {SupportFunction.EKONOMI: True, SupportFunction.HR: True}
    return {
        f: in_places(node.path, _support_places(user, f))
        for f in (SupportFunction.EKONOMI, SupportFunction.HR)
    }


def in_places(path, places):
    """Is a node's `path` within `places` as `feed_import_places` answers them?"""
    if places is None:
        return True
    return any(path.startswith(p) if subtree else path == p for p, subtree in places)


def authorize_feeds(user, node):
    """Raise unless `user` may read `node`'s ekonomi and personal figures (404 to outsiders,
    403 to those who may read the node's published material but not its figures)."""
    if can_see_feeds(user, node):
        return
    if can(user, VIEW_PUBLISHED, node):
        raise PermissionDenied("Du har inte behörighet att se enhetens ekonomi och personal.")
    raise Http404("Sidan finns inte.")


def can_record_own(user, node, responsible_id):
    """May `user` record what was done on something assigned to a named person on `node` (a
    control of an internkontrollplan)? The responsible person records their own; whoever
    prepares the node's material may record any."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if responsible_id is not None and user.pk == responsible_id:
        return True
    return can(user, PREPARE, node)


def authorize_own(user, node, responsible_id):
    """Raise unless `can_record_own`: 404 to outsiders, 403 to readers (as `authorize`)."""
    if can_record_own(user, node, responsible_id):
        return
    authorize(user, PREPARE, node)


# --- comments and acknowledgement on a unit's drafts -----------------------------------------


def can_read_comments(user, node):
    """May `user` read (and answer) the comments on `node`'s drafts? Whoever may comment there,
    and the document's authors (EDIT). Never a förtroendevald, never another unit's chef."""
    return can(user, COMMENT, node) or can(user, EDIT, node)


def authorize_comments(user, node):
    """Raise unless `can_read_comments` (404 to outsiders, 403 to readers of published material)."""
    if can_read_comments(user, node):
        return
    authorize(user, COMMENT, node)


def can_resolve_comment(user, node, author_id):
    """May `user` mark a comment on `node` resolved? The document's authors, and the one who
    wrote the comment."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.pk == author_id or can(user, EDIT, node)


def can_acknowledge(user, node):
    """May `user` kvittera (acknowledge) `node`'s plan or follow-up? The line above only: a
    förvaltningschef or verksamhetschef over the unit (or an administratör), never the unit's own
    chef and not support staff."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return any(
        a.role in COMMENT_BELOW and node.path.startswith(a.node.path) and node.path != a.node.path
        for a in assignments(user)
    )


# --- API tokens (api/) -----------------------------------------------------------------------


class ApiReader:
    """Whom an API token reads as: a stand-in user that `can`, `nodes_where`, `node_q` and the
    functions built on them understand. It holds the owner's roles cut to the token's subtree
    (`api_scope`: nothing outside it, not even the board rule's nämnd or published material
    above it), or, at the published level, reads as a förtroendevald on those places."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_superuser = False
    is_staff = False
    pk = id = None

    def __init__(self, token, held, scope_path):
        self.token = token
        self.api_scope = scope_path
        self._tillit_assignments = held

    def __str__(self):
        return f"API-token {self.token.name}"


def api_reader(token):
    """The reader of `token` (an api.ApiToken), or None when it may read nothing (revoked, its
    owner deactivated). Level "published": published, handed-over and klar material only (the
    owner's places, or a service token's whole scope, read as a förtroendevald); level "all":
    what the owner could read, within the scope."""
    if token.revoked_at is not None:
        return None
    owner, scope = token.owner, token.scope
    published_only = token.level != "all"
    if owner is not None and not owner.is_active:
        return None
    if owner is None or owner.is_superuser:
        role = Role.FORTROENDEVALD if published_only or owner is None else Role.ADMIN
        held = [RoleAssignment(role=role, node=scope)]
    else:
        held = []
        for a in assignments(owner):
            if a.node.path.startswith(scope.path):
                node = a.node
            elif scope.path.startswith(a.node.path):
                node = scope
            else:
                continue
            role = Role.FORTROENDEVALD if published_only else a.role
            held.append(RoleAssignment(role=role, node=node, support_function=a.support_function))
    return ApiReader(token, held, scope.path)
