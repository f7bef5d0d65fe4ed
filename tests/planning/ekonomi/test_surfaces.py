"""Where people see the ekonomi and personal figures, over HTTP: the nulägeskoll, the
verksamhetsdialog (prepared from the feeds, frozen when prepared), the nämnd summary and the
nämndrapport, the delårsrapport and mål och budget. Each surface shows the figures to the roles
the permission module lets see them and not to the others."""

import datetime
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from dialogue.models import ItemKind
from dialogue.services import create_dialogue
from planning.models import Uppfoljning
from planning.reports import build_followup, build_namnd
from tests.factories import PASSWORD, UserFactory, give_role
from tillit.cycle.models import planperiod_create
from tillit.org.models import Role, SupportFunction

NBSP = "\xa0"
SN_BUDGET = f"1{NBSP}000{NBSP}000"  # Skolan Norr's budget helår
BUN_BUDGET = f"1{NBSP}500{NBSP}000"  # the nämnd's: Skolan Norr and Skolan Söder
VON_BUDGET = f"200{NBSP}000"


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def section(body, anchor):
    """The part of a page from the element with id `anchor` to the end of its section."""
    start = body.index(f'id="{anchor}"')
    return body[start : body.index("</section>", start)]


@pytest.fixture
def figures(load_ekonomi, load_personal):
    load_ekonomi(
        ("2026-08", "SN", "personalkostnader", "1 000 000", "666 666,67", "650 000", "990 000"),
        ("2026-08", "SS", "personalkostnader", "500 000", "333 333,33", "340 000", "520 000"),
        ("2026-08", "HT", "personalkostnader", "200 000", "100 000", "90 000", "190 000"),
    )
    load_personal(
        ("2026-08", "SN", 12, 2000, 120, 40, 1),
        ("2026-08", "SS", 3, 500, 10, 0, 0),
        ("2026-08", "HT", 20, 3000, 150, 50, 0),
    )


@pytest.fixture
def ekonom(tree):
    user = UserFactory(username="ekonom")
    give_role(user, tree.BUF, Role.STOD, SupportFunction.EKONOMI)
    return user


@pytest.fixture
def period(db):
    return planperiod_create(budget_year=2026, make_current=True)


# --- the nulägeskoll ------------------------------------------------------------------------


def nulageskoll(client, kod):
    return client.get(reverse("planning:nyckeltal:nulageskoll", args=[kod]))


def test_the_chef_sees_the_ekonomi_and_personal_cards_in_her_units_nulageskoll(
    client, personas, figures
):
    body = nulageskoll(login(client, personas.chef), "SN").content.decode()
    assert "Ekonomi, augusti 2026" in body
    assert SN_BUDGET in body
    assert "Grön – prognosen håller budget" in body and "badge--green" in body  # shape + text
    assert "<svg" in body and "Utfall och budget per månad 2026" in body
    assert "Personal, 12 månader till augusti 2026" in body


def test_the_nulageskoll_of_a_verksamhet_keeps_the_suppression(client, personas, figures):
    body = nulageskoll(login(client, personas.fc), "GS").content.decode()
    assert "Skolan Norr" in body and "Skolan Söder" in body
    assert body.count("För få anställda för att visas") == 2  # Söder (3) and Norr (would reveal)


def test_the_nulageskoll_of_another_unit_shows_its_figures_to_nobody_outside(
    client, personas, figures
):
    assert nulageskoll(login(client, personas.chef), "SS").status_code == 404
    assert nulageskoll(login(client, personas.vo_chef), "SN").status_code == 404


def test_the_nulageskoll_without_figures_shows_no_cards(client, personas, tree):
    body = nulageskoll(login(client, personas.chef), "SN").content.decode()
    assert "Ekonomi, " not in body


# --- the verksamhetsdialog ------------------------------------------------------------------


@pytest.fixture
def dialogue(tree, personas, ekonom, period):
    return create_dialogue(
        node=tree.SN,
        date=datetime.date(2026, 9, 15),
        created_by=personas.hr,
        managers=[personas.chef, personas.fc],
        support=[personas.hr, ekonom],
        planperiod=period,
    )


def item_of(dialogue, kind):
    return dialogue.items.get(kind=kind)


def agenda_item(body, item):
    """The agenda item's part of the dialogue page (its cards are sections of their own)."""
    start = body.index(f'id="{item.anchor}"')
    end = body.find('class="card agenda-item"', start)
    return body[start : end if end > 0 else len(body)]


def detail(client, dialogue):
    return client.get(reverse("dialogue:detail", args=[dialogue.pk])).content.decode()


