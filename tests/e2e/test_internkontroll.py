"""Internkontroll as its users walk it: the förvaltningschef builds the risk analysis, moves the
risk into the plan and records the nämnd's adoption; the responsible enhetschef records a
deviation with an action that comes back in her next verksamhetsdialog; a politician reads the
adopted plan and its matrix on a phone."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from dialogue.services import create_dialogue
from tests.e2e.conftest import PHONE
from tillit.cycle.models import planperiod_create

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

YEAR = 2027


def test_a_risk_becomes_an_adopted_control_whose_deviation_comes_back_in_the_dialogue(
    tree, personas, login, live_server, page
):
    base = f"{live_server.url}/planering/internkontroll/enhet/BUN/{YEAR}"
    # The förvaltningschef builds the risk analysis.
    login(personas.fc)
    page.goto(f"{base}/risker/")
    page.get_by_role("link", name="Ny risk").click()
    page.locator("#id_title").fill("Inköp utanför avtal")
    page.get_by_label("Process/område").fill("Inköp")
    page.get_by_label("Möjlig", exact=True).check()
    page.get_by_label("Allvarlig", exact=True).check()
    page.get_by_label("Beslut").select_option(label="Kontrollera i planen")
    page.get_by_role("button", name="Spara risken").click()
    expect(page.get_by_text("Risken Inköp utanför avtal har sparats.")).to_be_visible()
    expect(page.locator(".risk-matrix svg")).to_be_visible()
    assert page.get_by_role("table", name=re.compile("Riskmatrisen som tabell")).count() == 1

    # … moves it into the plan, names the responsible and records the nämnd's adoption.
    page.get_by_role("link", name=f"Internkontrollplan {YEAR}").click()
    page.get_by_role("button", name="Lägg in risker som ska kontrolleras").click()
    expect(page.get_by_text("1 risker har lagts in i planen")).to_be_visible()
    page.get_by_role("link", name="Kontroll av: Inköp utanför avtal").click()
    page.get_by_label("Omfattning").fill("20 fakturor")
    page.get_by_label("Ansvarig", exact=True).select_option(str(personas.chef.pk))
    page.get_by_label("Enhet där kontrollen görs").select_option(str(tree.SN.pk))
    page.get_by_label("När (månad)").select_option(label="mars")
    page.get_by_role("button", name="Spara kontrollmomentet").click()
    page.get_by_label("Antagen av nämnden den").fill(f"{YEAR}-01-20")
    page.get_by_role("button", name="Anta och lås planen").click()
    expect(page.get_by_text("Version 1 av planen är antagen och låst.")).to_be_visible()

    # The responsible enhetschef records a deviation with an action.
    page.context.clear_cookies()
    login(personas.chef)
    page.goto(f"{base}/uppfoljning/")
    page.get_by_role("link", name="Kontroll av: Inköp utanför avtal").click()
    control_url = page.url
    page.get_by_label("Avvikelse").check()
    page.get_by_label("Vad som framkom").fill("Tre fakturor saknade avtal.")
    page.get_by_label("Åtgärd", exact=True).fill("Utbilda i avtalstrohet")
    page.get_by_role("button", name="Spara kontrollen").click()
    expect(page.get_by_text("Kontrollen är registrerad.")).to_be_visible()
    expect(page.get_by_text("Utbilda i avtalstrohet")).to_be_visible()

    # The action comes back in the unit's next verksamhetsdialog.
    dialogue = create_dialogue(
        node=tree.SN,
        date=datetime.date(YEAR, 4, 10),
        created_by=personas.hr,
        managers=[personas.chef, personas.fc],
        support=[personas.hr],
        planperiod=planperiod_create(budget_year=YEAR, make_current=True),
    )
    page.goto(f"{live_server.url}/dialog/{dialogue.pk}/")
    expect(page.get_by_text("Öppna åtgärder efter intern kontroll")).to_be_visible()
    expect(page.get_by_text("Utbilda i avtalstrohet").first).to_be_visible()

    # A politician reads the adopted plan and the follow-up on a phone.
    page.context.clear_cookies()
    login(personas.politiker, viewport=PHONE)
    page.goto(f"{base}/plan/")
    expect(page.get_by_text("Antagen 2027-01-20")).to_be_visible()
    expect(page.get_by_text("Kontroll av: Inköp utanför avtal")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.goto(control_url).status == 403  # readers may not record

    # The förvaltningschef reads the matrix on a phone: it fits, its counts are there.
    page.context.clear_cookies()
    login(personas.fc, viewport=PHONE)
    page.goto(f"{base}/risker/")
    box = page.locator(".risk-matrix svg").bounding_box()
    assert box["width"] <= PHONE["width"] and box["width"] > 250
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
