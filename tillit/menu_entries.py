"""The core's own entries of the header menu and the unit menu (registered in TillitConfig.ready;
each feature app registers its own in its `menu.py`)."""

from tillit import menu
from tillit.org.models import Role
from tillit.org.permissions import MANAGE, VIEW, VIEW_PUBLISHED, assignments, can

STAFF = (Role.ADMIN, Role.FORVALTNINGSCHEF, Role.CHEF, Role.STOD)


def administers(user):
    """MANAGE on one of the user's places (the Administration entry)."""
    return user.is_superuser or any(can(user, MANAGE, a.node) for a in assignments(user))


def reads(user, node):
    return can(user, VIEW, node) or can(user, VIEW_PUBLISHED, node)


menu.register("start", "Start", "home", order=0)
menu.register("org", "Organisation", "org:tree", roles=STAFF, order=80)
menu.register("cycle", "Årshjul", "cycle:year", roles=STAFF, order=85)
menu.register(
    "admin", "Administration", "org:admin", roles=[Role.ADMIN], visible=administers, order=99
)

menu.register_unit(
    "overview", "Översikt", lambda node: node.get_absolute_url(), visible=reads, order=0
)
