"""The nyckeltal picker: relevant for the unit, searchable, values the unit may see; and the
warning for a målvärde that makes no sense for the unit of measure."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from planning.models import NulageskollItem, Nyckeltal, NyckeltalSource
from planning.models.nyckeltal import NyckeltalValue
from planning.nyckeltal.picker import search, target_warning

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"planning:nyckeltal:{name}", args=args)


@pytest.fixture
def catalogue(tree, settings):
    settings.KOLADA_MUNICIPALITY = "1270"
    now = timezone.now()

    def kpi(code, title, area="", unit="%", source=NyckeltalSource.KOLADA):
        return Nyckeltal.objects.create(
            code=code, title=title, operating_area=area, unit=unit, source=source
        )

    n = {
        "merit": kpi("N15419", "Elever i åk 9 som uppnått kunskapskraven", "Grundskola"),
        "brukar": kpi("U21468", "Brukarbedömning hemtjänst", "Äldreomsorg"),
        "invanare": kpi("N01951", "Invånare totalt, antal", "Befolkning", "antal"),
        "trygg": kpi("LOK-TRYGG", "Trygga elever", source=NyckeltalSource.LOCAL),
        "sos": kpi("LOK-SOS", "Hemtjänstens egen mätning", source=NyckeltalSource.LOCAL),
        "ny": kpi("LOK-NY", "Nytt lokalt mått", source=NyckeltalSource.LOCAL),
    }

    def value(nyckeltal, v, year=2024, municipality="", node=None):
        NyckeltalValue.objects.create(
            nyckeltal=nyckeltal,
            municipality=municipality,
            node=node,
            period=year,
            value=Decimal(v),
            fetched_at=now,
            source=nyckeltal.source,
        )

    value(n["merit"], "66.6", 2023, "1270")
    value(n["merit"], "68.2", 2024, "1270")
    value(n["merit"], "72.9", 2024, "0000")
    value(n["merit"], "71.1", 2023, "0000")
    value(n["trygg"], "84.5", node=tree.SN)
    value(n["trygg"], "12.3", node=tree.SS)  # Skolan Söder's own figure
    value(n["sos"], "55.5", node=tree.HT)
    NulageskollItem.objects.create(node=tree.SS, nyckeltal=n["merit"], position=1)
    NulageskollItem.objects.create(node=tree.SS, nyckeltal=n["trygg"], position=2)
    NulageskollItem.objects.create(node=tree.HT, nyckeltal=n["brukar"], position=1)
    NulageskollItem.objects.create(node=tree.HT, nyckeltal=n["sos"], position=2)
    NulageskollItem.objects.create(node=tree.K, nyckeltal=n["invanare"], position=1)
    return n


def codes(candidates):
    return {c.nyckeltal.code for c in candidates}


def test_the_unit_is_offered_its_operating_area_its_own_and_the_kommun_level(tree, catalogue):
    candidates, total = search(tree.SN)
    # Grundskola (followed next door), the kommun's choice, local ones of the förvaltning,
    # and a new local nyckeltal nobody measures yet; not hemtjänst's.
    assert codes(candidates) == {"N15419", "N01951", "LOK-TRYGG", "LOK-NY"}
    assert total == 4
    assert codes(search(tree.HT)[0]) == {"U21468", "LOK-SOS", "N01951", "LOK-NY"}
    # The kommun itself is offered everything.
    assert len(search(tree.K)[0]) == 6


def test_search_by_title_or_kolada_id_within_or_across_the_catalogue(tree, catalogue):
    assert codes(search(tree.SN, "n15419")[0]) == {"N15419"}
    assert codes(search(tree.SN, "kunskapskrav")[0]) == {"N15419"}
    assert codes(search(tree.SN, "brukar")[0]) == set()
    assert codes(search(tree.SN, "brukar", everything=True)[0]) == {"U21468"}


def test_latest_value_year_and_riket_that_year(tree, catalogue):
    by_code = {c.nyckeltal.code: c for c in search(tree.SN)[0]}
    merit = by_code["N15419"]
    assert (merit.latest.value, merit.latest.period) == (Decimal("68.2"), 2024)
    assert (merit.riket.value, merit.riket.period) == (Decimal("72.9"), 2024)
    trygg = by_code["LOK-TRYGG"]
    assert (trygg.latest.value, trygg.latest.owner) == (Decimal("84.5"), "Skolan Norr")
    assert by_code["LOK-NY"].latest is None


def test_the_picker_page_through_http(tree, personas, catalogue, login):
    page = login(personas.chef).get(url("item_add", "SN"))
    text = page.content.decode()
    assert page.status_code == 200
    assert "68,2 % (2024, Testkommun)" in text
    assert "72,9 % (2024)" in text
    assert "Brukarbedömning" not in text
    # htmx search returns just the list
    found = login(personas.chef).get(url("picker", "SN"), {"q": "N15419"}, HTTP_HX_REQUEST="true")
    assert found.status_code == 200
    assert "Elever i åk 9" in found.content.decode()
    assert "<html" not in found.content.decode()
    assert "Trygga elever" not in found.content.decode()
    everything = login(personas.chef).get(url("picker", "SN"), {"q": "brukar", "alla": "1"})
    assert "Brukarbedömning hemtjänst" in everything.content.decode()


def test_a_chef_never_sees_another_units_local_values(tree, personas, catalogue, login):
    chef = login(personas.chef)
    for response in (
        chef.get(url("item_add", "SN")),
        chef.get(url("picker", "SN"), {"q": "trygg"}),
        chef.get(url("picker", "SN"), {"q": "", "alla": "1"}),
    ):
        text = response.content.decode()
        assert "84,5" in text
        assert "12,3" not in text and "55,5" not in text
    # Another unit's picker is not his: 404 like the rest of that unit's pages.
    assert chef.get(url("picker", "SS"), {"q": "trygg"}).status_code == 404
    assert chef.get(url("item_add", "SS")).status_code == 404
    # A politician reads, never picks.
    assert login(personas.politiker).get(url("picker", "SN")).status_code in (403, 404)


def test_a_chosen_nyckeltal_is_marked_not_offered_twice(tree, personas, catalogue, login):
    text = login(personas.fc).get(url("picker", "SS"), {"q": "N15419"}).content.decode()
    assert "Finns redan" in text
    assert f'value="{catalogue["merit"].pk}"' not in text


@pytest.mark.parametrize(
    ("code", "target", "warned"),
    [
        ("merit", "1234.5", True),
        ("merit", "-1", True),
        ("merit", "100", False),
        ("merit", "0", False),
        ("merit", "75.5", False),
        ("invanare", "-5", True),
        ("invanare", "13639", False),
        ("ny", "1234.5", True),  # unit "%"
    ],
)
def test_target_warning_rules(catalogue, code, target, warned):
    assert bool(target_warning(catalogue[code], Decimal(target))) is warned


def test_an_absurd_target_needs_confirmation_before_it_is_saved(tree, personas, catalogue, login):
    chef = login(personas.chef)
    merit = catalogue["merit"]
    data = {"nyckeltal": merit.pk, "target": "1 234,5", "comment": "Högt mål"}
    first = chef.post(url("item_add", "SN"), data)
    text = first.content.decode()
    assert first.status_code == 200
    assert "Målvärdet 1\xa0234,5 verkar orimligt" in text
    assert "andel i procent (0–100)" in text
    assert 'type="checkbox" name="confirm_target"' in text
    assert "1 234,5" in text and "Högt mål" in text  # the typed text kept
    assert not NulageskollItem.objects.filter(node=tree.SN).exists()
    confirmed = chef.post(url("item_add", "SN"), {**data, "confirm_target": "on"})
    assert confirmed.status_code == 302
    assert NulageskollItem.objects.get(node=tree.SN).target == Decimal("1234.5")


def test_a_sensible_target_is_saved_without_asking(tree, personas, catalogue, login):
    response = login(personas.chef).post(
        url("item_add", "SN"), {"nyckeltal": catalogue["merit"].pk, "target": "75"}
    )
    assert response.status_code == 302
    assert NulageskollItem.objects.get(node=tree.SN).target == Decimal("75")


def test_editing_a_target_asks_too(tree, personas, catalogue, login):
    item = NulageskollItem.objects.get(node=tree.SS, nyckeltal=catalogue["merit"])
    fc = login(personas.fc)
    edit = url("item_edit", "SS", item.pk)
    response = fc.post(edit, {"target": "-3", "comment": "", "seen_revision": item.revision})
    assert "verkar orimligt" in response.content.decode()
    item.refresh_from_db()
    assert item.target is None
    fc.post(
        edit,
        {"target": "-3", "comment": "", "seen_revision": item.revision, "confirm_target": "on"},
    )
    item.refresh_from_db()
    assert item.target == Decimal("-3")


def test_count_filter_singular_and_plural():
    t = Template(
        "{% load tillit %}"
        '{{ a|count:"uppfyllt,uppfyllda" }}|{{ b|count:"uppfyllt,uppfyllda" }}|'
        '{{ c|count:"invånare" }}'
    )
    out = t.render(Context({"a": 1, "b": 3, "c": 13639}))
    assert out == "1\xa0uppfyllt|3\xa0uppfyllda|13\xa0639\xa0invånare"


def test_cited_nyckeltal_show_value_and_year_where_cited(tree, personas, catalogue, login):
    from planning.services.analysis import analysis_ensure
    from tests.planning.factories import PlanperiodFactory

    period = PlanperiodFactory()
    analysis = analysis_ensure(node=tree.SN, period=period)
    section = analysis.sections.first()
    section.text = "Resultaten ökar."
    section.save()
    section.nyckeltal.add(catalogue["merit"], catalogue["trygg"])
    text = login(personas.chef).get(reverse("planning:analysis", args=["SN"])).content.decode()
    assert "<strong>68,2 %</strong> (2024, Testkommun; riket 72,9)" in text
    assert "<strong>84,5 %</strong> (2024)" in text
    # Skolan Söder's local figure never shows on Skolan Norr's page
    assert "12,3" not in text


def test_a_unit_whose_area_is_unknown_is_offered_every_kolada_kpi(tree, catalogue):
    NulageskollItem.objects.filter(node__path__startswith=tree.BUF.path).delete()
    offered = codes(search(tree.SN)[0])
    assert {"N15419", "U21468", "N01951"} <= offered
    assert "LOK-SOS" not in offered  # hemtjänst's local nyckeltal stays theirs
