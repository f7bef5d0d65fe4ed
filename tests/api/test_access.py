"""What a token may read: its subtree only, its level, and the pages' suppression."""

import pytest

from api.models import ApiToken, Level
from planning.ekonomi.importer import import_ekonomi, import_personal
from planning.models import Activity, DocStatus, GoalStatus, Verksamhetsplan
from planning.services.followup import followup_publish
from surveys.hme.results import compute_round
from tests.planning.ekonomi.conftest import ekonomi_file, personal_file
from tests.planning.factories import GoalStatusFactory, NamndmalFactory, PlanperiodFactory
from tests.surveys.hme.helpers import answers, make_round
from tillit.org.permissions import VIEW, VIEW_PUBLISHED, api_reader, can, nodes_where

from .conftest import kods

pytestmark = pytest.mark.django_db


# --- the reading rule (permission module) ----------------------------------------------------


def reader(tree, personas, owner, scope, level=Level.ALL):
    token, _ = ApiToken.issue(
        name="t",
        owner=personas[owner] if owner else None,
        service="" if owner else "BI",
        scope=tree[scope],
        level=level,
    )
    return api_reader(token)


def test_a_token_never_reads_outside_its_scope_whatever_the_owner_may(tree, personas):
    r = reader(tree, personas, "admin", "BUN")
    assert can(r, VIEW, tree.SN)
    assert not can(r, VIEW_PUBLISHED, tree.VON)
    assert not can(r, VIEW_PUBLISHED, tree.K)  # not even the published material above it
    assert {n.kod for n in nodes_where(r, VIEW_PUBLISHED)} == {"BUN", "BUF", "GS", "SN", "SS", "FS"}


def test_the_board_rule_is_cut_by_the_scope_too(tree, personas):
    # The förvaltningschef on BUF acts on BUN by the board rule, but not with a BUF token.
    assert can(reader(tree, personas, "fc", "K"), VIEW, tree.BUN)
    assert not can(reader(tree, personas, "fc", "BUF"), VIEW_PUBLISHED, tree.BUN)


def test_a_scope_wider_than_the_owner_gives_nothing_more(tree, personas):
    r = reader(tree, personas, "chef", "K")
    assert can(r, VIEW, tree.SN)
    assert not can(r, VIEW, tree.SS)
    assert not can(r, VIEW, tree.VON)


def test_the_published_level_reads_as_a_fortroendevald(tree, personas):
    r = reader(tree, personas, "admin", "BUN", Level.PUBLISHED)
    assert can(r, VIEW_PUBLISHED, tree.SN)
    assert not can(r, VIEW, tree.BUN)
    service = reader(tree, personas, None, "K", Level.PUBLISHED)
    assert can(service, VIEW_PUBLISHED, tree.HT) and not can(service, VIEW, tree.HT)


def test_a_revoked_token_has_no_reader(tree, personas):
    token, _ = ApiToken.issue(name="t", service="BI", scope=tree.K, level=Level.PUBLISHED)
    token.revoke()
    assert api_reader(token) is None


# --- through HTTP: a BUN token cannot read VON --------------------------------------------------


@pytest.fixture
def goals(tree):
    period = PlanperiodFactory()
    bun = NamndmalFactory(node=tree.BUN, overarching__area__planperiod=period, title="BUN-mål")
    von = NamndmalFactory(node=tree.VON, overarching=bun.overarching, title="VON-mål")
    st_bun = GoalStatusFactory(namndmal=bun, status="gron", analysis="Bra i BUN")
    GoalStatusFactory(namndmal=von, followup=st_bun.followup, status="rod", analysis="Dåligt i VON")
    return st_bun.followup


