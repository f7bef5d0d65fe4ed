"""The internkontroll pages answer in a fixed number of queries, however many risks, controls
and results there are (no N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from planning.internkontroll import services
from tests.factories import PASSWORD

from .conftest import YEAR, make_risk

pytestmark = pytest.mark.django_db


def grow(ik, personas, tree, n):
    """n more risks, each with a control in the adopted plan, half of them carried out with a
    deviation and an action."""
    for i in range(n):
        risk = make_risk(ik.analysis, f"Risk {i}", 1 + i % 4, 1 + (i // 4) % 4, "kontrollera")
        control = ik.plan.controls.create(
            title=f"Kontroll {i}",
            method="stickprov",
            risk=risk,
            responsible=personas.chef,
            responsible_node=tree.SN,
            month=1 + i % 12,
        )
        if i % 2:
            services.plan_adopt(plan=ik.plan, user=personas.fc)
            services.result_record(
                control=control,
                user=personas.chef,
                outcome="avvikelse",
                findings="Brist",
                actions=[(f"Åtgärd {i}", None)],
            )
    services.plan_adopt(plan=ik.plan, user=personas.fc)


def count(client, path):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(ctx.captured_queries)


PAGES = [
    ("fc", "risks", ["BUN", YEAR]),
    ("fc", "plan", ["BUN", YEAR]),
    ("fc", "followup", ["BUN", YEAR]),
    ("politiker", "version", ["BUN", YEAR, 1]),
    ("fc", "index", []),
]


@pytest.mark.parametrize("persona,name,args", PAGES)
def test_the_page_does_not_grow_with_the_number_of_risks(
    client, ik, personas, tree, persona, name, args
):
    services.plan_adopt(plan=ik.plan, user=personas.fc)
    services.result_record(
        control=ik.control,
        user=personas.chef,
        outcome="avvikelse",
        findings="x",
        actions=[("Första", None)],
    )
    client.login(username=personas[persona].username, password=PASSWORD)
    path = reverse(f"internkontroll:{name}", args=args)
    client.get(path)  # session and caches warm
    few = count(client, path)
    grow(ik, personas, tree, 24)
    many = count(client, path)
    assert many == few, (name, few, many)


# Pinned: a change that adds queries to these pages must say so here.
# Each includes the header's unread count of "Att göra och händelser" (one query).
PINNED = {"risks": 10, "plan": 11, "followup": 11, "index": 7}


@pytest.mark.parametrize("name", sorted(PINNED))
def test_the_page_answers_in_its_pinned_number_of_queries(
    client, ik, personas, tree, name, django_assert_num_queries
):
    grow(ik, personas, tree, 6)
    client.login(username=personas.fc.username, password=PASSWORD)
    args = [] if name == "index" else ["BUN", YEAR]
    path = reverse(f"internkontroll:{name}", args=args)
    client.get(path)
    with django_assert_num_queries(PINNED[name]):
        client.get(path)


def test_the_control_page_does_not_grow_with_its_results(client, ik, personas):
    services.plan_adopt(plan=ik.plan, user=personas.fc)
    client.login(username=personas.chef.username, password=PASSWORD)
    path = reverse("internkontroll:control", args=[ik.control.pk])
    services.result_record(
        control=ik.control,
        user=personas.chef,
        outcome="avvikelse",
        findings="x",
        actions=[("Första", None)],
    )
    client.get(path)
    few = count(client, path)
    for i in range(5):
        services.result_record(
            control=ik.control,
            user=personas.chef,
            outcome="avvikelse",
            findings="Brist",
            actions=[(f"Åtgärd {i}", None), (f"Till {i}", None)],
        )
    assert count(client, path) == few


def test_the_summary_card_costs_two_queries_however_many_controls(ik, personas, tree):
    from planning.internkontroll.templatetags.internkontroll import adopted_internkontroll

    services.plan_adopt(plan=ik.plan, user=personas.fc)
    with CaptureQueriesContext(connection) as few:
        adopted_internkontroll(tree.BUN, YEAR)
    grow(ik, personas, tree, 12)
    with CaptureQueriesContext(connection) as many:
        found = adopted_internkontroll(tree.BUN, YEAR)
    assert len(few) == len(many) == 2
    assert found["counts"]["total"] == 13 and found["counts"]["avvikelse"] == 6
