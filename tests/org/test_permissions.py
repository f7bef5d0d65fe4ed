"""Who may do what where: role × action × place in the tree."""

import pytest

from tillit.org.permissions import (
    COMPILE,
    EDIT,
    MANAGE,
    PREPARE,
    VIEW,
    VIEW_PUBLISHED,
    can,
    nodes_where,
)

pytestmark = pytest.mark.django_db

# (persona, action, node kod, allowed)
MATRIX = [
    # administratör on the kommun: everything, everywhere
    *[
        ("admin", a, k, True)
        for a in (VIEW, EDIT, PREPARE, COMPILE, MANAGE)
        for k in ("K", "SN", "HT")
    ],
    # förvaltningschef of BUF: its subtree and, by the board rule, the nämnd node it works for
    # (not the kommun, not another förvaltning)
    ("fc", VIEW, "BUF", True),
    ("fc", VIEW, "SN", True),
    ("fc", EDIT, "SS", True),
    ("fc", COMPILE, "BUF", True),
    ("fc", MANAGE, "BUF", False),
    ("fc", VIEW, "BUN", True),
    ("fc", COMPILE, "BUN", True),
    ("fc", MANAGE, "BUN", False),
    ("fc", VIEW, "K", False),
    ("fc", VIEW, "VOF", False),
    ("fc", VIEW, "HT", False),
    ("fc", VIEW_PUBLISHED, "BUN", True),
    ("fc", VIEW_PUBLISHED, "K", True),
    ("fc", VIEW_PUBLISHED, "VON", False),
    # enhetschef of Skolan Norr: own unit only
    ("chef", VIEW, "SN", True),
    ("chef", EDIT, "SN", True),
    ("chef", PREPARE, "SN", True),
    ("chef", VIEW, "SS", False),
    ("chef", EDIT, "GS", False),
    ("chef", COMPILE, "SN", False),
    ("chef", VIEW_PUBLISHED, "GS", True),
    ("chef", VIEW_PUBLISHED, "SS", False),
    # HR on BUF: sees and prepares for the units it supports, never writes their plans
    ("hr", VIEW, "SN", True),
    ("hr", PREPARE, "SN", True),
    ("hr", EDIT, "SN", False),
    ("hr", COMPILE, "BUF", False),
    ("hr", COMPILE, "BUN", False),
    ("hr", VIEW, "HT", False),
    # förtroendevald on BUN: published material of the nämnd and the kommun, no drafts
    ("politiker", VIEW_PUBLISHED, "BUN", True),
    ("politiker", VIEW_PUBLISHED, "SN", True),
    ("politiker", VIEW_PUBLISHED, "K", True),
    ("politiker", VIEW, "BUN", False),
    ("politiker", VIEW, "SN", False),
    ("politiker", EDIT, "SN", False),
    ("politiker", VIEW_PUBLISHED, "VON", False),
    ("politiker", VIEW_PUBLISHED, "HT", False),
    # no role: nothing
    *[("outsider", a, "K", False) for a in (VIEW, VIEW_PUBLISHED, EDIT, MANAGE)],
]


@pytest.mark.parametrize(("persona", "action", "kod", "allowed"), MATRIX)
def test_the_matrix_holds(personas, tree, persona, action, kod, allowed):
    assert can(personas[persona], action, tree[kod]) is allowed


@pytest.mark.parametrize(("persona", "action", "kod", "allowed"), MATRIX)
def test_list_queries_agree_with_can(personas, tree, persona, action, kod, allowed):
    visible = set(nodes_where(personas[persona], action).values_list("kod", flat=True))
    assert (kod in visible) is allowed


def test_nobody_sees_another_forvaltnings_drafts(personas, tree):
    assert not can(personas.fc, VIEW, tree.HT)
    assert not can(personas.vo_chef, VIEW, tree.SN)
    # VON by the board rule: the förvaltning works for its nämnd
    assert set(nodes_where(personas.vo_chef, VIEW).values_list("kod", flat=True)) == {
        "VON",
        "VOF",
        "HT",
    }


def test_an_inactive_user_may_do_nothing(personas, tree):
    personas.admin.is_active = False
    assert not can(personas.admin, VIEW, tree.K)