def test_a_bun_token_cannot_read_von_anywhere(tree, personas, make_token, get, goals):
    import_ekonomi(
        ekonomi_file(
            ("2026-08", "SN", "personalkostnader", "1 000", "500", "400", "900"),
            ("2026-08", "HT", "personalkostnader", "2 000", "1 000", "900", "2 100"),
        )
    )
    secret = make_token(scope="BUN", level=Level.ALL, owner="admin")
    assert set(kods(get("organisation", secret))) == {"BUN", "BUF", "GS", "SN", "SS", "FS"}
    assert [g["namnd"] for g in get("namndmal", secret).json()["results"]] == ["BUN"]
    statuses = get(f"uppfoljningar/{goals.pk}/malstatus", secret).json()["results"]
    assert [(s["enhet"], s["analys"]) for s in statuses] == [("BUN", "Bra i BUN")]
    assert "HT" not in kods(get("ekonomi?period=2026-08", secret))
    assert "VON" not in kods(get("ekonomi", secret))
    assert set(kods(get("ekonomi", secret))) == {"BUN", "BUF", "GS", "SN"}
    # A VON token the other way round.
    von = make_token(scope="VON", level=Level.ALL, owner="admin")
    assert set(kods(get("ekonomi", von))) == {"VON", "VOF", "HT"}


def test_a_token_of_a_person_reads_no_more_than_the_person(tree, personas, make_token, get, goals):
    secret = make_token(scope="K", level=Level.ALL, owner="vo_chef")
    statuses = get(f"uppfoljningar/{goals.pk}/malstatus", secret).json()["results"]
    assert [s["enhet"] for s in statuses] == ["VON"]


# --- the published level: no unpublished follow-up, no draft ------------------------------------


def test_a_published_token_sees_no_unpublished_follow_up_and_reads_the_published_version(
    tree, personas, make_token, get, goals
):
    published = make_token(scope="K", level=Level.PUBLISHED, owner=None, service="Webbplats")
    working = make_token(scope="K", level=Level.ALL, owner="admin")
    assert get("uppfoljningar", published).json()["results"] == []
    assert get(f"uppfoljningar/{goals.pk}/malstatus", published).status_code == 404
    # The working token reads the live statuses.
    live = get(f"uppfoljningar/{goals.pk}/malstatus", working).json()["results"]
    assert {s["analys"] for s in live} == {"Bra i BUN", "Dåligt i VON"}
    assert {s["version"] for s in live} == {None}

    followup_publish(fu=goals)
    GoalStatus.objects.filter(node=tree.BUN).update(analysis="Ändrat efter publicering")
    assert [f["id"] for f in get("uppfoljningar", published).json()["results"]] == [goals.pk]
    read = get(f"uppfoljningar/{goals.pk}/malstatus", published).json()["results"]
    assert {(s["enhet"], s["analys"], s["version"]) for s in read} == {
        ("BUN", "Bra i BUN", 1),
        ("VON", "Dåligt i VON", 1),
    }
    # Unpublished again: gone again.
    goals.published = False
    goals.save()
    assert get(f"uppfoljningar/{goals.pk}/malstatus", published).status_code == 404
    assert get("uppfoljningar", published).json()["results"] == []


def test_drafts_of_verksamhetsplaner_are_never_given_out(tree, personas, make_token, get):
    period = PlanperiodFactory()
    Verksamhetsplan.objects.create(node=tree.SN, planperiod=period, mission="Utkast")
    done = Verksamhetsplan.objects.create(
        node=tree.SS, planperiod=period, mission="Klar plan", status=DocStatus.DONE
    )
    Activity.objects.create(plan=done, title="Läsfrämjande", responsible="Rektor")
    for secret in (
        make_token(scope="K", level=Level.PUBLISHED, owner="admin"),
        make_token(scope="K", level=Level.ALL, owner="admin"),
    ):
        plans = get("verksamhetsplaner", secret).json()["results"]
        assert [(p["enhet"], p["uppdrag"]) for p in plans] == [("SS", "Klar plan")]
        [activity] = plans[0]["aktiviteter"]
        assert (activity["titel"], activity["ansvarig"]) == ("Läsfrämjande", "Rektor")
    # And a BUN token reads none of VON's.
    Verksamhetsplan.objects.create(
        node=tree.HT, planperiod=period, mission="VON:s plan", status=DocStatus.DONE
    )
    bun = make_token(scope="BUN", level=Level.ALL, owner="admin")
    assert [p["enhet"] for p in get("verksamhetsplaner", bun).json()["results"]] == ["SS"]


