"""The planning chain as its users walk it: analysis → nulägeskarta → politician on a phone;
a verksamhetsplan with an activity towards a nämndmål and a yellow status at the delårsrapport."""

import pytest
from playwright.sync_api import expect

from planning.models import Namndmal, OverarchingGoal, StrategicArea, Uppfoljning
from tests.e2e.conftest import DESKTOP, PHONE
from tillit.cycle.models import planperiod_create

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def period(db):
    return planperiod_create(budget_year=2027, make_current=True)


def test_an_analysis_becomes_a_handed_over_karta_that_a_politician_reads_on_a_phone(
    tree, personas, period, login, live_server, page
):
    # The enhetschef writes the nulägesanalys.
    login(personas.chef)
    page.goto(f"{live_server.url}/planering/enhet/SN/nulagesanalys/")
    page.get_by_role("link", name="Skriv nulägesanalysen").click()
    page.get_by_label("Hur ser våra resultat ut?").fill("Tryggheten på rasterna har minskat.")
    page.get_by_label("Status").select_option(label="Klar")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Nulägesanalysen har sparats.")).to_be_visible()
    expect(page.get_by_text("Tryggheten på rasterna har minskat.")).to_be_visible()

    # The förvaltningschef compiles the nulägeskarta and hands it over.
    page.context.clear_cookies()
    login(personas.fc)
    page.goto(f"{live_server.url}/planering/enhet/BUN/nulageskarta/")
    page.get_by_role("link", name="Nytt tema").click()
    page.get_by_label("Tema").fill("Trygghet")
    page.get_by_role("button", name="Spara").click()
    page.get_by_role("link", name="Hämta slutsatser från nulägesanalyserna").click()
    page.get_by_label("Välj resultat från Skolan Norr").check()
    page.get_by_label("Slutsats", exact=True).fill("Elevernas trygghet behöver stärkas.")
    page.get_by_label("Tema för de valda slutsatserna").select_option(label="Trygghet")
    page.get_by_role("button", name="Lägg till de valda i nulägeskartan").click()
    page.get_by_text("Slutsatsen från Skolan Norr har lagts till.").wait_for()  # htmx, no reload
    expect(page.get_by_text("Används")).to_be_visible()
    page.get_by_role("link", name="Tillbaka till nulägeskartan").click()
    expect(page.get_by_text("Utkast – inte överlämnad")).to_be_visible()
    page.get_by_role("link", name="Lämna över till nämnden").click()
    expect(page.get_by_text("Elevernas trygghet behöver stärkas.")).to_be_visible()
    page.get_by_role("button", name="Bekräfta och lämna över till nämnden").click()
    expect(page.get_by_text("har lämnats över till Barn- och utbildningsnämnden")).to_be_visible()

    # A politician reads it on a phone and follows the conclusion to the unit's analysis.
    page.context.clear_cookies()
    login(personas.politiker, viewport=PHONE)
    page.goto(f"{live_server.url}/planering/enhet/BUN/nulageskarta/")
    expect(page.get_by_text("Överlämnad till nämnden").first).to_be_visible()
    expect(page.get_by_text("Elevernas trygghet behöver stärkas.")).to_be_visible()
    page.get_by_text("Underlag: Skolan Norr – Resultat").click()
    expect(page.get_by_text("Tryggheten på rasterna har minskat.")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_unit_manager_plans_towards_a_namndmal_and_reports_yellow(
    tree, personas, period, login, live_server, page
):
    area = StrategicArea.objects.create(planperiod=period, title="Barn och unga")
    over = OverarchingGoal.objects.create(area=area, title="Barn ska vara trygga")
    Namndmal.objects.create(
        node=tree.BUN, overarching=over, title="Alla elever ska känna sig trygga"
    )
    fu = Uppfoljning.objects.create(planperiod=period, year=2027, kind="delar")

    login(personas.chef, viewport=DESKTOP)
    page.goto(f"{live_server.url}/planering/enhet/SN/verksamhetsplan/")
    page.get_by_role("link", name="Skriv verksamhetsplanen").click()
    page.get_by_label("Vad är vårt uppdrag?").fill("En trygg skola där alla lär sig.")
    page.get_by_label("Alla elever ska känna sig trygga").check()
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Verksamhetsplanen har sparats.")).to_be_visible()

    page.get_by_role("link", name="Ny aktivitet").click()
    page.get_by_label("Aktivitet").fill("Rastaktiviteter varje dag")
    page.get_by_label("Alla elever ska känna sig trygga").check()
    page.get_by_label("Ansvarig").fill("Rektor")
    page.get_by_label("Start").fill("2027-02-01")
    page.get_by_label("Klar senast").fill("2027-06-15")
    page.get_by_label("Status").select_option(label="Pågår")
    page.get_by_role("button", name="Spara").click()
    row = page.get_by_role("row", name="Rastaktiviteter varje dag")
    expect(row.get_by_role("link", name="Alla elever ska känna sig trygga")).to_be_visible()
    expect(page.get_by_text("Senast ändrad")).to_be_visible()

    page.goto(f"{live_server.url}{fu.get_absolute_url()}")
    page.get_by_role("link", name="Bedöm målen för Skolan Norr").click()
    page.get_by_label("Gul – delvis uppfyllt").check()
    page.get_by_label("Analys").fill("Rastaktiviteterna har startat; tryggheten mäts i höst.")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Uppföljningen för Skolan Norr har sparats.")).to_be_visible()
    expect(page.locator(".badge--yellow", has_text="Delvis uppfyllt")).to_be_visible()