def test_the_ekonom_finds_the_figures_already_in_the_dialogue(client, dialogue, ekonom, figures):
    body = detail(login(client, ekonom), dialogue)
    ekonomi = agenda_item(body, item_of(dialogue, ItemKind.EKONOMI))
    assert SN_BUDGET in ekonomi and "Grön – prognosen håller budget" in ekonomi
    assert "Siffrorna kommer direkt från ekonomi- och HR-systemen" in ekonomi
    assert "Lägg in ekonomiska uppgifter" not in ekonomi  # no typing of figures
    personal = agenda_item(body, item_of(dialogue, ItemKind.PERSONAL))
    assert "Personal, 12 månader till augusti 2026" in personal


def test_what_the_item_showed_is_frozen_when_it_is_marked_prepared(
    client, dialogue, ekonom, figures, load_ekonomi
):
    item = item_of(dialogue, ItemKind.EKONOMI)
    login(client, ekonom)
    url = reverse("dialogue:item_material", args=[dialogue.pk, item.pk])
    client.post(
        url,
        {
            "material": "Vikarierna driver kostnaden.",
            "prepared": "1",
            "seen_revision": item.revision,
        },
    )
    item.refresh_from_db()
    assert item.feeds["ekonomi"]["figures"]["budget_helar"] == "1000000.00"
    # A new import of the month does not change what the dialogue was prepared with.
    load_ekonomi(
        ("2026-08", "SN", "personalkostnader", "2 000 000", "1 333 333", "900 000", "2 100 000")
    )
    ekonomi = agenda_item(detail(client, dialogue), item)
    assert SN_BUDGET in ekonomi and "frysta med underlaget" in ekonomi
    assert "Vikarierna driver kostnaden." in ekonomi
    # Unmarked, the item shows the feeds live again.
    client.post(reverse("dialogue:item_prepared", args=[dialogue.pk, item.pk]), {"prepared": "0"})
    ekonomi = agenda_item(detail(client, dialogue), item)
    assert f"2{NBSP}000{NBSP}000" in ekonomi and SN_BUDGET not in ekonomi


def test_a_frozen_personal_item_never_stores_a_suppressed_groups_rates(
    client, tree, personas, period, figures
):
    d = create_dialogue(
        node=tree.SS,
        date=datetime.date(2026, 9, 15),
        created_by=personas.hr,
        managers=[personas.chef, personas.fc],
        support=[personas.hr],
        planperiod=period,
    )
    item = item_of(d, ItemKind.PERSONAL)
    login(client, personas.hr).post(
        reverse("dialogue:item_prepared", args=[d.pk, item.pk]), {"prepared": "1"}
    )
    item.refresh_from_db()
    frozen = item.feeds["personal"]["figures"]
    assert frozen["suppressed"] is True and frozen["anstallda"] == 3
    assert frozen["sjukfranvaro_12m"] is None and frozen["langtid_andel_12m"] is None


def test_a_participant_who_may_not_see_the_units_figures_reads_the_dialogue_without_them(
    client, tree, personas, ekonom, period, figures
):
    d = create_dialogue(
        node=tree.SN,
        date=datetime.date(2026, 9, 15),
        created_by=personas.hr,
        managers=[personas.fc, personas.vo_chef],  # a guest from another förvaltning
        support=[ekonom],
        planperiod=period,
    )
    login(client, ekonom).post(
        reverse("dialogue:item_prepared", args=[d.pk, item_of(d, ItemKind.EKONOMI).pk]),
        {"prepared": "1"},
    )
    body = detail(login(client, personas.vo_chef), d)
    assert "Verksamhetsdialog" in body or d.node.namn in body
    assert SN_BUDGET not in body and "Personal, 12 månader" not in body


# --- the nämnd summary and the nämndrapport -----------------------------------------------


def summary(client, kod="BUN"):
    return client.get(reverse("planning:summary", args=[kod]))


def test_the_politician_sees_her_namnds_ekonomi_at_namnd_and_forvaltning_level(
    client, personas, figures
):
    body = section(summary(login(client, personas.politiker)).content.decode(), "ekonomi")
    assert BUN_BUDGET in body
    assert "Barn- och utbildningsförvaltningen" in body
    assert "Grundskola" not in body  # a verksamhet: not at the politicians' levels
    assert "Hemtjänst" not in body and VON_BUDGET not in body
    assert "badge--yellow" in body  # 1 510 000 of 1 500 000: within 1 %


def test_the_forvaltningschef_sees_the_verksamheter_in_the_summary(client, personas, figures):
    body = section(summary(login(client, personas.fc)).content.decode(), "ekonomi")
    assert "Grundskola" in body
    assert "Personal, 12 månader till augusti 2026" in body


def test_the_summary_of_another_namnd_is_not_found(client, personas, figures):
    assert summary(login(client, personas.politiker), "VON").status_code == 404


def job(node, user):
    return SimpleNamespace(node=node, params={}, created_by=user, created_at=timezone.now())