# --- suppression as on the pages ---------------------------------------------------------------


@pytest.fixture
def hme_round(tree):
    rnd = make_round(year=2026)
    answers(rnd, tree.SN, 6, (5,) * 9, "K")
    answers(rnd, tree.SS, 2, (1,) * 9, "M")  # fewer than 5: suppressed
    answers(rnd, tree.HT, 7, (4,) * 9, "K")
    compute_round(rnd.pk)
    return rnd


def test_hme_suppression_holds_in_the_api(tree, personas, make_token, get, hme_round):
    secret = make_token(scope="K", level=Level.ALL, owner="admin")
    body = get("hme?ar=2026", secret).json()
    assert body["min_gruppstorlek"] == 5
    rows = {(r["enhet"], r["grupp"]): r for r in body["results"]}
    ss = rows[("SS", "T")]
    assert ss["dold"] is True and ss["svarande"] == 2
    assert (ss["motivation"], ss["ledarskap"], ss["styrning"], ss["hme"]) == (None,) * 4
    # GS (8) minus SN (6) would give SS's 2: SN is hidden by the subtraction rule as on the page.
    assert rows[("SN", "T")]["dold"] is True and rows[("SN", "T")]["hme"] is None
    assert rows[("GS", "T")]["dold"] is False and rows[("GS", "T")]["hme"] is not None
    # The kommun's women/men: men are 2, so hidden.
    assert rows[("K", "M")]["dold"] is True and rows[("K", "M")]["hme"] is None
    # No suppressed row anywhere carries a value.
    for r in body["results"]:
        if r["dold"]:
            assert {r[k] for k in ("motivation", "ledarskap", "styrning", "hme")} == {None}


def test_hme_at_the_published_level_stops_at_forvaltning_level_as_the_page(
    tree, personas, make_token, get, hme_round
):
    secret = make_token(scope="K", level=Level.PUBLISHED, owner=None, service="BI")
    shown = {r["enhet"] for r in get("hme", secret).json()["results"]}
    assert shown == {"K", "BUN", "VON"}
    bun = make_token(scope="BUN", level=Level.ALL, owner="admin")
    shown = {r["enhet"] for r in get("hme", bun).json()["results"]}
    assert shown == {"BUN", "BUF", "GS", "SN", "SS"}


def test_an_open_round_gives_no_figures(tree, personas, make_token, get):
    rnd = make_round(year=2025)
    answers(rnd, tree.SN, 6)
    secret = make_token(scope="K", level=Level.ALL, owner="admin")
    assert get("hme?ar=2025", secret).json()["results"] == []


def test_sick_leave_of_small_groups_is_hidden_as_on_the_pages(tree, personas, make_token, get):
    import_personal(
        personal_file(
            ("2026-08", "FS", 9, 1400, 90, 30, 1),
            ("2026-08", "GS", 3, 480, 20, 0, 0),
        )
    )
    secret = make_token(scope="K", level=Level.ALL, owner="admin")
    body = get("personal?period=2026-08", secret).json()
    assert body["period"] == "2026-08" and body["min_gruppstorlek"] == 5
    rows = {r["enhet"]: r for r in body["results"]}
    assert rows["GS"]["dold"] and rows["GS"]["anstallda"] == 3
    assert rows["GS"]["sjukfranvaro_12m"] is None
    # FS would give GS away (BUF 12 − FS 9 = 3): hidden too, as personal_rows says.
    assert rows["FS"]["dold"] and rows["FS"]["sjukfranvaro_12m"] is None
    assert not rows["BUF"]["dold"] and rows["BUF"]["sjukfranvaro_12m"] is not None


