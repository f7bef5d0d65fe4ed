"""The header menu and the unit menu per role (tillit/menu.py), and the start page per role."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory, give_role
from tillit import menu
from tillit.cycle.models import planperiod_create
from tillit.org.models import Role

pytestmark = pytest.mark.django_db


def labels(user):
    return [label for _key, label, _url in menu.menu_for(user)]


def test_the_politician_sees_min_namnd_first_and_no_administration(personas):
    shown = labels(personas.politiker)
    assert shown[:2] == ["Start", "Min nämnd"]
    assert "Administration" not in shown
    assert "Organisation" not in shown and "Planering" not in shown
    url = {label: u for _k, label, u in menu.menu_for(personas.politiker)}["Min nämnd"]
    assert url == reverse("planning:summary", args=["BUN"])


def test_a_politician_on_two_boards_sees_each_by_name(personas, tree):
    give_role(personas.politiker, tree.VON, Role.FORTROENDEVALD)
    personas.politiker._tillit_assignments = None
    shown = labels(personas.politiker)
    assert shown[1:3] == [tree.BUN.namn, tree.VON.namn]


def test_support_staff_see_dialoger_att_forbereda_first(personas):
    shown = labels(personas.hr)
    assert shown[:3] == ["Start", "Dialoger att förbereda", "Dialoger"]
    assert "Administration" not in shown


def test_a_chef_sees_planning_first_and_the_administrator_the_administration(personas):
    assert labels(personas.chef)[:2] == ["Start", "Planering"]
    assert "Administration" not in labels(personas.chef)
    assert "Dialoger att förbereda" not in labels(personas.chef)
    assert labels(personas.admin)[-1] == "Administration"


def test_the_header_renders_the_roles_menu(client, personas):
    client.force_login(personas.politiker)
    page = client.get(reverse("home")).content.decode()
    assert reverse("planning:summary", args=["BUN"]) in page
    assert reverse("org:admin") not in page
    assert f'href="{reverse("planning:index")}"' not in page
    client.force_login(personas.admin)
    assert reverse("org:admin") in client.get(reverse("home")).content.decode()


def test_one_call_adds_an_entry(personas):
    menu.register("test_entry", "Testsida", lambda user: "/test/", roles=[Role.STOD], order=1)
    try:
        assert labels(personas.hr)[1] == "Testsida"
        assert "Testsida" not in labels(personas.chef)
    finally:
        menu.unregister("test_entry")


def test_the_unit_menu_keeps_the_unit_and_shows_only_what_the_user_may_open(client, personas, tree):
    planperiod_create(budget_year=2027, make_current=True)
    client.force_login(personas.chef)
    page = client.get(reverse("planning:analysis", args=["SN"])).content.decode()
    nav = page.split('class="unit-nav"')[1].split("</nav>")[0]
    assert reverse("planning:plan", args=["SN"]) in nav
    assert reverse("dialogue:node", args=["SN"]) in nav
    assert reverse("planning:analysis", args=["SN"]) in nav and 'aria-current="page"' in nav
    # The politician's unit menu on her nämnd: the summary and the published pages, no drafts.
    links = [u for _k, _l, u in menu.unit_menu_for(personas.politiker, tree.BUN)]
    assert reverse("planning:summary", args=["BUN"]) in links
    assert reverse("planning:karta", args=["BUN"]) in links
    assert not any("nulagesanalys" in u or "verksamhetsplan" in u for u in links)


def test_the_politicians_start_page_leads_with_her_namnd(client, personas):
    client.force_login(personas.politiker)
    page = client.get(reverse("home")).content.decode()
    summary = reverse("planning:summary", args=["BUN"])
    main = page.split('id="main"')[1]
    assert main.index(summary) < main.index("Dina roller")


def test_dialoger_overview_offers_planera_dialog_to_those_who_prepare(client, personas, tree):
    client.force_login(personas.hr)
    page = client.get(reverse("dialogue:index")).content.decode()
    assert reverse("dialogue:plan_choose") in page and "Planera dialog" in page
    response = client.get(reverse("dialogue:plan_choose"), {"enhet": "SN"})
    assert response.status_code == 302 and response.url == reverse("dialogue:plan", args=["SN"])
    client.force_login(personas.chef)
    # A chef prepares his own unit's dialogues, never another unit's.
    assert client.get(reverse("dialogue:plan_choose"), {"enhet": "SS"}).status_code == 404
    client.force_login(personas.politiker)
    assert "Planera dialog" not in client.get(reverse("dialogue:index")).content.decode()


def test_a_user_without_roles_gets_a_short_menu(db):
    user = UserFactory(username="ny")
    assert labels(user) == ["Start", "Mål", "HME", "Kommunkompassen", "Tillitsmognad", "Rapporter"]


def test_the_unit_menu_keeps_the_planperiod_being_looked_at(client, personas, tree):
    period = planperiod_create(budget_year=2027, make_current=True)
    client.force_login(personas.chef)
    url = reverse("planning:plan", args=["SN"]) + f"?period={period.pk}"
    nav = client.get(url).content.decode().split('class="unit-nav"')[1].split("</nav>")[0]
    assert reverse("planning:analysis", args=["SN"]) + f"?period={period.pk}" in nav
