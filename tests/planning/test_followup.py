"""One follow-up tree: the uppföljning page and its PDF read the same statuses."""

import pytest
from django.urls import reverse

from planning.models import GoalStatus, Namndmal, Uppfoljning
from planning.reports import build_followup
from planning.services.followup import followup_tree
from tillit.reports.models import ReportJob

pytestmark = pytest.mark.django_db


@pytest.fixture
def followup(chain, tree, period):
    fu = Uppfoljning.objects.create(planperiod=period, year=2027, kind="delar", published=True)
    von_goal = Namndmal.objects.create(node=tree.VON, overarching=chain.over, title="Kontinuitet")
    GoalStatus.objects.create(followup=fu, node=tree.K, overarching=chain.over, status="gul")
    GoalStatus.objects.create(
        followup=fu, node=tree.BUN, namndmal=chain.goal, status="gron", analysis="Bättre."
    )
    GoalStatus.objects.create(followup=fu, node=tree.SN, namndmal=chain.goal, status="rod")
    GoalStatus.objects.create(followup=fu, node=tree.VON, namndmal=von_goal, status="rod")
    return fu


def on_the_page(areas):
    return {
        og.title: (
            og.current_status.status,
            {g.title: g.current_status.status for g in og.namndmal_list},
        )
        for area in areas
        for og in area.goals.all()
    }


def in_the_pdf(areas):
    return {
        og["title"]: (
            og["status"]["code"],
            {g["title"]: g["status"]["code"] for g in og["namndmal"]},
        )
        for area in areas
        for og in area["goals"]
    }


def test_the_page_and_the_pdf_show_the_same_board_level_statuses(client, tree, personas, followup):
    client.force_login(personas.admin)
    page = client.get(reverse("planning:followup", args=[followup.pk]))
    assert page.status_code == 200
    job = ReportJob(
        kind="uppfoljning",
        node=tree.K,
        params={"year": "2027", "typ": "delar"},
        created_by=personas.admin,
    )
    expected = {
        "Barn ska vara trygga": ("gul", {"Alla elever trygga": "gron", "Kontinuitet": "rod"})
    }
    assert on_the_page(page.context["areas"]) == in_the_pdf(build_followup(job)["areas"])
    assert on_the_page(page.context["areas"]) == expected


def test_the_tree_for_a_user_shows_unit_statuses_the_pdf_leaves_out(personas, followup):
    page = followup_tree(followup, personas.fc)
    pdf = followup_tree(followup)
    [og] = page["areas"][0].goals.all()
    assert [g.title for g in og.namndmal_list] == ["Alla elever trygga"]  # not VON's goal
    assert [st.node.kod for st in og.namndmal_list[0].unit_statuses] == ["SN"]
    [og] = pdf["areas"][0].goals.all()
    assert [g.unit_statuses for g in og.namndmal_list] == [[], []]
    assert pdf["counts"] == {"green": 1, "yellow": 0, "red": 1, "none": 0}
    assert pdf["as_of"] is not None
