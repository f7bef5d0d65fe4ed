"""Comments on a draft and kvittering in the browser: the förvaltningschef comments without a
reload, the chef answers and resolves, the line above kvitterar the plan; axe stays clean."""

import pytest
from playwright.sync_api import expect

from planning.models import DocStatus
from planning.services.analysis import analysis_ensure
from planning.services.plan import plan_ensure
from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.test_accessibility import AXE, AXE_RUN, TAGS
from tillit.cycle.models import planperiod_create

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def axe_problems(page):
    page.evaluate(AXE)
    return page.evaluate(AXE_RUN, TAGS)


@pytest.fixture
def drafts(tree, personas):
    period = planperiod_create(budget_year=2027, make_current=True)
    analysis = analysis_ensure(node=tree.SN, period=period)
    section = analysis.sections.get(key="resultat")
    section.text = "Tryggheten på rasterna har minskat."
    section.save()
    analysis.status = DocStatus.DRAFT
    analysis.save()
    plan = plan_ensure(node=tree.SN, period=period)
    return analysis, plan


def test_a_comment_is_added_without_reload_answered_and_resolved(
    tree, personas, drafts, login, live_server, page
):
    analysis, plan = drafts
    login(personas.fc)
    page.goto(f"{live_server.url}/planering/enhet/SN/nulagesanalys/")
    page.evaluate("window.__sameDocument = true")
    thread = page.locator("#kommentarer-resultat")
    thread.get_by_text("Kommentera hur ser våra resultat ut?").click()
    thread.get_by_label("Kommentar om ”Hur ser våra resultat ut?”").fill("")
    thread.get_by_role("button", name="Skicka kommentar").click()
    thread.get_by_text("Skriv en kommentar innan du skickar den.").wait_for()
    thread.get_by_label("Kommentar om ”Hur ser våra resultat ut?”").fill(
        "Vilka nyckeltal visar det?"
    )
    thread.get_by_role("button", name="Skicka kommentar").click()
    page.locator("#kommentarer-resultat .comment").get_by_text(
        "Vilka nyckeltal visar det?"
    ).wait_for()
    assert page.evaluate("window.__sameDocument") is True  # htmx: no reload
    assert axe_problems(page) == []

    page.context.clear_cookies()
    login(personas.chef, viewport=PHONE)
    page.goto(f"{live_server.url}/planering/enhet/SN/nulagesanalys/")
    thread = page.locator("#kommentarer-resultat")
    thread.get_by_text("Svara", exact=True).click()
    thread.get_by_label("Svar till").fill("Andelen trygga elever i elevenkäten.")
    thread.get_by_role("button", name="Skicka svar").click()
    thread.get_by_text("Andelen trygga elever i elevenkäten.").wait_for()
    page.locator("#kommentarer-resultat").get_by_role("button", name="Markera löst").click()
    page.locator("#kommentarer-resultat").get_by_text("Lösta kommentarer (1)").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert axe_problems(page) == []

    # The line above kvitterar the plan; the chef sees who and when.
    page.context.clear_cookies()
    login(personas.fc, viewport=DESKTOP)
    page.goto(f"{live_server.url}/planering/enhet/SN/verksamhetsplan/")
    page.get_by_role("button", name="Kvittera verksamhetsplanen").click()
    page.get_by_text("är kvitterad").wait_for()
    page.context.clear_cookies()
    login(personas.chef)
    page.goto(f"{live_server.url}/planering/enhet/SN/verksamhetsplan/")
    page.locator("#kvittering").get_by_text(str(personas.fc)).wait_for()
    assert axe_problems(page) == []


def test_the_forvaltningschef_compiles_several_conclusions_and_confirms_the_hand_over(
    tree, personas, login, live_server, page
):
    from planning.models import AnalysisSection, KartaTheme, Nulagesanalys
    from planning.services.karta import karta_ensure

    period = planperiod_create(budget_year=2027, make_current=True)
    for node, text, status in [
        (tree.SN, "Tryggheten har minskat.", "klar"),
        (tree.SS, "Fler elever behöver stöd.", "klar"),
        (tree.FS, "Förskolans utkast.", "utkast"),
    ]:
        analysis = Nulagesanalys.objects.create(node=node, planperiod=period, status=status)
        AnalysisSection.objects.create(analysis=analysis, key="resultat", text=text)
    KartaTheme.objects.create(karta=karta_ensure(node=tree.BUN, period=period), title="Skolan")

    login(personas.fc)
    page.goto(f"{live_server.url}/planering/enhet/BUN/nulageskarta/sammanstall/")
    page.evaluate("window.__sameDocument = true")
    expect(page.get_by_text("Utkast – kan inte väljas")).to_be_visible()
    assert axe_problems(page) == []
    page.get_by_label("Välj resultat från Skolan Norr").check()
    page.get_by_label("Välj resultat från Skolan Söder").check()
    page.get_by_label("Tema för de valda slutsatserna").select_option(label="Skolan")
    page.get_by_role("button", name="Lägg till de valda i nulägeskartan").click()
    page.get_by_text("2 slutsatser har lagts till i nulägeskartan.").wait_for()
    assert page.evaluate("window.__sameDocument") is True
    assert page.get_by_text("Används").count() == 2

    page.get_by_role("link", name="Tillbaka till nulägeskartan").click()
    page.get_by_role("link", name="Lämna över till nämnden").click()
    expect(page.get_by_text("Det här är den första versionen")).to_be_visible()
    assert axe_problems(page) == []
    page.get_by_role("button", name="Bekräfta och lämna över till nämnden").click()
    expect(page.get_by_text("(version 1)")).to_be_visible()
