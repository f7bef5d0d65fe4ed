"""The dialogue's preparation material comes from the other modules (seeded demo)."""

import pytest
from django.urls import reverse

from dialogue.material import (
    goal_status_material,
    hme_material,
    nulageskoll_material,
    open_handlingsplan_actions,
)
from dialogue.models import Dialogue
from tillit.cycle.models import Planperiod
from tillit.org.models import OrgNode, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_db, db):
    return OrgNode.objects.get(kod="GRU-BYA")


def test_the_nulageskoll_material_is_the_latest_frozen_snapshot_with_riket(demo):
    data = nulageskoll_material(demo)
    assert data["available"] and data["rows"]
    row = data["rows"][0]
    assert row["source"].startswith("Källa:")
    assert row["value"] is not None and row["period"]


def test_the_hme_material_is_the_units_latest_computed_result(demo):
    data = hme_material(demo)
    assert data["available"] and data["year"] == 2026
    if not data["suppressed"]:
        assert [i["name"] for i in data["indices"]] == [
            "Motivation",
            "Ledarskap",
            "Styrning",
            "HME totalt",
        ]
        assert all(0 <= i["value"] <= 100 for i in data["indices"])
    assert data["handlingsplan_url"] == reverse("surveys:hme_plan", args=[2026, "GRU-BYA"])


def test_a_suppressed_hme_group_shows_no_figures(demo):
    from surveys.models import HmeResult

    HmeResult.objects.filter(node=demo, group="T").update(suppressed=True)
    data = hme_material(demo)
    assert data["suppressed"] and data["indices"] == []


def test_goal_statuses_come_from_the_latest_follow_up_of_the_planperiod(demo):
    data = goal_status_material(demo, Planperiod.current())
    assert data["available"]
    assert all(g["status_label"] for g in data["goals"])


def test_open_handlingsplan_actions_include_hme_and_kommunkompassen(demo):
    sources = {
        a.source.split(",")[0].split(" ")[0] for a in open_handlingsplan_actions(demo)["actions"]
    }
    assert "HME-handlingsplan" in sources
    assert "Kommunkompassen" in sources


def test_the_agenda_page_shows_the_material(client, demo):
    dialogue = Dialogue.objects.filter(node=demo).order_by("date").first()
    client.force_login(User.objects.get(username="erik.rektor"))
    page = client.get(reverse("dialogue:detail", args=[dialogue.pk])).content.decode()
    assert "Fryst nulägeskoll" in page
    assert "HME 2026" in page


def test_the_units_follow_up_page_lists_open_handlingsplan_actions(client, demo):
    from planning.models import Uppfoljning

    fu = Uppfoljning.objects.order_by("-year").first()
    client.force_login(User.objects.get(username="erik.rektor"))
    page = client.get(reverse("planning:followup_node", args=[fu.pk, "GRU-BYA"])).content.decode()
    assert "Öppna åtgärder i handlingsplaner" in page
    assert "Kommunkompassen, område" in page
