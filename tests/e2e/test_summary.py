"""A politician reads their nämnd's summary on a phone and orders it as a PDF."""

import os

import pytest

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
    assert page.get_by_role("heading", name="Barn- och utbildningsnämnden", level=1).is_visible()
    goals = page.locator("#mal")
    assert goals.get_by_text("Delvis uppfyllt", exact=True).is_visible()
    assert goals.get_by_text("Ej uppfyllt", exact=True).is_visible()
    assert page.get_by_text("Källa: Kolada, N15419").first.is_visible()
    # Her nämnd's ekonomi: the status in words and shape, at nämnd and förvaltning level.
    ekonomi = page.locator("#ekonomi")
    assert ekonomi.locator(".board-ekonomi .badge").first.is_visible()
    assert ekonomi.get_by_text("Barn- och utbildningsförvaltningen").first.is_visible()
    for width in (375, 320):
        page.set_viewport_size({"width": width, "height": PHONE["height"]})
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        if SCREENSHOTS:
            page.screenshot(path=f"{SCREENSHOTS}/summary-{width}.png", full_page=True)
    page.set_viewport_size(PHONE)
    page.get_by_role("button", name="Skriv ut som rapport (PDF)").click()
    page.get_by_text("Klar", exact=True).wait_for(timeout=30_000)
    assert page.get_by_role("link", name="Öppna PDF").is_visible()
