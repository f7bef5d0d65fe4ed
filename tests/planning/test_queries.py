"""Main pages keep a fixed number of queries however many units, goals and conclusions exist."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from planning.models import (
    Activity,
    Conclusion,
    GoalStatus,
    KartaTheme,
    Malvarde,
    Namndmal,
    Uppfoljning,
    Verksamhetsplan,
)
from planning.services.analysis import analysis_ensure
from planning.services.plan import plan_ensure
from tests.factories import PASSWORD, add_node
from tillit.org.models import NodeType, OrgNode


def grow(chain, period, start, count):
    """Add `count` schools under GS, each with an analysis, a conclusion, a goal and a plan."""
    gs = OrgNode.objects.get(kod="GS")
    fu, _ = Uppfoljning.objects.get_or_create(planperiod=period, year=2027, kind="delar")
    for i in range(start, start + count):
        node = add_node(gs, f"S{i}", f"Skola {i}", NodeType.ENHET)
        gs.refresh_from_db()
        analysis = analysis_ensure(node=node, period=period)
        section = analysis.sections.get(key="utmaningar")
        section.text = f"Utmaning {i}"
        section.save()
        section.nyckeltal.add(chain.nyckeltal)
        theme = KartaTheme.objects.create(karta=chain.bun, title=f"Tema {i}")
        Conclusion.objects.create(theme=theme, text=f"Slutsats {i}", source=section)
        goal = Namndmal.objects.create(node=chain.goal.node, overarching=chain.over, title=f"M{i}")
        Malvarde.objects.create(
            namndmal=goal, nyckeltal=chain.nyckeltal, year=2027, target=Decimal(i)
        )
        GoalStatus.objects.create(followup=fu, node=goal.node, namndmal=goal, status="gul")
        GoalStatus.objects.create(followup=fu, node=node, namndmal=goal, status="gron")
        plan = plan_ensure(node=node, period=period)
        Activity.objects.create(plan=plan, title=f"A{i}").namndmal.add(goal)
        Activity.objects.create(
            plan=Verksamhetsplan.objects.of_node(chain.sn.node, period).first(), title=f"SN-A{i}"
        ).namndmal.add(goal)
    return fu


def pages(fu):
    return [
        reverse("planning:index"),
        reverse("planning:goals"),
        reverse("planning:board_goals", args=["BUN"]),
        reverse("planning:karta", args=["BUN"]),
        reverse("planning:karta_compile", args=["BUN"]),
        reverse("planning:plan", args=["SN"]),
        reverse("planning:followup", args=[fu.pk]),
    ]


def count_queries(client, urls):
    counts = []
    for u in urls:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(u)
        assert response.status_code == 200, u
        counts.append(len(ctx))
    return counts


@pytest.mark.parametrize("who", ["admin", "fc"])
def test_the_main_pages_do_not_grow_with_the_data(client, chain, personas, period, who):
    client.login(username=personas[who].username, password=PASSWORD)
    fu = grow(chain, period, 1, 2)
    small = count_queries(client, pages(fu))
    grow(chain, period, 3, 6)
    large = count_queries(client, pages(fu))
    print(dict(zip(pages(fu), large, strict=True)))
    assert large == small


def test_the_main_pages_stay_within_their_query_budget(
    client, chain, personas, period, django_assert_max_num_queries
):
    fu = grow(chain, period, 1, 3)
    client.login(username=personas.fc.username, password=PASSWORD)
    for u in pages(fu):
        with django_assert_max_num_queries(20):
            assert client.get(u).status_code == 200
