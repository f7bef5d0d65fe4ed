"""Support functions prepare the agenda with figures; the manager sees what is ready."""

from decimal import Decimal

import pytest
from django.urls import reverse

from dialogue.models import EconomyFigures, ItemKind

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("1 234,5", Decimal("1234.5")),
        ("1\xa0234,5", Decimal("1234.5")),
        ("−12,3", Decimal("-12.3")),
        ("-0,4", Decimal("-0.4")),
        ("48250", Decimal("48250")),
    ],
)
def test_economy_figures_are_typed_the_swedish_way(make_dialogue, cast, login, typed, stored):
    d = make_dialogue()
    url = reverse("dialogue:economy", args=[d.pk])
    response = login(cast.hr).post(url, {"budget": typed, "prognos": "0"})
    assert response.status_code == 302
    assert EconomyFigures.objects.get(dialogue=d).budget == stored


def test_a_bad_number_is_refused_in_swedish_and_nothing_is_saved(make_dialogue, cast, login):
    d = make_dialogue()
    url = reverse("dialogue:economy", args=[d.pk])
    response = login(cast.hr).post(url, {"budget": "1.234,5", "utfall": "tolv"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Skriv talet med decimalkomma" in page and "Skriv ett tal i tkr" in page
    assert not EconomyFigures.objects.filter(dialogue=d).exists()


def test_the_deviation_is_budget_minus_forecast_and_shown_rounded_half_up(
    make_dialogue, cast, login
):
    d = make_dialogue()
    client = login(cast.hr)
    client.post(
        reverse("dialogue:economy", args=[d.pk]),
        {"budget": "48 250,0", "utfall": "12 100,2", "prognos": "48 636,4"},
    )
    figures = EconomyFigures.objects.get(dialogue=d)
    assert figures.avvikelse == Decimal("-386.4")
    page = client.get(d.get_absolute_url()).content.decode()
    assert "48\xa0250,0" in page and "12\xa0100,2" in page and "-386,4" in page
    # More decimals than tenths of a tkr are refused rather than silently rounded.
    response = client.post(reverse("dialogue:economy", args=[d.pk]), {"budget": "1,25"})
    assert response.status_code == 400
    figures.refresh_from_db()
    assert figures.budget == Decimal("48250.0")


def test_marking_items_prepared_shows_the_manager_the_progress(make_dialogue, cast, login):
    d = make_dialogue()
    items = list(d.items.all())
    client = login(cast.hr)
    url = reverse("dialogue:item_prepared", args=[d.pk, items[1].pk])
    fragment = client.post(url, {"prepared": "1"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment
    assert f"1 av {len(items)} punkter förberedda" in fragment and 'hx-swap-oob="true"' in fragment
    material = reverse("dialogue:item_material", args=[d.pk, items[2].pk])
    client.post(
        material,
        {"material": "Underlag om ekonomin", "prepared": "1", "seen_revision": items[2].revision},
    )
    page = login(cast.chef).get(d.get_absolute_url()).content.decode()
    assert f"2 av {len(items)} punkter förberedda" in page
    assert "Underlag om ekonomin" in page
    assert "Markera förberedd" in page  # the chef has PREPARE on the unit too


def test_the_material_says_honestly_when_a_unit_has_none_yet(make_dialogue, cast, login):
    d = make_dialogue()
    page = login(cast.chef).get(d.get_absolute_url()).content.decode()
    assert "Ingen fryst nulägeskoll för enheten ännu" in page
    assert "Inget HME-resultat för enheten ännu" in page
    assert d.items.filter(kind=ItemKind.NULAGESKOLL).exists()
