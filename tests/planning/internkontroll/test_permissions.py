"""The permission rule internkontroll adds to tillit/org/permissions.py: a responsible person
records their own control; whoever prepares the node may record any."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from tillit.org.permissions import authorize_own, can_record_own

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "persona,expected",
    [
        ("chef", True),  # the responsible person, although she cannot prepare on BUN
        ("fc", True),  # prepares for BUN by the board rule
        ("hr", True),  # support functions prepare
        ("admin", True),
        ("politiker", False),
        ("vo_chef", False),
        ("outsider", False),
    ],
)
def test_who_may_record_a_control_assigned_to_the_enhetschef(tree, personas, persona, expected):
    assert can_record_own(personas[persona], tree.BUN, personas.chef.pk) is expected


def test_being_named_responsible_is_enough_only_for_ones_own_control(tree, personas):
    assert can_record_own(personas.chef, tree.BUN, personas.hr.pk) is False
    assert can_record_own(personas.chef, tree.BUN, None) is False


def test_an_inactive_responsible_person_may_not_record(tree, personas):
    personas.chef.is_active = False
    assert can_record_own(personas.chef, tree.BUN, personas.chef.pk) is False


def test_outsiders_get_404_and_readers_403(tree, personas):
    with pytest.raises(Http404):
        authorize_own(personas.vo_chef, tree.BUN, personas.chef.pk)
    with pytest.raises(PermissionDenied):
        authorize_own(personas.politiker, tree.BUN, personas.chef.pk)
    authorize_own(personas.chef, tree.BUN, personas.chef.pk)
