"""An HR partner prepares an agenda; the manager opens it on a phone; an action comes back."""

import datetime

import pytest
from playwright.sync_api import expect

from dialogue.models import ItemKind
from dialogue.services import create_dialogue
from tests.e2e.conftest import DESKTOP, PHONE, open_menu_item
from tests.factories import PASSWORD, UserFactory, give_role
from tillit.cycle.models import planperiod_create
from tillit.org.models import Role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_hr_prepares_the_manager_reads_on_a_phone_and_the_action_comes_back(
    tree, personas, login, live_server, browser
):
    planperiod_create(budget_year=2027, make_current=True)
    gs_chef = UserFactory(username="verksamhetschef")
    give_role(gs_chef, tree.GS, Role.CHEF)
    first, second = (
        create_dialogue(
            node=tree.SN,
            date=date,
            created_by=personas.hr,
            managers=[personas.chef, gs_chef],
            support=[personas.hr],
        )
        for date in (datetime.date(2027, 2, 10), datetime.date(2027, 5, 10))
    )
    risker = first.items.get(kind=ItemKind.RISKER)

    # The HR partner prepares two items on a desktop, inline (htmx).
    page = login(personas.hr, viewport=DESKTOP)
    page.goto(f"{live_server.url}{first.get_absolute_url()}")
    item = page.locator(f"#{risker.anchor}")
    item.get_by_text("Förbered punkten").click()
    item.get_by_label("Underlag för risker").fill("Två vakanser inför hösten.")
    item.get_by_role("button", name="Spara och markera förberedd").click()
    page.locator(f"#{risker.anchor} .material-text").get_by_text("Två vakanser").wait_for()
    page.get_by_role("button", name="Markera förberedd: Nulägeskoll").click()
    page.get_by_text("2 av 6 punkter förberedda.").wait_for()

    # The manager opens the agenda on a phone: sees what is ready and the material.
    phone = browser.new_page()
    phone.set_viewport_size(PHONE)
    phone.goto(f"{live_server.url}/logga-in/")
    phone.get_by_label("Användarnamn").fill(personas.chef.username)
    phone.get_by_label("Lösenord").fill(PASSWORD)
    phone.get_by_role("button", name="Logga in").click()
    phone.wait_for_url(f"{live_server.url}/")
    open_menu_item(phone, "Dialoger")
    phone.get_by_role("link", name="2027-02-10 – Skolan Norr").click()
    expect(phone.get_by_text("2 av 6 punkter förberedda.")).to_be_visible()
    expect(
        phone.locator(".material-text").get_by_text("Två vakanser inför hösten.")
    ).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # In the dialogue the manager records an action under Risker.
    item = phone.locator(f"#{risker.anchor}")
    item.get_by_text("Ny åtgärd under risker").click()
    item.get_by_label("Vad ska göras").fill("Annonsera tjänsterna före sommaren")
    item.get_by_label("Vem").select_option(label=str(personas.chef))
    item.get_by_label("Klart senast").fill("2027-04-15")
    item.get_by_role("button", name="Lägg till åtgärd").click()
    phone.locator(f"#{risker.anchor}").get_by_text(
        "Annonsera tjänsterna före sommaren", exact=True
    ).wait_for()

    # The action is on the next dialogue's agenda, under follow-up.
    phone.goto(f"{live_server.url}{second.get_absolute_url()}")
    follow_up = phone.locator(f"#{second.items.get(kind=ItemKind.UPPFOLJNING).anchor}")
    expect(follow_up.get_by_text("Annonsera tjänsterna före sommaren", exact=True)).to_be_visible()
    expect(follow_up.get_by_text("från dialogen 2027-02-10")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.close()
