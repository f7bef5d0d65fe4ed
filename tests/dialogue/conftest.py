import datetime

import pytest

from dialogue.services import create_dialogue
from tests.factories import UserFactory, give_role
from tillit.cycle.models import planperiod_create
from tillit.org.models import Role


class Cast(dict):
    __getattr__ = dict.__getitem__


@pytest.fixture
def cast(tree, personas):
    """The personas plus a sibling unit's chef (SS) and a förvaltningschef from elsewhere."""
    sibling = UserFactory(username="syskonchef")
    give_role(sibling, tree.SS, Role.CHEF)
    gs_chef = UserFactory(username="verksamhetschef")
    give_role(gs_chef, tree.GS, Role.CHEF)
    return Cast(personas, sibling=sibling, gs_chef=gs_chef)


@pytest.fixture
def period(db):
    return planperiod_create(budget_year=2027, make_current=True)


@pytest.fixture
def make_dialogue(tree, cast, period):
    def _make(date=datetime.date(2027, 2, 10), node=None, **kwargs):
        return create_dialogue(
            node=node or tree.SN,
            date=date,
            created_by=cast.hr,
            managers=kwargs.pop("managers", [cast.chef, cast.gs_chef]),
            support=kwargs.pop("support", [cast.hr]),
            planperiod=period,
            **kwargs,
        )

    return _make