def test_the_namndrapport_carries_the_figures_its_orderer_may_see(tree, personas, figures):
    feeds = build_namnd(job(tree.BUN, personas.politiker))["feeds"]
    assert [e.kod for e in feeds["ekonomi"]] == ["BUN", "BUF"]
    assert {p.kod for p in feeds["personal"]} <= {"BUN", "BUF"}
    feeds = build_namnd(job(tree.BUN, personas.fc))["feeds"]
    assert "GS" in [e.kod for e in feeds["ekonomi"]]


# --- the delårsrapport and mål och budget ---------------------------------------------------


@pytest.fixture
def delar(period):
    return Uppfoljning.objects.create(planperiod=period, year=2026, kind="delar", published=True)


def test_the_delarsrapport_shows_each_namnds_ekonomi_status_to_those_who_may_see_it(
    client, personas, figures, delar
):
    url = reverse("planning:followup", args=[delar.pk])
    body = login(client, personas.politiker).get(url).content.decode()
    own = section(body, "ekonomi-h")
    assert "Barn- och utbildningsnämnden" in own and BUN_BUDGET in own
    assert "Vård- och omsorgsnämnden" not in own
    body = login(client, personas.admin).get(url).content.decode()
    assert "Vård- och omsorgsnämnden" in section(body, "ekonomi-h")


def test_the_delarsrapport_pdf_has_the_namnders_ekonomi(tree, personas, figures, delar):
    data = build_followup(
        SimpleNamespace(
            node=tree.K,
            params={"year": "2026", "typ": "delar"},
            created_by=personas.politiker,
            created_at=timezone.now(),
        )
    )
    assert [b["node"].kod for b in data["ekonomi"]["boards"]] == ["BUN"]


def test_mal_och_budget_shows_each_namnds_ram_beside_its_goals(client, personas, figures, period):
    body = login(client, personas.politiker).get(reverse("planning:goals")).content.decode()
    ramar = section(body, "ramar-h")
    assert "Nämndernas ramar 2026" in ramar and BUN_BUDGET in ramar
    assert "Vård- och omsorgsnämnden" not in ramar
    board = client.get(reverse("planning:board_goals", args=["BUN"])).content.decode()
    assert f"Nämndens ram 2026: {BUN_BUDGET} kr" in board


def test_someone_without_a_role_in_the_namnd_sees_no_ram(client, personas, figures, period):
    body = login(client, personas.vo_chef).get(reverse("planning:goals")).content.decode()
    assert BUN_BUDGET not in body


def test_the_agenda_pdf_carries_the_figures_its_orderer_may_see(
    tree, dialogue, ekonom, personas, figures
):
    from dialogue.reports import build

    def ekonomi_card(user):
        data = build(
            SimpleNamespace(
                node=tree.SN,
                node_id=tree.SN.pk,
                params={"dialog": str(dialogue.pk)},
                created_by=user,
                created_at=timezone.now(),
            )
        )
        item = next(i for i in data["items"] if i.kind == ItemKind.EKONOMI)
        return item.data["feed"]["card"]

    assert ekonomi_card(ekonom).figures.budget_helar == 1_000_000
    assert ekonomi_card(None) is None  # no orderer: nobody to show the figures to


def test_the_nulageskoll_cards_do_not_add_queries_per_unit(
    client, tree, personas, figures, load_ekonomi, load_personal
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import add_node
    from tillit.org.models import NodeType

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert nulageskoll(client, "GS").status_code == 200
        return len(ctx)

    login(client, personas.fc)
    nulageskoll(client, "GS")  # the suppressed personal figures in the cache
    before = count()
    for i in range(4):
        add_node(tree.GS, f"SX{i}", f"Skola {i}", NodeType.ENHET)
        tree.GS.refresh_from_db()
    load_ekonomi(
        *[("2026-08", f"SX{i}", "intäkter", "1 000", "500", "400", "1 000") for i in range(4)]
    )
    load_personal(*[("2026-08", f"SX{i}", 10, 1000, 10, 0, 0) for i in range(4)])
    nulageskoll(client, "GS")
    assert count() == before


def test_the_demos_held_dialogues_show_the_figures_they_were_prepared_with(client, demo_db, db):
    from dialogue.models import AgendaItem
    from tillit.org.models import User

    item = (
        AgendaItem.objects.filter(dialogue__node__kod="GRU-BYA", kind=ItemKind.EKONOMI)
        .exclude(prepared_at=None)
        .select_related("dialogue")
        .order_by("dialogue__date")
        .first()
    )
    assert item.feeds["ekonomi"]["period"] <= f"{item.dialogue.date:%Y-%m}"
    client.force_login(User.objects.get(username="olof.ekonom"))
    body = agenda_item(detail(client, item.dialogue), item)
    assert "frysta med underlaget" in body and "Demosiffror" in body
