"""WCAG 2.1 AA checks in the real browser: axe-core on every page, phone-width reflow,
no Content-Security-Policy violations, and keyboard-only use of the main flow."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, PHONE
from tests.tillit.test_crawler import admin_crawl, one_url_per_route
from tillit.org.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_RUN = """async (tags) => {
  const r = await axe.run(document,
    {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return r.violations.filter(v => ["serious", "critical"].includes(v.impact)).map(v =>
    v.id + " (" + v.impact + "): " +
    v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", "));
}"""


def login(page, base, username, viewport):
    page.set_viewport_size(viewport)
    page.goto(f"{base}/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{base}/")


@pytest.mark.parametrize(
    "username, viewport",
    [("admin", DESKTOP), ("lena.politiker", {"width": 320, "height": 700})],
    ids=["admin-desktop", "politiker-phone"],
)
def test_every_page_passes_axe_and_reflows_on_a_phone_without_csp_errors(
    live_server, browser, demo_db, username, viewport
):
    # One page per route: the markup checks are about templates, not about each row of data.
    # The URLs come from the crawler's crawl of the same seeded demo (tests/tillit); the two
    # people are two tests, so the two workers share the pass.
    urls = one_url_per_route(
        {url: status for url, status in admin_crawl(demo_db).items() if status == 200}
    )
    assert len(urls) >= 20
    problems = []
    context = browser.new_context(locale="sv-SE")
    # axe is put into every page as it opens (not sent over for each page: ~70 ms a page).
    context.add_init_script(script=AXE)
    page = context.new_page()
    csp_errors = []
    page.on(
        "console",
        lambda m, errs=csp_errors: (
            errs.append(m.text) if "Content Security Policy" in m.text else None
        ),
    )
    login(page, live_server.url, username, viewport)
    for url in urls:
        response = page.goto(live_server.url + url)
        if response.status != 200:
            continue
        for violation in page.evaluate(AXE_RUN, TAGS):
            problems.append(f"{username} {url}: {violation}")
        overflow = page.evaluate("document.documentElement.scrollWidth")
        if overflow > viewport["width"] + 1:
            problems.append(f"{username} {url}: {overflow}px wide at {viewport['width']}px")
    problems.extend(f"{username}: {e}" for e in csp_errors)
    context.close()
    assert problems == []


def test_the_public_results_page_passes_axe_on_a_phone_without_login(
    live_server, browser, demo_db, settings
):
    """/resultat/ as a resident opens it: no login, 375 px wide, every section the demo has."""
    from public.results import invalidate

    settings.PUBLIC_RESULTS = True
    invalidate()
    context = browser.new_context(locale="sv-SE")
    page = context.new_page()
    csp_errors = []
    page.on(
        "console",
        lambda m: csp_errors.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.set_viewport_size(PHONE)
    response = page.goto(f"{live_server.url}/resultat/")
    assert response.status == 200
    assert page.url == f"{live_server.url}/resultat/"  # not sent to the login page
    for heading in ("Barn- och utbildningsnämnden", "Kommunkompassen", "Medarbetarengagemang"):
        assert page.get_by_role("heading", name=re.compile(heading)).count() >= 1, heading
    page.locator("details.summary-theme summary").first.click()  # an opened karta theme too
    page.evaluate(AXE)
    problems = list(page.evaluate(AXE_RUN, TAGS))
    overflow = page.evaluate("document.documentElement.scrollWidth")
    if overflow > PHONE["width"] + 1:
        problems.append(f"{overflow}px wide at {PHONE['width']}px")
    context.close()
    invalidate()
    assert problems == [] and csp_errors == []


def test_keyboard_only_login_and_skip_link(live_server, page, personas):
    from tests.factories import PASSWORD

    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/logga-in/")
    # The username field has focus from the start; the rest is Tab and Enter.
    assert page.evaluate("document.activeElement.name") == "username"
    page.keyboard.type("enhetschef")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Hoppa till innehållet"
    page.keyboard.press("Enter")  # the skip link moves focus to the main content
    assert page.evaluate("document.activeElement.id") == "main"
    # Focus is always visible: the next focused element has an outline.
    page.keyboard.press("Tab")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    # "Markera klar" and every link of the start page are reachable by keyboard alone.
    page.get_by_role("link", name="Årshjul").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/arshjul/")


def tab_to(page, description, condition, limit=80):
    """Press Tab until `condition` (JS on document.activeElement as `el`) holds; every element
    passed on the way must show a visible focus outline."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return {condition}; }})()"):
            return
        style = page.evaluate(
            "(() => { const s = getComputedStyle(document.activeElement);"
            " return s.outlineStyle + ' ' + s.outlineWidth; })()"
        )
        assert not style.startswith("none"), f"no visible focus on the way to {description}"
    raise AssertionError(f"{description} is not reachable with Tab")


def test_keyboard_only_a_unit_manager_writes_the_verksamhetsplan(live_server, page, personas, tree):
    """The main flow of a unit manager, with Tab, typing, Space and Enter only."""
    from planning.models import Namndmal, OverarchingGoal, StrategicArea
    from tests.factories import PASSWORD
    from tillit.cycle.models import planperiod_create

    period = planperiod_create(budget_year=2027, make_current=True)
    area = StrategicArea.objects.create(planperiod=period, title="Barn och unga")
    over = OverarchingGoal.objects.create(area=area, title="Barn ska vara trygga")
    Namndmal.objects.create(node=tree.BUN, overarching=over, title="Alla elever ska vara trygga")

    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/logga-in/")
    page.keyboard.type("enhetschef")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/planering/enhet/SN/verksamhetsplan/")
    tab_to(page, "the link to write the plan", "el.textContent.includes('Skriv verksamhetsplanen')")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/verksamhetsplan/andra/.*"))
    tab_to(
        page,
        "the mission field",
        "el.labels && el.labels[0] && el.labels[0].textContent.includes('Vad är vårt uppdrag?')",
    )
    page.keyboard.type("En trygg skola där alla lär sig.")
    tab_to(
        page,
        "the nämndmål checkbox",
        "el.type === 'checkbox' && el.labels[0] && "
        "el.labels[0].textContent.includes('Alla elever ska vara trygga')",
    )
    page.keyboard.press("Space")
    tab_to(page, "the save button", "el.tagName === 'BUTTON' && el.textContent.trim() === 'Spara'")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/verksamhetsplan/(\?.*)?$"))
    expect(page.get_by_text("Verksamhetsplanen har sparats.")).to_be_visible()
    expect(page.get_by_text("En trygg skola där alla lär sig.")).to_be_visible()
    expect(page.get_by_role("link", name="Alla elever ska vara trygga")).to_be_visible()
