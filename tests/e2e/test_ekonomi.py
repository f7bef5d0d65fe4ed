"""A politician on a phone finds her nämnd's ekonomi status from the start page."""

import pytest
from playwright.sync_api import expect

from planning.ekonomi.importer import import_ekonomi, import_personal
from tests.e2e.conftest import PHONE
from tests.planning.ekonomi.conftest import ekonomi_file, personal_file

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_politician_on_a_phone_sees_her_namnds_ekonomi_status(login, personas, tree):
    import_ekonomi(
        ekonomi_file(
            ("2026-08", "SN", "personalkostnader", "1 000 000", "666 666", "650 000", "990 000"),
            ("2026-08", "SS", "personalkostnader", "500 000", "333 333", "340 000", "560 000"),
        )
    )
    import_personal(personal_file(("2026-08", "SN", 12, 2000, 120, 40, 1)))
    page = login(personas.politiker, viewport=PHONE)
    page.get_by_role("link", name="Barn- och utbildningsnämnden").first.click()
    # The nämnd's pages carry the unit menu (issue 18): its ekonomi entry.
    page.get_by_role("link", name="Ekonomi och personal").first.click()
    expect(page.get_by_role("heading", name="Ekonomi, augusti 2026")).to_be_visible()
    # 1 590 000 against 1 500 000: a 6 % overspend, in words and shape, not colour alone.
    status = page.locator(".badge--red").first
    assert status.inner_text() == "Röd – prognosen överskrider budget"
    expect(page.get_by_text("Barn- och utbildningsförvaltningen").first).to_be_visible()
    assert page.get_by_text("Grundskola").count() == 0  # below the politicians' levels
    wide = page.evaluate(
        "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right"
        " > window.innerWidth + 1).map(e => e.tagName + '.' + e.className).slice(0, 5)"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], wide
