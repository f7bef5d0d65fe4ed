"""Who may read what a notification is about: the permission module decides, through `can`.

`about` is one of
- an `OrgNode`: the node's working material (VIEW);
- `Published(node)`: what has been handed to or published for the politicians (VIEW_PUBLISHED);
- an object whose model a feature app registered a reader for (`register_reader`), e.g. the
  dialogue registers its participant rule;
- any other object with a `node`: that node's working material (VIEW).
"""

from dataclasses import dataclass

from tillit.org.models import OrgNode
from tillit.org.permissions import VIEW, VIEW_PUBLISHED, can

_readers = {}


@dataclass(frozen=True)
class Published:
    """What is about `node`'s published/handed-over material."""

    node: OrgNode


def register_reader(model, reader):
    """`reader(user, obj) -> bool`: may `user` read `obj` (an instance of `model`)?"""
    _readers[model] = reader


def may_read(user, about):
    if not getattr(user, "is_active", False):
        return False
    if about is None:
        return True
    if isinstance(about, Published):
        return can(user, VIEW_PUBLISHED, about.node)
    if isinstance(about, OrgNode):
        return can(user, VIEW, about)
    for model in type(about).__mro__:
        if model in _readers:
            return bool(_readers[model](user, about))
    node = getattr(about, "node", None)
    if isinstance(node, OrgNode):
        return can(user, VIEW, node)
    raise TypeError(f"Vet inte vem som får läsa {about!r}: registrera en läsregel.")
