"""An employee answers HME on a phone through her personal invitation, without an account; after
the round closes, the manager sees the result and writes a handlingsplan."""

import pytest
from playwright.sync_api import expect

from surveys.hme.rules import STATEMENTS
from surveys.hme.services import close_round
from surveys.models import HmeInvitation, HmeResponse, HmeRound
from tests.e2e.conftest import DESKTOP, PHONE
from tests.surveys.hme.helpers import answers

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_employee_answers_on_a_phone_and_the_manager_sees_the_result(
    personas, tree, page, login, live_server
):
    rnd = HmeRound.objects.create(year=2026, status=HmeRound.Status.OPEN)
    link = HmeInvitation.objects.create(round=rnd, node=tree.SN)
    answers(rnd, tree.SN, 4, (4,) * 9)  # four colleagues have answered already

    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}{link.get_absolute_url()}")
    expect(page.get_by_role("heading", name="Hur har du det på jobbet?")).to_be_visible()
    for number, _sub, text in STATEMENTS:
        group = page.get_by_role("group", name=f"{number}. {text}")
        if number == 2:
            group.get_by_label("Vet ej / ej aktuellt").check()
        else:
            group.get_by_label("5 – Stämmer mycket bra").check()
    page.get_by_role("group", name="Jag är").get_by_label("Kvinna").check()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_role("button", name="Skicka mina svar").click()
    expect(page.get_by_role("heading", name="Tack för dina svar!")).to_be_visible()
    assert HmeResponse.objects.filter(node=tree.SN).count() == 5

    close_round(rnd)  # the administrator's "Stäng omgången och beräkna"; eager task

    manager = login(personas.chef, viewport=DESKTOP)
    manager.get_by_role("link", name="HME", exact=True).click()
    manager.get_by_role("link", name="Resultat för Skolan Norr").click()
    expect(manager.get_by_text("5 svarande")).to_be_visible()
    # Statement 2: 75 (the "vet ej" does not count); others (4 × 75 + 100) / 5 = 80.
    # Total (8 × 80 + 75) / 9 = 79,4 → 79.
    total = manager.get_by_role("row", name="HME totalt")
    assert total.get_by_role("cell").first.inner_text() == "79"
    manager.get_by_role("link", name="Handlingsplan", exact=True).click()
    manager.get_by_label("Ledarskap").check()
    manager.get_by_role("button", name="Spara fokusområden").click()
    manager.get_by_label("Åtgärd").fill("Återkoppling på varje APT")
    manager.get_by_label("Ansvarig", exact=True).fill("Rektor")
    manager.get_by_role("button", name="Lägg till åtgärd").click()
    expect(manager.get_by_text("Åtgärden har lagts till.")).to_be_visible()
    expect(manager.get_by_role("cell", name="Återkoppling på varje APT")).to_be_visible()
