"""A politician reads their nämnd's summary on a phone and orders it as a PDF."""

import os

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, open_menu_item

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("TILLIT_SCREENSHOTS")  # a directory to keep screenshots in


def test_a_politician_reads_the_namnd_summary_on_a_phone_and_orders_the_pdf(
    live_server, page, settings, tmp_path, demo_db
):
    settings.MEDIA_ROOT = tmp_path
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/logga-in/")
    page.get_by_label("Användarnamn").fill("lena.politiker")
    page.get_by_label("Lösenord").fill("tillit-demo")
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{live_server.url}/")
    open_menu_item(page, "Min nämnd")
    expect(
        page.get_by_role("heading", name="Barn- och utbildningsnämnden", level=1)
    ).to_be_visible()
    goals = page.locator("#mal")
    expect(goals.get_by_text("Delvis uppfyllt", exact=True)).to_be_visible()
    expect(goals.get_by_text("Ej uppfyllt", exact=True)).to_be_visible()
    expect(page.get_by_text("Källa: Kolada, N15419").first).to_be_visible()
    # Her nämnd's ekonomi: the status in words and shape, at nämnd and förvaltning level.
    ekonomi = page.locator("#ekonomi")
    expect(ekonomi.locator(".board-ekonomi .badge").first).to_be_visible()
    expect(ekonomi.get_by_text("Barn- och utbildningsförvaltningen").first).to_be_visible()
    for width in (375, 320):
        page.set_viewport_size({"width": width, "height": PHONE["height"]})
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        if SCREENSHOTS:
            page.screenshot(path=f"{SCREENSHOTS}/summary-{width}.png", full_page=True)
    page.set_viewport_size(PHONE)
    page.get_by_role("button", name="Skriv ut som rapport (PDF)").click()
    page.get_by_text("Klar", exact=True).wait_for(timeout=30_000)
    expect(page.get_by_role("link", name="Öppna PDF")).to_be_visible()
