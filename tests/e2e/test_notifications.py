"""The förvaltningschef sends Påminn to a late unit from the planning overview and its chef is
notified: the header counts it, the list opens the unit's missing nulägesanalys."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE
from tests.e2e.test_accessibility import AXE, AXE_RUN, TAGS
from tillit.cycle.models import planperiod_create

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_pamin_from_the_overview_reaches_the_late_unit_s_chef(
    tree, personas, login, live_server, page
):
    planperiod_create(budget_year=2027, make_current=True)
    login(personas.fc)
    page.goto(f"{live_server.url}/")
    page.get_by_role("navigation", name="Huvudmeny").first.get_by_role(
        "link", name="Planering"
    ).click()
    expect(page.get_by_role("columnheader", name="Ansvarig")).to_be_visible()
    page.evaluate(AXE)
    assert page.evaluate(AXE_RUN, TAGS) == []
    page.get_by_label("Påminn Skolan Norr").check()
    page.get_by_role("button", name="Påminn valda enheter").click()
    expect(page.get_by_text("Påminnelse skickad till ansvariga för Skolan Norr.")).to_be_visible()
    expect(page.get_by_text("Påmind").first).to_be_visible()

    page.context.clear_cookies()
    login(personas.chef, viewport=PHONE)
    link = page.get_by_role("link", name="Att göra och händelser")
    assert "1" in link.inner_text()
    link.click()
    page.evaluate(AXE)
    assert page.evaluate(AXE_RUN, TAGS) == []
    page.get_by_role("button", name=re.compile(r"^Påminnelse från")).click()
    # Neither document is begun: the reminder opens the first missing one.
    assert "/planering/enhet/SN/nulagesanalys/" in page.url
    expect(page.get_by_role("heading", name=re.compile("Nulägesanalys")).first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
