"""Who may read and import the ekonomi and personal figures, decided in the permission module."""

import pytest

from tests.factories import UserFactory, give_role
from tillit.org.models import Role, SupportFunction
from tillit.org.permissions import can_see_feeds, feed_import_places, feed_imports_at, in_places

pytestmark = pytest.mark.django_db

SEE = [
    ("admin", "K", True),
    ("admin", "HT", True),
    ("fc", "BUF", True),
    ("fc", "SN", True),
    ("fc", "BUN", True),  # the board rule
    ("fc", "K", False),
    ("fc", "HT", False),
    ("chef", "SN", True),
    ("chef", "SS", False),
    ("chef", "GS", False),
    ("hr", "SS", True),
    ("hr", "HT", False),
    # the politician on BUN: the nämnd and its förvaltning, not the units, not the kommun
    ("politiker", "BUN", True),
    ("politiker", "BUF", True),
    ("politiker", "GS", False),
    ("politiker", "SN", False),
    ("politiker", "K", False),
    ("politiker", "VON", False),
    ("politiker", "VOF", False),
    ("outsider", "SN", False),
]


@pytest.mark.parametrize(("persona", "kod", "allowed"), SEE)
def test_who_may_see_the_feeds_of_a_node(personas, tree, persona, kod, allowed):
    assert can_see_feeds(personas[persona], tree[kod]) is allowed


def test_an_inactive_politician_sees_nothing(personas, tree):
    personas.politiker.is_active = False
    assert not can_see_feeds(personas.politiker, tree.BUN)


def test_a_kommun_administrator_imports_everywhere(personas):
    assert feed_import_places(personas.admin, SupportFunction.EKONOMI) is None


def test_a_support_person_imports_her_own_feed_for_her_places_only(personas, tree):
    ekonom = UserFactory(username="ekonom")
    give_role(ekonom, tree.BUF, Role.STOD, SupportFunction.EKONOMI)
    places = feed_import_places(ekonom, SupportFunction.EKONOMI)
    assert in_places(tree.SN.path, places)
    assert in_places(tree.BUN.path, places)  # the board rule: the nämnd node itself
    assert not in_places(tree.VOF.path, places)
    assert not in_places(tree.K.path, places)
    assert feed_import_places(ekonom, SupportFunction.HR) == []
    assert feed_import_places(personas.hr, SupportFunction.EKONOMI) == []
    assert in_places(tree.SS.path, feed_import_places(personas.hr, SupportFunction.HR))


@pytest.mark.parametrize("persona", ["fc", "chef", "politiker", "outsider"])
def test_nobody_else_imports(personas, persona):
    assert feed_import_places(personas[persona], SupportFunction.EKONOMI) == []


def test_the_import_links_follow_the_same_places(personas, tree):
    assert feed_imports_at(personas.hr, tree.SN) == {"ekonomi": False, "hr": True}
    assert feed_imports_at(personas.hr, tree.HT) == {"ekonomi": False, "hr": False}
    assert feed_imports_at(personas.admin, tree.HT) == {"ekonomi": True, "hr": True}
    assert feed_imports_at(personas.chef, tree.SN) == {"ekonomi": False, "hr": False}
