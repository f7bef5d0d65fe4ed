"""The public results page /resultat/: off by default, only published material, cached and
cleared on publish, unpublish and hand-over, the same data as CSV and JSON, and the
administratör's choices (issue 19, item 3). Every check goes through HTTP."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from planning.models import GoalStatus, Malvarde, Nyckeltal, Uppfoljning
from planning.models.nyckeltal import NyckeltalValue
from planning.services.karta import karta_hand_over
from public.models import PublicChoice
from surveys.kompass.importer import import_points
from surveys.models import HmeResult, HmeRound
from tests.surveys.kompass.helpers import points_file

pytestmark = pytest.mark.django_db

PAGE = "/resultat/"


@pytest.fixture(autouse=True)
def _on(settings):
    settings.PUBLIC_RESULTS = True


@pytest.fixture
def shown(tree):
    """BUN shows everything; the kommun shows Kommunkompassen and HME; VON shows nothing."""
    PublicChoice.objects.create(node=tree.BUN, goals=True, figures=True, karta=True)
    PublicChoice.objects.create(node=tree.K, kompass=True, hme=True)


@pytest.fixture
def followup(chain, tree, period):
    fu = Uppfoljning.objects.create(planperiod=period, year=2027, kind="delar")
    GoalStatus.objects.create(
        followup=fu, node=tree.BUN, namndmal=chain.goal, status="gul", analysis="Halvvägs dit."
    )
    return fu


def publish(client, personas, fu, unpublish=False):
    client.force_login(personas.admin)
    data = {"avpublicera": "1"} if unpublish else {}
    response = client.post(reverse("planning:followup_publish", args=[fu.pk]), data)
    assert response.status_code == 302
    client.logout()


def public_page(client):
    response = client.get(PAGE)
    assert response.status_code == 200
    return response.content.decode()


def test_off_by_default_every_public_address_is_404(client, settings, shown):
    settings.PUBLIC_RESULTS = False
    for path in (PAGE, "/resultat/data.json", "/resultat/data.csv"):
        assert client.get(path).status_code == 404, path


def test_the_page_needs_no_login_and_sets_no_cookie(client, shown):
    response = client.get(PAGE)
    assert response.status_code == 200
    assert "Så går det för Testkommun" in response.content.decode()
    assert not response.cookies  # no session, no CSRF cookie: one page for everyone
    assert 'lang="sv"' in response.content.decode()


def test_publish_shows_unpublish_hides_on_reload_and_drafts_never_appear(
    client, personas, chain, followup, shown
):
    # Not published yet: the draft status and analysis are not on the page.
    page = public_page(client)
    assert "Halvvägs dit." not in page and "Alla elever trygga" not in page
    assert "Ingen uppföljning är publicerad ännu" in page  # the page is now cached

    publish(client, personas, followup)
    page = public_page(client)
    assert "Alla elever trygga" in page and "Halvvägs dit." in page
    assert "Delvis uppfyllt" in page

    # A later draft edit by the manager stays off the page: it shows the frozen version.
    GoalStatus.objects.filter(followup=followup).update(analysis="Hemligt utkast.")
    assert "Hemligt utkast." not in public_page(client)

    publish(client, personas, followup, unpublish=True)
    page = public_page(client)
    assert "Halvvägs dit." not in page and "Alla elever trygga" not in page
    for path in ("/resultat/data.json", "/resultat/data.csv"):
        body = client.get(path).content.decode("utf-8-sig")
        assert "Halvvägs dit." not in body and "Hemligt utkast." not in body, path


def test_the_nulageskarta_appears_when_handed_over_and_not_as_draft(client, personas, chain, shown):
    assert "Tryggheten i skolan behöver stärkas." not in public_page(client)
    karta_hand_over(karta=chain.bun, user=personas.fc)
    page = public_page(client)
    assert "Tryggheten i skolan behöver stärkas." in page
    assert "Version 1, överlämnad till nämnden" in page
    # A new draft conclusion after the hand-over is not public.
    chain.theme.conclusions.create(text="Ett utkast till slutsats.", order=2)
    assert "Ett utkast till slutsats." not in public_page(client)


def test_kommunkompassen_appears_when_published_and_goes_when_withdrawn(
    client, personas, tree, shown, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        evaluation = import_points(data=points_file(), year=2025, kind="extern", node=tree.K)
    assert "Kommunkompassen 2025" not in public_page(client)
    client.force_login(personas.admin)
    url = reverse("surveys:kompass:publish", args=["K", evaluation.pk])
    assert client.post(url).status_code == 302
    client.logout()
    page = public_page(client)
    assert "Kommunkompassen 2025" in page and "50 % av poängen" in page
    client.force_login(personas.admin)
    assert client.post(url).status_code == 302  # the same button withdraws it
    client.logout()
    assert "Kommunkompassen 2025" not in public_page(client)


def hme_round(tree, kommun_respondents=40, women=3):
    rnd = HmeRound.objects.create(
        year=2026, status=HmeRound.Status.COMPUTED, computed_at=timezone.now()
    )
    values = {"motivation": 80, "ledarskap": 75, "styrning": 70, "hme": Decimal("74.5")}
    HmeResult.objects.create(round=rnd, node=tree.K, respondents=kommun_respondents, **values)
    HmeResult.objects.create(round=rnd, node=tree.K, group="K", respondents=women, suppressed=True)
    HmeResult.objects.create(round=rnd, node=tree.K, group="M", respondents=37, **values)
    # A unit's result is never public, even when large enough.
    HmeResult.objects.create(
        round=rnd, node=tree.SN, respondents=20, motivation=11, ledarskap=12, styrning=13, hme=14
    )
    return rnd


def test_hme_only_for_the_kommun_with_small_groups_suppressed(client, tree, shown):
    hme_round(tree)
    data = client.get("/resultat/data.json").json()["hme"]
    assert data["ar"] == 2026 and data["svarande"] == 40
    total = next(r for r in data["index"] if r["index"] == "HME totalt")
    assert total == {
        "index": "HME totalt",
        "kommunen": 75,  # whole numbers, half up
        "kvinnor": "För få svar",
        "man": 75,
        "riket": None,
    }
    page = public_page(client)
    assert "För få svar" in page and "Skolan Norr" not in page
    body = client.get("/resultat/data.csv").content.decode("utf-8-sig")
    assert ";11;" not in body and ";14;" not in body  # the unit's figures are nowhere
    assert ";3;" not in body  # nor the small group's count


def test_choices_decide_what_each_namnd_shows(client, personas, chain, followup, tree):
    publish(client, personas, followup)
    karta_hand_over(karta=chain.bun, user=personas.fc)
    PublicChoice.objects.create(node=tree.BUN, goals=True)
    page = public_page(client)
    assert "Alla elever trygga" in page
    assert "Tryggheten i skolan behöver stärkas." not in page  # karta not chosen
    assert "Vård- och omsorgsnämnden" not in page  # VON chose nothing


@pytest.fixture
def kolada(chain, tree):
    n = Nyckeltal.objects.create(
        code="N15419", title="Elever i åk 9 som är behöriga", unit="%", source="kolada"
    )
    Malvarde.objects.create(namndmal=chain.goal, nyckeltal=n, year=2027, target=Decimal("85"))
    now = timezone.now()
    for municipality, value in (("K", Decimal("81.25")), ("0000", Decimal("83.5"))):
        NyckeltalValue.objects.create(
            nyckeltal=n, municipality=municipality, period=2025, value=value, fetched_at=now
        )
    return n


def test_kolada_figures_beside_riket_with_source_and_year_in_page_json_and_csv(
    client, tree, shown, kolada
):
    page = public_page(client)
    assert "Elever i åk 9 som är behöriga" in page
    assert "81,3" in page and "83,5" in page  # Swedish decimals, half up
    assert "Källa: Kolada, N15419, 2025" in page
    assert "LOK-TEST" not in page  # local figures stay inside
    figure = client.get("/resultat/data.json").json()["namnder"][0]["nyckeltal"][0]
    assert figure["kod"] == "N15419" and figure["senaste_ar"] == 2025
    assert figure["senaste"] == 81.25 and figure["senaste_riket"] == 83.5
    rows = list(
        csv.reader(io.StringIO(client.get("/resultat/data.csv").content.decode()), delimiter=";")
    )
    expected = ["Barn- och utbildningsnämnden", "Nyckeltal", "Elever i åk 9 som är behöriga (%)"]
    assert [*expected, "81,25", "83,5", "2025"] in [r[:6] for r in rows]


def test_csv_is_utf8_with_bom_semicolons_and_no_formula(client, personas, chain, followup, shown):
    GoalStatus.objects.filter(followup=followup).update(analysis='=HYPERLINK("http://x")')
    publish(client, personas, followup)
    response = client.get("/resultat/data.csv")
    assert response["Content-Type"].startswith("text/csv")
    raw = response.content
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Nämnd", "Avsnitt", "Rubrik", "Värde", "Riket", "År", "Text", "Källa"]
    goal = next(r for r in rows if r[1] == "Mål")
    assert goal[2] == "Alla elever trygga" and goal[3] == "Delvis uppfyllt"
    assert goal[6] == '\'=HYPERLINK("http://x")'
    data = client.get("/resultat/data.json")
    assert data["Content-Type"].startswith("application/json")
    assert json.loads(data.content)["namnder"][0]["mal"]["mal"][0]["analys"].startswith("=")


def test_the_page_is_served_from_the_cache(
    client, personas, followup, shown, django_assert_num_queries
):
    publish(client, personas, followup)
    public_page(client)
    with django_assert_num_queries(0):
        assert "Halvvägs dit." in public_page(client)
        client.get("/resultat/data.json")
        client.get("/resultat/data.csv")


# --- the administratör's page ------------------------------------------------------------------


CHOICES = "/organisation/administration/oppna-resultat/"


def test_only_the_administrator_chooses(client, personas):
    for who, status in (("fc", 403), ("politiker", 403), ("outsider", 404)):
        client.force_login(personas[who])
        assert client.get(CHOICES).status_code == status, who
        assert client.post(CHOICES, {}).status_code == status, who
    client.logout()
    assert client.get(CHOICES).status_code == 302  # to the login page
    assert not PublicChoice.objects.exists()


def seen(page):
    import re

    return re.search(r'name="seen" value="(\w+)"', page).group(1)


def test_the_administrator_chooses_from_the_administration_page(client, personas, tree):
    client.force_login(personas.admin)
    assert CHOICES in client.get(reverse("org:admin")).content.decode()
    page = client.get(CHOICES).content.decode()
    assert "Barn- och utbildningsnämnden" in page and "Vård- och omsorgsnämnden" in page
    data = {"seen": seen(page), f"n{tree.BUN.pk}_goals": "on", f"n{tree.K.pk}_hme": "on"}
    response = client.post(CHOICES, data)
    assert response.status_code == 302
    bun = PublicChoice.objects.get(node=tree.BUN)
    assert (bun.goals, bun.figures, bun.karta) == (True, False, False)
    assert PublicChoice.objects.get(node=tree.K).hme
    assert not PublicChoice.objects.filter(node=tree.VON).exists()
    # A second administrator's form opened before the save is refused, nothing changed.
    response = client.post(CHOICES, {**data, f"n{tree.VON.pk}_karta": "on"})
    assert response.status_code == 200
    assert "Någon annan har sparat valen" in response.content.decode()
    assert not PublicChoice.objects.filter(node=tree.VON).exists()


def test_a_choice_saved_clears_the_cached_page(client, personas, followup, tree):
    publish(client, personas, followup)
    assert "Alla elever trygga" not in public_page(client)
    client.force_login(personas.admin)
    page = client.get(CHOICES).content.decode()
    client.post(CHOICES, {"seen": seen(page), f"n{tree.BUN.pk}_goals": "on"})
    client.logout()
    assert "Alla elever trygga" in public_page(client)


def test_a_build_that_read_before_a_publish_cannot_put_the_old_page_back(
    client, personas, followup, shown
):
    from django.core.cache import cache

    from public import results

    before = results._generation()
    publish(client, personas, followup)
    # A request that read the database before the publish finishes its build only now.
    cache.set(f"{results.CACHE_KEYS[0]}:{before}", b"<p>Gammal sida</p>", 600)
    page = public_page(client)
    assert "Gammal sida" not in page and "Halvvägs dit." in page
    assert client.get(PAGE)["Cache-Control"] == "no-cache"  # browsers ask again on reload
