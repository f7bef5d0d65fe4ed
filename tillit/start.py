"""The start page per role: cards that apps register (in their `AppConfig.ready`), shown in
order to the roles that use them, above the årshjul tasks:

    from tillit import start
    start.register("next_dialogue", "dialogue/_home.html", roles=[Role.STOD], order=10,
                   data=lambda request: {"dialogue": ...})

`data(request)` gives the card its context as `card.data` (None or {} hides the card when
`hide_empty` is set); the template decides what the user may see through the permission
module, as every page does.
"""

from collections.abc import Callable
from dataclasses import dataclass

from tillit.menu import user_roles

_CARDS = {}


@dataclass(frozen=True)
class Card:
    key: str
    template: str
    roles: frozenset
    order: int
    data: Callable | None
    hide_empty: bool


@dataclass(frozen=True)
class ShownCard:
    key: str
    template: str
    data: object


def register(key, template, *, roles=(), order=50, data=None, hide_empty=True):
    _CARDS[key] = Card(key, template, frozenset(roles), order, data, hide_empty)
    return _CARDS[key]


def cards_for(request):
    """The cards of the start page for the signed-in user, in order."""
    roles = user_roles(request.user)
    shown = []
    for card in sorted(_CARDS.values(), key=lambda c: (c.order, c.key)):
        if card.roles and not card.roles & roles:
            continue
        data = card.data(request) if card.data else {}
        if card.data and card.hide_empty and not data:
            continue
        shown.append(ShownCard(card.key, card.template, data))
    return shown
