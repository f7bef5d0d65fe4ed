"""Search (tillit/search.py): PostgreSQL full-text search in Swedish, ranked, with marked
snippets, over only what the person may read."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse

from dialogue.models import Experience
from dialogue.services import create_dialogue
from planning.models import DocStatus, Namndmal, OverarchingGoal, StrategicArea
from planning.services.analysis import analysis_ensure
from planning.services.plan import plan_ensure
from tests.factories import UserFactory, give_role
from tillit import search
from tillit.cycle.models import planperiod_create
from tillit.org.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(db):
    return planperiod_create(budget_year=2027, make_current=True)


@pytest.fixture
def material(tree, personas, period):
    """Drafts in SN and SS, a klar plan in SN, a goal of BUN, a shared experience of SS."""
    sn = analysis_ensure(node=tree.SN, period=period)
    section = sn.sections.get(key="behov")
    section.text = "Behovet av förskola växer i Norr, fler barn flyttar in."
    section.save()
    ss = analysis_ensure(node=tree.SS, period=period)
    section = ss.sections.get(key="behov")
    section.text = "Söders hemliga utkast: förskolan behöver fler pedagoger."
    section.save()
    plan = plan_ensure(node=tree.SN, period=period)
    plan.mission = "Vi driver förskola och skola för barnen i Norr."
    plan.status = DocStatus.DONE
    plan.save()
    area = StrategicArea.objects.create(planperiod=period, title="Livskvalitet")
    overarching = OverarchingGoal.objects.create(area=area, title="Trygg uppväxt")
    Namndmal.objects.create(
        node=tree.BUN, overarching=overarching, title="Alla barn erbjuds plats i förskola"
    )
    Experience.objects.create(
        node=tree.SS,
        title="Utomhusdagar",
        topic="Förskola",
        problem="Barnen satt still",
        measure="Utomhuspedagogik",
        outcome="Mer rörelse",
        analysis="Värt att sprida",
        status=Experience.Status.SHARED,
        author=personas.chef,
    )
    return period


def titles(user, text):
    return [h.title for h in search.search(user, text)]


needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search needs PostgreSQL"
)


@needs_postgres
def test_swedish_stemming_finds_the_singular_from_the_plural(personas, material):
    found = titles(personas.admin, "förskolor")
    assert any("Nulägesanalys Skolan Norr" in t for t in found)
    assert any("Alla barn erbjuds plats i förskola" in t for t in found)


@needs_postgres
def test_results_are_ranked_and_the_matched_words_marked(personas, material):
    hits = search.search(personas.admin, "förskola barn")
    assert [h.rank for h in hits] == sorted((h.rank for h in hits), reverse=True)
    assert all("<mark>" in h.snippet for h in hits)


def test_a_chef_never_finds_another_units_draft(client, personas, material):
    found = titles(personas.chef, "förskola")
    assert any("Skolan Norr" in t for t in found)
    assert not any("Skolan Söder" in t and "Nulägesanalys" in t for t in found)
    client.force_login(personas.chef)
    page = client.get(reverse("search"), {"q": "hemliga"}).content.decode()
    assert "Söders hemliga utkast" not in page and "Inga träffar" in page


def test_a_politician_never_finds_drafts_but_finds_her_namnds_goals(client, personas, material):
    client.force_login(personas.politiker)
    page = client.get(reverse("search"), {"q": "förskola"}).content.decode()
    assert "Alla barn erbjuds plats i förskola" in page
    assert "Nulägesanalys" not in page and "Verksamhetsplan" not in page
    assert "hemliga" not in page
    # The shared experience is for everyone in the kommun.
    assert "Utomhusdagar" in page


def test_someone_without_a_role_finds_nothing(client, material):
    client.force_login(UserFactory(username="ny"))
    page = client.get(reverse("search"), {"q": "förskola"}).content.decode()
    assert "Inga träffar" in page


def test_dialogue_notes_are_found_only_by_who_may_read_the_dialogue(client, personas, tree, period):
    gs_chef = UserFactory(username="vc")
    give_role(gs_chef, tree.GS, Role.CHEF)
    dialogue = create_dialogue(
        node=tree.SN,
        date=datetime.date(2027, 2, 10),
        created_by=personas.hr,
        managers=[personas.chef, gs_chef],
        support=[personas.hr],
        planperiod=period,
    )
    item = dialogue.items.first()
    item.decisions = "Beslut: vi inför läxhjälp på biblioteket."
    item.save()
    assert any("dialog 2027-02-10" in t for t in titles(personas.hr, "läxhjälp"))
    sibling = UserFactory(username="syskon")
    give_role(sibling, tree.SS, Role.CHEF)
    assert titles(sibling, "läxhjälp") == []
    assert titles(personas.politiker, "läxhjälp") == []


def test_the_text_is_escaped_and_only_the_marks_are_html(client, personas, tree, period):
    analysis = analysis_ensure(node=tree.SN, period=period)
    section = analysis.sections.get(key="behov")
    section.text = "Elevhälsa <script>alert(1)</script> <img src=x onerror=alert(2)> behövs."
    section.save()
    client.force_login(personas.chef)
    page = client.get(reverse("search"), {"q": "elevhälsa"}).content.decode()
    assert "<script>" not in page and "<img" not in page
    assert "<mark>Elevhälsa</mark>" in page
    assert "behövs" in page


def test_the_header_has_a_search_box(client, personas):
    client.force_login(personas.chef)
    page = client.get(reverse("home")).content.decode()
    assert f'action="{reverse("search")}"' in page and 'role="search"' in page


def test_every_app_registers_its_searchable_things():
    keys = {s.key for s in search.sources()}
    expected = {"analysis", "plan", "conclusion", "goal", "uppdrag", "dialogue_item"}
    assert keys >= expected | {"experience", "risk"}


def test_the_sqlite_fallback_matches_every_word(personas, material, monkeypatch):
    monkeypatch.setattr(search, "_is_postgres", lambda: False)
    found = titles(personas.chef, "förskola norr")
    assert any("Nulägesanalys Skolan Norr" in t for t in found)
    hits = search.search(personas.chef, "förskola")
    assert all("<mark>" in h.snippet.lower() for h in hits)
    assert not any("Söder" in t and "Nulägesanalys" in t for t in titles(personas.chef, "hemliga"))


def test_the_fallback_escapes_the_text_too(personas, tree, period, monkeypatch):
    monkeypatch.setattr(search, "_is_postgres", lambda: False)
    analysis = analysis_ensure(node=tree.SN, period=period)
    section = analysis.sections.get(key="behov")
    section.text = "Elevhälsa <script>alert(1)</script> behövs."
    section.save()
    (hit,) = search.search(personas.chef, "elevhälsa")
    assert "<script>" not in hit.snippet and "&lt;script&gt;" in hit.snippet
    assert "<mark>Elevhälsa</mark>" in hit.snippet
