"""A unit manager builds the nulägeskoll: two nyckeltal, a target and the charts, on two screens."""

from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from planning.models import Nyckeltal, NyckeltalSource
from planning.models.nyckeltal import KoladaMunicipality, NyckeltalValue
from tests.e2e.conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def catalogue(settings, tree):
    settings.KOLADA_MUNICIPALITY = "1270"
    KoladaMunicipality.objects.create(id="1270", title="Tomelilla")
    KoladaMunicipality.objects.create(id="0000", title="Riket")
    school = Nyckeltal.objects.create(
        code="N15419",
        source=NyckeltalSource.KOLADA,
        title="Elever i åk 9 som uppnått kunskapskraven i alla ämnen",
    )
    safety = Nyckeltal.objects.create(code="LOK-TRYGG", title="Elever som känner sig trygga")
    now = timezone.now()
    rows = [
        NyckeltalValue(nyckeltal=school, municipality=m, period=y, value=Decimal(v), fetched_at=now)
        for m, base in (("1270", 64), ("0000", 72))
        for y, v in zip(
            range(2019, 2025), (base, base + 1, base + 3, base + 2, base + 4, base + 5), strict=True
        )
    ]
    rows += [
        NyckeltalValue(
            nyckeltal=safety,
            node=tree.SN,
            period=y,
            value=Decimal(v),
            source=NyckeltalSource.LOCAL,
            fetched_at=now,
        )
        for y, v in ((2022, "81.5"), (2023, "84"), (2024, "86.5"))
    ]
    NyckeltalValue.objects.bulk_create(rows)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_manager_adds_two_nyckeltal_with_a_target_and_sees_the_charts(
    personas, catalogue, login, live_server, viewport
):
    page = login(personas.chef, viewport=viewport)
    page.goto(f"{live_server.url}/planering/nyckeltal/enhet/SN/")
    expect(page.get_by_role("heading", name="Nulägeskoll för Skolan Norr")).to_be_visible()
    expect(page.get_by_text("Nulägeskollen är tom.")).to_be_visible()

    page.get_by_role("link", name="Lägg till nyckeltal").first.click()
    page.get_by_label("Sök nyckeltal (namn eller Kolada-id)").fill("N15419")
    page.locator("#picker-count").get_by_text("som matchar ”N15419”").wait_for()
    page.get_by_label("Elever i åk 9 som uppnått kunskapskraven i alla ämnen").check()
    page.get_by_label("Målvärde").fill("75,5")
    page.get_by_label("Kommentar").fill("Läsfrämjande arbete i åk 4–6.")
    page.get_by_role("button", name="Lägg till").click()
    expect(page.get_by_text("har lagts till i nulägeskollen")).to_be_visible()

    page.get_by_role("link", name="Lägg till nyckeltal").first.click()
    page.get_by_label("Elever som känner sig trygga").check()
    page.get_by_role("button", name="Lägg till").click()

    school = page.get_by_role(
        "article", name="Elever i åk 9 som uppnått kunskapskraven i alla ämnen"
    )
    chart = school.get_by_role("img")
    expect(chart).to_be_visible()
    assert "Tomelilla" in chart.inner_html() and "Riket" in chart.inner_html()
    latest = school.locator(".nyckeltal-latest").inner_text()
    assert "69,0 (2024, Tomelilla)" in latest and "Målvärde 75,5" in latest
    assert "Källa: Kolada, N15419" in school.locator("figcaption").inner_text()
    safety = page.get_by_role("article", name="Elever som känner sig trygga")
    expect(safety.get_by_role("img")).to_be_visible()
    assert "86,5 (2024, Skolan Norr)" in safety.locator(".nyckeltal-latest").inner_text()
    assert "Källa: lokalt nyckeltal" in safety.locator("figcaption").inner_text()
    # The charts fit the screen: no horizontal scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    box = chart.bounding_box()
    assert box["width"] <= viewport["width"]