def test_unknown_actions_are_a_programming_error(personas, tree):
    with pytest.raises(ValueError):
        can(personas.admin, "delete_everything", tree.K)


def test_a_role_reaches_nodes_added_later(personas, tree):
    from tests.factories import add_node

    new = add_node(tree.GS, "NY", "Nya skolan")
    assert can(personas.fc, EDIT, new)
    assert not can(personas.chef, VIEW, new)


def test_node_q_means_everything_for_a_superuser_even_when_combined(personas, tree):
    from django.db.models import Q

    from tillit.org.models import RoleAssignment, User
    from tillit.org.permissions import node_q

    root = User.objects.create(username="root", is_superuser=True)
    everything = RoleAssignment.objects.count()
    assert RoleAssignment.objects.filter(node_q(root, VIEW)).count() == everything
    combined = node_q(root, VIEW) | Q(user=personas.chef)
    assert RoleAssignment.objects.filter(combined).count() == everything


def test_the_board_rule_reaches_the_board_node_and_not_its_other_forvaltningar(personas, tree):
    from tests.factories import add_node
    from tillit.org.models import NodeType
    from tillit.org.permissions import node_q

    other = add_node(tree.BUN, "KUF", "Kulturförvaltningen", NodeType.FORVALTNING)
    assert can(personas.fc, COMPILE, tree.BUN)
    assert not can(personas.fc, VIEW, other)
    visible = set(nodes_where(personas.fc, VIEW).values_list("kod", flat=True))
    assert "BUN" in visible and "KUF" not in visible
    from tillit.org.models import RoleAssignment

    seen = set(
        RoleAssignment.objects.filter(node_q(personas.fc, VIEW)).values_list("node__kod", flat=True)
    )
    assert "BUN" in seen and "VON" not in seen


def test_a_forvaltning_under_the_kommun_acts_for_no_board(personas, tree):
    from tests.factories import UserFactory, add_node, give_role
    from tillit.org.models import NodeType, Role

    kf = add_node(tree.K, "KLF", "Kommunledningsförvaltningen", NodeType.FORVALTNING)
    boss = UserFactory(username="klf_chef")
    give_role(boss, kf, Role.FORVALTNINGSCHEF)
    assert not can(boss, VIEW, tree.K)


def test_the_kommun_admin_gate_answers_as_authorize(personas, tree, rf):
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    from tillit.org.models import User
    from tillit.org.permissions import authorize_kommun_admin, is_kommun_admin

    assert authorize_kommun_admin(personas.admin) == tree.K
    assert is_kommun_admin(personas.admin) and not is_kommun_admin(personas.fc)
    with pytest.raises(PermissionDenied):
        authorize_kommun_admin(personas.fc)
    with pytest.raises(Http404):
        authorize_kommun_admin(User.objects.create(username="nobody"))


@pytest.mark.parametrize(
    ("persona", "kod", "allowed"),
    [
        ("admin", "SN", True),
        ("admin", "K", True),
        ("hr", "SN", True),
        ("hr", "BUF", True),
        ("hr", "HT", False),  # HR reaches the places it supports only
        ("chef", "SN", False),  # the unit's own chef sees its results: never
        ("fc", "SN", False),
        ("fc", "BUF", False),
        ("vo_chef", "HT", False),
        ("politiker", "BUN", False),
        ("outsider", "SN", False),
    ],
)
def test_hme_invitations_are_issued_centrally_by_hr_or_the_administrator(
    personas, tree, persona, kod, allowed
):
    from tillit.org.permissions import can_issue_hme_invitations

    assert can_issue_hme_invitations(personas[persona], tree[kod]) is allowed


def test_another_support_function_issues_no_hme_invitations(tree):
    from tests.factories import UserFactory, give_role
    from tillit.org.models import Role, SupportFunction
    from tillit.org.permissions import can_issue_hme_invitations

    ekonom = UserFactory(username="ekonom")
    give_role(ekonom, tree.BUF, Role.STOD, SupportFunction.EKONOMI)
    assert not can_issue_hme_invitations(ekonom, tree.SN)
    ekonom.is_active = False
    give_role(ekonom, tree.BUF, Role.STOD, SupportFunction.HR)
    assert not can_issue_hme_invitations(ekonom, tree.SN)
