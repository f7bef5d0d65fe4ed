from django.urls import reverse

from tillit import menu, start
from tillit.org.models import Role
from tillit.org.permissions import VIEW_PUBLISHED, assignments, can


def boards(user):
    """The nämnder/styrelser the user sits on as förtroendevald."""
    seen, found = set(), []
    for a in assignments(user):
        if a.role == Role.FORTROENDEVALD and a.node.is_board and a.node.pk not in seen:
            seen.add(a.node.pk)
            found.append(a.node)
    return found


def board_links(user):
    mine = boards(user)
    return [
        ("Min nämnd" if len(mine) == 1 else b.namn, reverse("planning:summary", args=[b.kod]))
        for b in mine
    ]


menu.register(
    "my_board", "Min nämnd", None, roles=[Role.FORTROENDEVALD], order=1, items=board_links
)
menu.register(
    "reports", "Rapporter", "reports:list", order={Role.FORTROENDEVALD: 40}, default_order=90
)
menu.register_unit(
    "summary",
    "Sammanfattning",
    lambda node: reverse("planning:summary", args=[node.kod]) if node.is_board else None,
    visible=lambda user, node: can(user, VIEW_PUBLISHED, node),
    order=5,
)

# The start page: the politician's nämnd summary first (one tap on a phone).
start.register(
    "my_board", "reports/_home.html", roles=[Role.FORTROENDEVALD], order=0, hide_empty=False
)