def test_a_published_level_token_reads_figures_at_board_and_forvaltning_level_only(
    tree, personas, make_token, get
):
    import_personal(personal_file(("2026-08", "SN", 9, 1400, 90, 30, 1)))
    secret = make_token(scope="BUN", level=Level.PUBLISHED, owner=None, service="BI")
    assert set(kods(get("personal", secret))) == {"BUN", "BUF"}


def test_a_bad_period_is_named(tree, personas, make_token, get):
    secret = make_token(scope="K", level=Level.ALL, owner="admin")
    response = get("personal?period=2026-13", secret)
    assert response.status_code == 400
    assert "Ogiltig period" in response.json()["detail"]


# --- Kommunkompassen, nyckeltal and nämndmål -----------------------------------------------


def test_kompass_drafts_need_working_access_to_the_kommun(tree, personas, make_token, get):
    from surveys.models import KompassEvaluation, KompassVersion
    from surveys.models.kompass import EvaluationKind, EvaluationStatus

    version = KompassVersion.objects.get(name="2019/2020")

    def evaluation(year, status):
        return KompassEvaluation.objects.create(
            node=tree.K, version=version, year=year, kind=EvaluationKind.EXTERN, status=status
        )

    draft = evaluation(2026, EvaluationStatus.UTKAST)
    published = evaluation(2024, EvaluationStatus.PUBLICERAD)
    everything = make_token(scope="K", level=Level.ALL, owner="admin")
    only_published = make_token(scope="K", level=Level.PUBLISHED, owner="admin")
    bun = make_token(scope="BUN", level=Level.ALL, owner="admin")
    ids = lambda secret: [e["id"] for e in get("kommunkompassen", secret).json()["results"]]  # noqa: E731
    assert ids(everything) == [draft.pk, published.pk]
    assert ids(only_published) == [published.pk]
    assert ids(bun) == []  # the kommun is outside a BUN token's scope


def test_unit_nyckeltal_values_need_working_access(tree, personas, make_token, get):
    from django.utils import timezone

    from planning.models.nyckeltal import NyckeltalValue
    from tests.planning.factories import NyckeltalFactory

    n = NyckeltalFactory(code="N15033")
    now = timezone.now()
    NyckeltalValue.objects.create(
        nyckeltal=n, municipality="1270", period=2025, value="12.5", fetched_at=now
    )
    NyckeltalValue.objects.create(nyckeltal=n, node=tree.SN, period=2025, value=7, fetched_at=now)
    NyckeltalValue.objects.create(nyckeltal=n, node=tree.HT, period=2025, value=9, fetched_at=now)

    def values(secret):
        rows = get("nyckeltal/varden?nyckeltal=N15033&ar=2025", secret).json()["results"]
        return {(r["kommun"], r["enhet"], r["varde"]) for r in rows}

    assert values(make_token(scope="BUN", level=Level.ALL, owner="admin")) == {
        ("1270", None, "12.500000"),
        ("", "SN", "7.000000"),
    }
    assert values(make_token(scope="K", level=Level.PUBLISHED, owner="admin")) == {
        ("1270", None, "12.500000")
    }


def test_namndmal_carry_their_malvarden(tree, personas, make_token, get):
    from planning.models import Malvarde
    from tests.planning.factories import NyckeltalFactory

    goal = NamndmalFactory(node=tree.BUN, title="Fler elever når målen")
    Malvarde.objects.create(
        namndmal=goal, nyckeltal=NyckeltalFactory(code="N15419"), year=2027, target="85.50"
    )
    secret = make_token(scope="K", level=Level.PUBLISHED, owner=None, service="BI")
    [row] = get("namndmal", secret).json()["results"]
    assert row["titel"] == "Fler elever når målen" and row["namnd"] == "BUN"
    assert row["malvarden"] == [
        {
            "nyckeltal": "N15419",
            "nyckeltal_namn": row["malvarden"][0]["nyckeltal_namn"],
            "ar": 2027,
            "malvarde": "85.50",
            "riktning": row["malvarden"][0]["riktning"],
        }
    ]
