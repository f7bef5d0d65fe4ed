"""Two roles log in on a desktop and a phone; each sees only what it may."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, PHONE, open_menu_item

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_unit_manager_sees_their_unit_and_not_the_neighbours(
    personas, login, live_server, viewport
):
    page = login(personas.chef, viewport=viewport)
    expect(page.get_by_role("heading", name="Dina roller")).to_be_visible()
    open_menu_item(page, "Organisation")
    tree = page.get_by_role("list", name="Organisationsträd")
    expect(tree.get_by_role("link", name="Skolan Norr")).to_be_visible()
    assert tree.get_by_role("link", name="Skolan Söder").count() == 0
    assert tree.get_by_role("link", name="Hemtjänst").count() == 0
    page.goto(f"{live_server.url}/organisation/SS/")
    expect(page.get_by_role("heading", name="Sidan finns inte")).to_be_visible()
    # Nothing wider than the screen: no horizontal scrolling on a phone.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_an_administrator_adds_a_unit_and_a_politician_cannot(
    personas, login, live_server, viewport, browser
):
    page = login(personas.admin, viewport=viewport)
    page.goto(f"{live_server.url}/organisation/GS/")
    page.get_by_role("link", name="Ny enhet under").click()
    page.get_by_label("Kod").fill("SV")
    page.get_by_label("Namn").fill("Skolan Väster")
    page.get_by_label("Typ").select_option("enhet")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("heading", name="Skolan Väster", exact=True)).to_be_visible()
    expect(page.get_by_text("Skolan Väster har skapats under Grundskola.")).to_be_visible()

    politician = browser.new_page()
    politician.set_viewport_size(viewport)
    politician.goto(f"{live_server.url}/logga-in/")
    politician.get_by_label("Användarnamn").fill(personas.politiker.username)
    from tests.factories import PASSWORD

    politician.get_by_label("Lösenord").fill(PASSWORD)
    politician.get_by_role("button", name="Logga in").click()
    politician.goto(f"{live_server.url}/organisation/GS/")
    expect(politician.get_by_role("heading", name="Grundskola", exact=True)).to_be_visible()
    assert politician.get_by_role("link", name="Ny enhet under").count() == 0
    response = politician.goto(f"{live_server.url}/organisation/GS/ny/")
    assert response.status == 403
    politician.close()


def test_a_wrong_password_gets_a_swedish_error(tree, personas, page, live_server):
    page.goto(f"{live_server.url}/logga-in/")
    page.get_by_label("Användarnamn").fill("enhetschef")
    page.get_by_label("Lösenord").fill("fel")
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_text("Fel användarnamn eller lösenord.")).to_be_visible()
    assert page.get_by_label("Användarnamn").input_value() == "enhetschef"
