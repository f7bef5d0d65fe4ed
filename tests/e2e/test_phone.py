"""A politician on a phone (375 px): riket beside her figures without horizontal scrolling,
chart text readable, and the nyckeltal picker on a chef's phone. Screenshots are kept in
TILLIT_SCREENSHOTS when set."""

import os

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE
from tests.e2e.test_accessibility import AXE, AXE_RUN, TAGS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("TILLIT_SCREENSHOTS")


def sign_in(page, live_server, username):
    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill("tillit-demo")
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{live_server.url}/")


def no_horizontal_scroll(page):
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def smallest_chart_text(page):
    """The smallest rendered font size (CSS px) of any text in an inline SVG chart."""
    return page.evaluate(
        """() => {
          let least = Infinity;
          for (const t of document.querySelectorAll('svg text')) {
            const box = t.getBoundingClientRect();
            if (!box.width) continue;
            const svg = t.ownerSVGElement;
            const shown = svg.getBoundingClientRect().width;
            const scale = shown / (svg.viewBox.baseVal.width || shown);
            const size = parseFloat(getComputedStyle(t).fontSize) * scale;
            least = Math.min(least, size);
          }
          return least;
        }"""
    )


def axe_problems(page):
    page.evaluate(AXE)
    return page.evaluate(AXE_RUN, TAGS)


def shot(page, name):
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True)


@pytest.fixture
def demo(demo_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_a_politician_reads_riket_on_a_phone_without_scrolling_sideways(demo, live_server, page):
    sign_in(page, live_server, "lena.politiker")
    page.goto(f"{live_server.url}/planering/enhet/BUN/sammanfattning/")
    shot(page, "phone-summary")
    assert no_horizontal_scroll(page)
    assert smallest_chart_text(page) >= 12
    page.goto(f"{live_server.url}/enkater/hme/2026/BUN/")
    shot(page, "phone-hme")
    riket = page.locator("td[data-label='Riket']").first
    expect(riket).to_be_visible()
    box = riket.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert no_horizontal_scroll(page)
    # Riket is read where it is, not behind a sideways scroll inside the table either.
    assert page.evaluate(
        "[...document.querySelectorAll('table')]"
        ".every(t => t.scrollWidth <= t.parentElement.clientWidth)"
    )
    assert smallest_chart_text(page) >= 12
    page.goto(f"{live_server.url}/enkater/kommunkompassen/1270/")
    shot(page, "phone-kompass")
    assert no_horizontal_scroll(page)
    assert smallest_chart_text(page) >= 12


def test_a_chef_picks_a_nyckeltal_on_a_phone(demo, live_server, page):
    sign_in(page, live_server, "erik.rektor")
    page.goto(f"{live_server.url}/planering/nyckeltal/enhet/GRU-BYA/")
    page.get_by_role("link", name="Lägg till nyckeltal").first.click()
    search = page.get_by_label("Sök nyckeltal (namn eller Kolada-id)")
    search.fill("N15436")
    page.locator("#picker-count").get_by_text("som matchar ”N15436”").wait_for()
    expect(page.locator("#picker-results").get_by_text("Finns redan")).to_be_visible()
    search.fill("brukarbedömning")  # hemtjänst's, not the school's
    page.locator("#picker-count").get_by_text("Inga nyckeltal matchar").wait_for()
    page.get_by_label("Sök i hela katalogen").check()
    page.locator("#picker-count").get_by_text("som matchar ”brukarbedömning”").wait_for()
    search.fill("Invånare")
    page.locator("#picker-count").get_by_text("som matchar ”Invånare”").wait_for()
    page.get_by_label("Invånare totalt, antal").check()
    shot(page, "phone-picker")
    assert no_horizontal_scroll(page)
    assert axe_problems(page) == []
    page.get_by_label("Målvärde").fill("-5")
    page.get_by_role("button", name="Lägg till").click()
    expect(page.get_by_role("alert").get_by_text("Målvärdet -5 verkar orimligt")).to_be_visible()
    shot(page, "phone-picker-warning")
    assert no_horizontal_scroll(page)
    page.get_by_label("Målvärdet stämmer – spara ändå").check()
    page.get_by_role("button", name="Lägg till").click()
    added = page.get_by_text("Invånare totalt, antal har lagts till i nulägeskollen.")
    expect(added).to_be_visible()


def test_an_administrator_enters_the_kompass_self_assessment_on_a_phone(demo, live_server, page):
    sign_in(page, live_server, "admin")
    page.goto(f"{live_server.url}/enkater/kommunkompassen/1270/")
    page.get_by_role("link", name="Självskattning", exact=False).first.click()
    page.get_by_role("heading", name="Självskattning", level=1).wait_for()
    assert no_horizontal_scroll(page)
    assert axe_problems(page) == []
    inputs = page.locator("input[name^='poang_']")
    for i in range(inputs.count()):
        inputs.nth(i).fill("5")
    page.locator("#id_poang_1_1").fill("")  # one left out
    page.locator("#id_kommentar_1_1").fill("Ny kommunikationsplan.")
    page.get_by_role("button", name="Spara självskattningen").click()
    summary = page.get_by_role("alert").filter(has_text="Rätta 1 fel")
    expect(summary).to_be_visible()
    assert "Inget har sparats." in summary.inner_text()
    shot(page, "phone-kompass-self-error")
    assert summary.get_by_role("link").first.get_attribute("href") == "#id_poang_1_1"
    page.locator("#id_poang_1_1").fill("7,5")
    page.get_by_role("button", name="Spara självskattningen").click()
    expect(page.get_by_text("är sparad.", exact=False)).to_be_visible()
    expect(page.get_by_text("Ny kommunikationsplan.")).to_be_visible()
    assert no_horizontal_scroll(page)
    shot(page, "phone-kompass-self")
