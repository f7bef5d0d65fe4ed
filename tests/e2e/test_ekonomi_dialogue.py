"""The ekonom prepares a verksamhetsdialog and finds the figures from the feeds already there."""

import pytest
from playwright.sync_api import expect

from dialogue.models import AgendaItem, ItemKind
from tests.e2e.conftest import DESKTOP

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_ekonom_prepares_a_dialogue_and_sees_the_figures_already_there(
    live_server, page, demo_db
):
    # The demo's dialogue after next at Byaskolan: nothing prepared yet.
    item = (
        AgendaItem.objects.filter(
            dialogue__node__kod="GRU-BYA", kind=ItemKind.EKONOMI, prepared_at__isnull=True
        )
        .select_related("dialogue")
        .order_by("dialogue__date")
        .first()
    )
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/logga-in/")
    page.get_by_label("Användarnamn").fill("olof.ekonom")
    page.get_by_label("Lösenord").fill("tillit-demo")
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}{item.dialogue.get_absolute_url()}")

    ekonomi = page.locator(f"#{item.anchor}")
    # The figures are there before anyone typed anything: budget, prognos, status, the chart.
    expect(ekonomi.get_by_role("heading", name="Ekonomi,")).to_be_visible()
    expect(ekonomi.get_by_text("Demosiffror")).to_be_visible()
    expect(ekonomi.locator(".badge").filter(has_text="prognosen").first).to_be_visible()
    expect(ekonomi.locator("svg").first).to_be_visible()
    expect(
        ekonomi.get_by_text("Siffrorna kommer direkt från ekonomi- och HR-systemen")
    ).to_be_visible()
    assert ekonomi.get_by_text("Lägg in ekonomiska uppgifter").count() == 0

    # The ekonom comments and marks the item prepared: the figures are frozen with it.
    ekonomi.get_by_text("Förbered punkten").click()
    ekonomi.get_by_label("Underlag för ekonomi").fill("Vikarierna driver kostnaden; åtgärd i maj.")
    ekonomi.get_by_role("button", name="Spara och markera förberedd").click()
    page.locator(f"#{item.anchor}").get_by_text("frysta med underlaget").wait_for()
    expect(page.locator(f"#{item.anchor} .material-text").get_by_text("Vikarierna")).to_be_visible()
    item.refresh_from_db()
    assert item.is_prepared and item.feeds["ekonomi"]["figures"]["status"]
