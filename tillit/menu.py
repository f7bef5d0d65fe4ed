"""The header menu and the unit menu, per role. Each app registers its own entries in its
`AppConfig.ready` with one call; the core names no feature app.

    from tillit import menu
    from tillit.org.models import Role

    menu.register("dialogue", "Dialoger", "dialogue:index",
                  roles=[Role.CHEF, Role.FORVALTNINGSCHEF, Role.STOD, Role.ADMIN],
                  order={Role.STOD: 10}, default_order=40)

- `url`: a URL name (reversed without arguments) or a callable `user -> url`.
- `roles`: the roles that use the entry (empty: everybody signed in). A superuser counts as
  administratör.
- `order`: lower comes first — one number, or `{role: number}` for entries one role uses more
  than the others (the user's smallest number counts); `default_order` for the roles not named.
- `visible`: an extra `user -> bool` check, asked of the permission module
  (`is_kommun_admin`, `nodes_where`, ...), never a role rule of its own.
- `items`: a callable `user -> [(label, url), ...]` for an entry that is several links (one per
  nämnd the politician sits on).
- `label` may be a callable `user -> str` (support staff see "Dialoger att förbereda").

The unit menu is shown on every page of a unit (a page whose context has `node`), so one moves
between the unit's own pages without losing the unit:

    menu.register_unit("plan", "Verksamhetsplan", lambda node: reverse(...),
                        visible=lambda user, node: can(user, VIEW, node), order=30)
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse

from tillit.org.models import Role
from tillit.org.permissions import assignments

_ENTRIES = {}
_UNIT_ENTRIES = {}


@dataclass(frozen=True)
class Entry:
    key: str
    label: str | Callable
    url: str | Callable
    roles: frozenset = frozenset()
    order: dict = field(default_factory=dict)
    default_order: int = 100
    visible: Callable | None = None
    items: Callable | None = None

    def position(self, roles):
        numbers = [self.order[r] for r in roles if r in self.order]
        return min(numbers) if numbers else self.default_order

    def links(self, user):
        if self.items is not None:
            return list(self.items(user))
        label = self.label(user) if callable(self.label) else self.label
        try:
            url = self.url(user) if callable(self.url) else reverse(self.url)
        except NoReverseMatch:
            return []
        return [(label, url)] if url else []


@dataclass(frozen=True)
class UnitEntry:
    key: str
    label: str | Callable
    url: Callable
    visible: Callable | None = None
    order: int = 100


def register(key, label, url, *, roles=(), order=None, default_order=100, visible=None, items=None):
    """Add (or replace, by key) one entry of the header menu."""
    if isinstance(order, int):
        default_order, order = order, {}
    _ENTRIES[key] = Entry(
        key=key,
        label=label,
        url=url,
        roles=frozenset(roles),
        order=dict(order or {}),
        default_order=default_order,
        visible=visible,
        items=items,
    )
    return _ENTRIES[key]


def register_unit(key, label, url, *, visible=None, order=100):
    """Add (or replace, by key) one link of the unit menu: `url(node)`, `visible(user, node)`."""
    _UNIT_ENTRIES[key] = UnitEntry(key=key, label=label, url=url, visible=visible, order=order)
    return _UNIT_ENTRIES[key]


def unregister(key):
    _ENTRIES.pop(key, None)
    _UNIT_ENTRIES.pop(key, None)


def user_roles(user):
    """The roles the user holds anywhere (a superuser counts as administratör)."""
    roles = {a.role for a in assignments(user)}
    if getattr(user, "is_superuser", False):
        roles.add(Role.ADMIN)
    return roles


def menu_for(user):
    """[(key, label, url)] of the header menu for `user`, most used first."""
    if not getattr(user, "is_authenticated", False):
        return []
    roles = user_roles(user)
    chosen = [
        e
        for e in _ENTRIES.values()
        if (not e.roles or e.roles & roles) and (e.visible is None or e.visible(user))
    ]
    chosen.sort(key=lambda e: (e.position(roles), e.key))
    return [(e.key, label, url) for e in chosen for label, url in e.links(user)]


def unit_menu_for(user, node):
    """[(key, label, url)] of the unit menu of `node` for `user` (only what `user` may open)."""
    if node is None or not getattr(user, "is_authenticated", False):
        return []
    links = []
    for e in sorted(_UNIT_ENTRIES.values(), key=lambda e: (e.order, e.key)):
        if e.visible is not None and not e.visible(user, node):
            continue
        url = e.url(node)
        if url:
            label = e.label(node) if callable(e.label) else e.label
            links.append((e.key, label, url))
    return links
