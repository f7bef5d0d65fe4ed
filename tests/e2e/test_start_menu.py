"""From the start page, per role: the chef reaches his verksamhetsplan in at most two clicks,
support staff the next dialogue to prepare in at most two, the politician her nämnd summary in
one tap on a 375 px phone; the header's search box; axe on the new pages."""

import datetime
import os
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, PHONE, open_menu_item
from tests.e2e.test_accessibility import AXE, AXE_RUN, TAGS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("TILLIT_SCREENSHOTS")  # a directory to keep screenshots in


def shot(page, name):
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True)


@pytest.fixture
def period(db):
    from tillit.cycle.models import planperiod_create

    return planperiod_create(budget_year=timezone.localdate().year + 1, make_current=True)


def axe_problems(page):
    page.evaluate(AXE)
    return page.evaluate(AXE_RUN, TAGS)


def test_the_chef_reaches_his_verksamhetsplan_in_two_clicks_and_searches(
    live_server, login, personas, tree, period
):
    from planning.services.analysis import analysis_ensure

    section = analysis_ensure(node=tree.SN, period=period).sections.get(key="behov")
    section.text = "Behovet av förskola växer i Norr."
    section.save()
    page = login(personas.chef)
    shot(page, "start-chef")
    assert axe_problems(page) == []
    clicks = 0
    page.locator("#main").get_by_role("link", name=re.compile("^Verksamhetsplan")).first.click()
    clicks += 1
    heading = page.get_by_role("heading", level=1, name=re.compile("^Verksamhetsplan Skolan Norr"))
    heading.wait_for()
    assert clicks <= 2
    # The unit menu keeps the unit: one click to its nulägesanalys and back to the plan.
    unit_nav = page.get_by_role("navigation", name="Skolan Norr")
    unit_nav.get_by_role("link", name="Nulägesanalys").click()
    page.get_by_role("heading", level=1, name=re.compile("Nulägesanalys")).wait_for()
    expect(page.get_by_role("navigation", name="Skolan Norr")).to_be_visible()
    # The header's search box: Swedish stemming, the matched word marked.
    page.get_by_role("searchbox", name="Sök").fill("förskolor")
    page.get_by_role("searchbox", name="Sök").press("Enter")
    page.get_by_role("heading", level=1, name="Sök").wait_for()
    assert page.locator(".search-results mark").first.inner_text().lower().startswith("förskol")
    shot(page, "search-chef")
    assert axe_problems(page) == []


def test_support_staff_reach_the_next_dialogue_to_prepare_in_two_clicks(
    live_server, login, personas, tree, period
):
    from dialogue.services import create_dialogue
    from tests.factories import UserFactory, give_role
    from tillit.org.models import Role

    vc = UserFactory(username="vc")
    give_role(vc, tree.GS, Role.CHEF)
    today = timezone.localdate()
    soon = create_dialogue(
        node=tree.SN,
        date=today + datetime.timedelta(days=12),
        created_by=personas.hr,
        managers=[personas.chef, vc],
        support=[personas.hr],
    )
    create_dialogue(
        node=tree.SN,
        date=today + datetime.timedelta(days=90),
        created_by=personas.hr,
        managers=[personas.chef, vc],
        support=[personas.hr],
    )
    page = login(personas.hr)
    # Through the menu: "Dialoger att förbereda", then the soonest dialogue.
    open_menu_item(page, "Dialoger att förbereda")
    page.get_by_role("heading", level=1, name="Dialoger att förbereda").wait_for()
    shot(page, "prepare-hr")
    assert axe_problems(page) == []
    page.locator("#main ol a").first.click()
    page.get_by_role("heading", level=1, name=f"Verksamhetsdialog {soon.date:%Y-%m-%d}").wait_for()
    # Before the meeting there is nothing to approve.
    assert page.get_by_role("button", name="Godkänn protokollet").count() == 0
    # And straight from the start page in one click.
    page.goto(f"{live_server.url}/")
    page.get_by_role("region", name="Nästa dialog att förbereda").get_by_role(
        "link", name=re.compile(f"{soon.date:%Y-%m-%d}")
    ).click()
    page.get_by_role("heading", level=1, name=f"Verksamhetsdialog {soon.date:%Y-%m-%d}").wait_for()
    # Dialoger has Planera dialog.
    open_menu_item(page, "Dialoger")
    page.get_by_role("link", name="Planera dialog").click()
    page.get_by_label("Enhet").select_option("SN")
    page.get_by_role("button", name="Fortsätt").click()
    page.wait_for_url(re.compile(r"/dialog/enhet/SN/planera/$"))
    assert axe_problems(page) == []


def test_the_politician_reaches_her_namnd_summary_in_one_tap_on_a_phone(
    live_server, login, personas, tree, period
):
    page = login(personas.politiker, viewport=PHONE)
    shot(page, "start-politician-375")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert axe_problems(page) == []
    # No administration in her menu; Min nämnd first after Start.
    page.locator(".main-nav--narrow summary").click()
    shot(page, "menu-politician-375")
    items = page.locator(".main-nav--narrow li a").all_inner_texts()
    assert items[:2] == ["Start", "Min nämnd"] and "Administration" not in items
    page.locator(".main-nav--narrow summary").click()
    page.get_by_role("link", name=f"Sammanfattning för {tree.BUN.namn}").click()  # the one tap
    page.get_by_role("heading", level=1, name=tree.BUN.namn).wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_step_without_a_document_is_marked_done_after_a_confirmation(
    live_server, login, personas, tree, period
):
    from tillit.cycle.models import StepCompletion, StepKind

    period.steps.filter(kind=StepKind.DELARSRAPPORT).update(
        deadline=timezone.localdate() + datetime.timedelta(days=20)
    )
    page = login(personas.chef, viewport=DESKTOP)
    page.get_by_role("link", name=re.compile("Markera klar.*Delårsrapport")).click()
    page.get_by_role("heading", level=1, name="Markera som klar").wait_for()
    assert axe_problems(page) == []
    assert not StepCompletion.objects.exists()
    page.get_by_role("button", name="Ja, markera som klar").click()
    page.wait_for_url(f"{live_server.url}/")
    assert StepCompletion.objects.filter(step__kind=StepKind.DELARSRAPPORT).exists()
