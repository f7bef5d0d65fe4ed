"""Pages answer 404 to outsiders and 403 to those who may look but not act."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("persona", "kod", "status"),
    [
        ("admin", "SN", 200),
        ("fc", "SN", 200),
        ("chef", "SN", 200),
        ("hr", "SN", 200),
        ("politiker", "SN", 200),
        ("chef", "SS", 404),
        ("vo_chef", "SN", 404),
        ("politiker", "HT", 404),
        ("outsider", "SN", 404),
    ],
)
def test_node_page_is_shown_only_to_those_who_may_see_it(
    client, personas, persona, kod, status, login
):
    login(personas[persona])
    assert client.get(reverse("org:node", args=[kod])).status_code == status


@pytest.mark.parametrize(
    ("persona", "status"),
    [("admin", 200), ("fc", 403), ("chef", 403), ("politiker", 403), ("vo_chef", 404)],
)
def test_only_administrators_create_nodes(client, personas, persona, status, login):
    login(personas[persona])
    assert client.get(reverse("org:node_create", args=["BUF"])).status_code == status


def test_anonymous_visitors_are_sent_to_login(client, tree):
    response = client.get(reverse("org:node", args=["K"]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_admin_creates_renames_moves_and_closes_a_node(client, personas, tree, login):
    login(personas.admin)
    response = client.post(
        reverse("org:node_create", args=["GS"]),
        {"kod": "SV", "namn": "Skolan Väster", "typ": "enhet"},
    )
    assert response.status_code == 302
    from tillit.org.models import OrgNode

    node = OrgNode.objects.get(kod="SV")
    assert node.parent_node().kod == "GS"
    client.post(
        reverse("org:node_edit", args=["SV"]),
        {"namn": "Västerskolan", "typ": "enhet", "seen_revision": node.revision},
    )
    client.post(reverse("org:node_move", args=["SV"]), {"parent": tree.FS.pk})
    node.refresh_from_db()
    assert node.namn == "Västerskolan"
    assert node.parent_node().kod == "FS"
    client.post(reverse("org:node_close", args=["SV"]))
    node.refresh_from_db()
    assert node.is_closed
    # A closed unit keeps its history and is still readable.
    assert node.history.count() >= 3
    assert client.get(reverse("org:node", args=["SV"])).status_code == 200


def test_a_duplicate_code_is_refused_in_swedish(client, personas, tree, login):
    login(personas.admin)
    response = client.post(
        reverse("org:node_create", args=["GS"]), {"kod": "SN", "namn": "X", "typ": "enhet"}
    )
    assert response.status_code == 200
    assert "Det finns redan en enhet med den koden." in response.content.decode()


def test_a_node_cannot_be_moved_below_itself(client, personas, tree, login):
    login(personas.admin)
    response = client.post(reverse("org:node_move", args=["BUF"]), {"parent": tree.SN.pk})
    assert response.status_code == 200
    tree.BUF.refresh_from_db()
    assert tree.BUF.parent_node().kod == "BUN"


def test_the_tree_lists_only_visible_nodes(client, personas, login):
    login(personas.chef)
    page = client.get(reverse("org:tree")).content.decode()
    assert "Skolan Norr" in page
    assert "Skolan Söder" not in page
    assert "Hemtjänst" not in page
