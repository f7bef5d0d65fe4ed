"""Kommunkompassen and tillit maturity in the browser: the journeys the issue names."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from surveys.kompass.importer import import_points
from surveys.models import KompassEvaluation, KompassPoints, MaturityAssessment
from tests.e2e.conftest import PHONE
from tests.surveys.kompass.helpers import points_file

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def csv(data):
    return {"name": "poang.csv", "mimeType": "text/csv", "buffer": data}


def test_an_administrator_uploads_fixes_an_error_and_plans_an_action(
    personas, tree, login, live_server
):
    import_points(data=points_file({"1.1": 11}), year=2020, kind="referens")
    page = login(personas.admin)
    page.goto(f"{live_server.url}/enkater/kommunkompassen/K/")
    page.get_by_role("link", name="Importera poäng").click()
    page.get_by_label("År").fill("2024")
    page.get_by_label("Typ").select_option("extern")
    page.get_by_label("CSV-fil med poäng").set_input_files(csv(points_file({"4.2": 31})))
    page.get_by_role("button", name="Importera").click()
    alert = page.get_by_role("alert")
    assert "Rad 16, kolumn poang: 4.2 har högst 30 poäng, filen anger 31." in alert.inner_text()
    assert "inget har ändrats" in alert.inner_text()
    assert not KompassEvaluation.objects.filter(node=tree.K).exists()
    assert not KompassPoints.objects.filter(evaluation__node=tree.K).exists()

    fixed = points_file({"4.2": Decimal("29"), "1.2": Decimal("7.25")}, sep=",", bom=True)
    page.get_by_label("CSV-fil med poäng").set_input_files(csv(fixed))
    page.get_by_role("button", name="Importera").click()
    expect(
        page.get_by_text("Extern utvärdering 2024 har importerats (35 delområden).")
    ).to_be_visible()
    radar = page.locator("svg[aria-label^='Kommunkompassen per område']")
    expect(radar).to_be_visible()
    assert "Nationellt snitt 2020" in radar.get_attribute("aria-label")
    area4 = page.get_by_role("heading", name="4 Effektivitet", exact=False)
    expect(area4).to_be_visible()
    assert "97\xa0%" in page.locator("#main").inner_text()  # 29 of 30 = 96,7 % → 97 %

    page.get_by_role("link", name="Ny åtgärd för område 4").click()
    what = "Jämför kostnader med liknande kommuner"
    page.get_by_role("textbox", name="Åtgärd", exact=True).fill(what)
    page.get_by_role("textbox", name="Ansvarig", exact=True).fill("Ekonomichef")
    page.get_by_label("Klart senast").fill("2027-06-30")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Åtgärden har sparats i handlingsplanen.")).to_be_visible()
    plan = page.get_by_role("heading", name="Handlingsplan", exact=True).locator("..")
    expect(plan.get_by_text(what)).to_be_visible()
    expect(plan.get_by_text("4 Effektivitet")).to_be_visible()


def test_a_unit_fills_in_its_maturity_self_assessment_on_a_phone(
    personas, tree, login, live_server
):
    page = login(personas.chef, viewport=PHONE)
    page.goto(f"{live_server.url}/enkater/tillit/SN/?ar=2025")
    page.get_by_role("link", name="Fyll i självskattningen 2025").click()
    for label in ["Tillit", "Kunskap", "Stöd", "Öppenhet", "Delegering", "Samverkan", "Kundfokus"]:
        page.get_by_role("radiogroup", name=label, exact=True).get_by_label("4", exact=True).check()
    page.get_by_label("Kommentar om tillit").fill("Vi delegerar mer än förra året.")
    page.get_by_label("Samlad bedömning").fill("3,75")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Självskattningen för 2025 har sparats.")).to_be_visible()
    assert page.get_by_role(
        "heading", name="Skolan Norrs egen självskattning 2025: 3,75"
    ).is_visible()
    saved = MaturityAssessment.objects.get(node=tree.SN, year=2025)
    assert saved.overall == Decimal("3.75") and saved.kundfokus == 4
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
