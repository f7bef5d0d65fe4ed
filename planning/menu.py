from django.urls import reverse

from tillit import menu, start
from tillit.org.models import Role
from tillit.org.permissions import VIEW, VIEW_PUBLISHED, can, can_see_feeds

STAFF = (Role.ADMIN, Role.FORVALTNINGSCHEF, Role.CHEF, Role.STOD)


def _unit(name, test):
    return lambda node: reverse(name, args=[node.kod]) if test(node) else None


def _below_kommun(node):
    return node.depth > 1 and not node.is_board


menu.register(
    "planning",
    "Planering",
    "planning:index",
    roles=STAFF,
    order={Role.CHEF: 10, Role.FORVALTNINGSCHEF: 10},
    default_order=30,
)
menu.register("goals", "Mål", "planning:goals", order={Role.FORTROENDEVALD: 20}, default_order=35)
menu.register("nyckeltal", "Nyckeltal", "planning:nyckeltal:catalogue", roles=STAFF, order=50)
menu.register("internkontroll", "Intern kontroll", "internkontroll:index", roles=STAFF, order=55)

menu.register_unit(
    "analysis",
    "Nulägesanalys",
    _unit("planning:analysis", _below_kommun),
    visible=lambda user, node: can(user, VIEW, node),
    order=10,
)
menu.register_unit(
    "trend_responses",
    "Omvärldsanalys",
    _unit("planning:trend_responses", _below_kommun),
    visible=lambda user, node: can(user, VIEW, node),
    order=15,
)
menu.register_unit(
    "plan",
    "Verksamhetsplan",
    _unit("planning:plan", _below_kommun),
    visible=lambda user, node: can(user, VIEW, node),
    order=20,
)
menu.register_unit(
    "karta",
    "Nulägeskarta",
    _unit("planning:karta", lambda node: node.is_board),
    visible=lambda user, node: can(user, VIEW_PUBLISHED, node),
    order=25,
)
menu.register_unit(
    "board_goals",
    "Nämndmål och uppdrag",
    _unit("planning:board_goals", lambda node: node.is_board),
    visible=lambda user, node: can(user, VIEW_PUBLISHED, node),
    order=26,
)
menu.register_unit(
    "ekonomi",
    "Ekonomi och personal",
    _unit("ekonomi:node", lambda node: True),
    visible=can_see_feeds,
    order=40,
)


def my_documents(request):
    """The chef's own units with their nulägesanalys and verksamhetsplan of the current
    planperiod (for the start page)."""
    from tillit.cycle.models import Planperiod
    from tillit.org.permissions import EDIT, assignments

    from .models import Nulagesanalys, Verksamhetsplan

    user = request.user
    period = Planperiod.current()
    units = []
    for a in assignments(user):
        node = a.node
        mine = node.depth > 1 and not node.is_board and not node.is_closed
        if mine and node not in units and can(user, EDIT, node):
            units.append(node)
    if period is None or not units:
        return None
    plans = {
        p.node_id: p for p in Verksamhetsplan.objects.filter(node__in=units, planperiod=period)
    }
    analyses = {
        p.node_id: p for p in Nulagesanalys.objects.filter(node__in=units, planperiod=period)
    }
    return {
        "period": period,
        "rows": [(node, analyses.get(node.pk), plans.get(node.pk)) for node in units],
    }


start.register(
    "my_documents",
    "planning/_home.html",
    roles=[Role.CHEF, Role.FORVALTNINGSCHEF],
    order=10,
    data=my_documents,
)
