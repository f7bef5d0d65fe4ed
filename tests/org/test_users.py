"""User administration that scales: search, filters and paging; no default role and a
confirmation for Administratör; a set-password e-mail instead of a typed password; every role
change in the Ändringslogg (issue 15)."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory, give_role
from tests.org.test_people import GOOD
from tillit.org.models import Role, RoleAssignment, User
from tillit.org.people import import_people

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, personas):
    assert client.login(username=personas.admin.username, password=PASSWORD)
    return client


def names(response):
    return [u.username for u in response.context["users"]]


def test_the_list_is_searched_by_name_email_or_person_id(admin_client, personas):
    UserFactory(username="zara", first_name="Zara", last_name="Lind", person_id="P-77")
    assert names(admin_client.get("/organisation/anvandare/?q=zara lind")) == ["zara"]
    assert names(admin_client.get("/organisation/anvandare/?q=P-77")) == ["zara"]
    assert names(admin_client.get("/organisation/anvandare/?q=zara@tomelilla")) == ["zara"]


def test_the_list_is_filtered_by_role_and_by_unit_with_its_subtree(admin_client, personas):
    by_role = names(admin_client.get("/organisation/anvandare/?roll=forvaltningschef"))
    assert sorted(by_role) == ["forvaltningschef", "vo_chef"]
    by_unit = names(admin_client.get("/organisation/anvandare/?enhet=BUF"))
    assert sorted(by_unit) == ["enhetschef", "forvaltningschef", "hr"]


def test_deactivated_people_are_listed_only_when_asked_for(admin_client, personas):
    UserFactory(username="slutat", is_active=False)
    assert "slutat" not in names(admin_client.get("/organisation/anvandare/"))
    assert names(admin_client.get("/organisation/anvandare/?status=inactive")) == ["slutat"]


def test_the_list_is_paged_with_a_bounded_number_of_queries(
    admin_client, personas, tree, django_assert_max_num_queries
):
    for i in range(60):
        give_role(UserFactory(username=f"chef{i:02d}"), tree.SN, Role.CHEF)
    with django_assert_max_num_queries(12):
        first = admin_client.get("/organisation/anvandare/")
    assert len(first.context["users"]) == 50
    second = admin_client.get("/organisation/anvandare/?sida=2")
    assert len(second.context["users"]) == 67 - 50
    assert "Nästa sida" in first.content.decode()


def test_only_administrators_see_the_user_list(client, personas):
    assert client.login(username=personas.fc.username, password=PASSWORD)
    assert client.get("/organisation/anvandare/").status_code in (403, 404)


def test_the_role_form_has_no_role_chosen_beforehand(admin_client, personas, tree):
    html = admin_client.get(reverse("org:user", args=[personas.outsider.pk])).content.decode()
    select = re.search(r'<select name="role".*?</select>', html, re.S).group(0)
    assert "selected" not in select.split("Välj roll")[1]
    response = admin_client.post(
        reverse("org:user", args=[personas.outsider.pk]), {"node": tree.HT.pk}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["role"]
    assert not RoleAssignment.objects.filter(user=personas.outsider).exists()


def test_giving_administrator_asks_for_confirmation(admin_client, personas, tree):
    url = reverse("org:user", args=[personas.outsider.pk])
    data = {"node": tree.K.pk, "role": Role.ADMIN}
    response = admin_client.post(url, data)
    assert "Bekräfta att personen ska bli administratör" in response.content.decode()
    assert not RoleAssignment.objects.filter(user=personas.outsider).exists()
    admin_client.post(url, {**data, "confirm_admin": "on"})
    assert RoleAssignment.objects.filter(user=personas.outsider, role=Role.ADMIN).exists()


def test_a_new_person_gets_a_set_password_email_and_nobody_types_a_password(admin_client, personas):
    form = admin_client.get(reverse("org:user_create")).content.decode()
    assert 'type="password"' not in form
    response = admin_client.post(
        reverse("org:user_create"),
        {"first_name": "Nina", "last_name": "Ny", "email": "Nina@X.se", "username": "nina"},
    )
    nina = User.objects.get(username="nina")
    assert response["Location"] == reverse("org:user", args=[nina.pk])
    assert not nina.has_usable_password()
    assert len(mail.outbox) == 1
    letter = mail.outbox[0]
    assert letter.to == ["nina@x.se"]
    assert letter.subject == "Välkommen till Tillit"
    assert "Välj ditt lösenord här" in letter.body
    link = re.search(r"http://testserver(/valj-losenord/\S+)", letter.body).group(1)
    visitor = Client()
    page = visitor.get(link, follow=True)
    assert "Välj lösenord" in page.content.decode()
    done = visitor.post(
        page.redirect_chain[-1][0],
        {"new_password1": "ett-långt-lösen-123", "new_password2": "ett-långt-lösen-123"},
    )
    assert done["Location"] == reverse("set_password_done")
    assert visitor.login(username="nina", password="ett-långt-lösen-123")
    # The link works once.
    assert "redan använts" in Client().get(link, follow=True).content.decode()


def test_with_local_login_off_a_new_person_gets_no_password_email(admin_client, personas, settings):
    settings.LOCAL_LOGIN = False
    admin_client.post(
        reverse("org:user_create"),
        {"first_name": "Nina", "email": "nina@x.se", "username": "nina"},
    )
    assert User.objects.filter(username="nina").exists()
    assert mail.outbox == []


def test_every_role_change_is_in_the_changelog_with_who_and_old_to_new(
    admin_client, personas, tree
):
    admin_client.post(
        reverse("org:user", args=[personas.outsider.pk]), {"node": tree.HT.pk, "role": Role.CHEF}
    )
    assignment = RoleAssignment.objects.get(user=personas.outsider)
    admin_client.post(reverse("org:role_remove", args=[assignment.pk]))
    import_people(GOOD)
    page = admin_client.get("/organisation/andringslogg/").content.decode()
    admin_name = personas.admin.get_full_name()
    assert re.search(
        rf"{re.escape(admin_name)}</td>.*?Ingen roll → Verksamhetschef/enhetschef – Hemtjänst",
        page,
        re.S,
    )
    assert "Verksamhetschef/enhetschef – Hemtjänst → borttagen" in page
    assert re.search(
        r"Import av personfil</td>.*?Ingen roll → Stödfunktion HR – Barn- och utbildningsförv",
        page,
        re.S,
    )


def test_deactivating_a_person_by_hand_ends_their_session_over_http(admin_client, personas, client):
    from django.test import Client

    chef = Client()
    assert chef.login(username=personas.chef.username, password=PASSWORD)
    assert chef.get("/organisation/SN/").status_code == 200
    seen = {"seen_revision": personas.chef.revision}
    admin_client.post(reverse("org:user_account", args=[personas.chef.pk]), seen)
    personas.chef.refresh_from_db()
    assert not personas.chef.is_active
    assert chef.get("/organisation/SN/").status_code == 302
    # Reactivated, the old session stays ended.
    seen = {"seen_revision": personas.chef.revision}
    admin_client.post(
        reverse("org:user_account", args=[personas.chef.pk]), {"is_active": "on", **seen}
    )
    assert chef.get("/organisation/SN/").status_code == 302


def test_an_administrator_marks_a_break_glass_account(admin_client, personas):
    admin_client.post(
        reverse("org:user_account", args=[personas.fc.pk]),
        {"is_active": "on", "break_glass": "on", "seen_revision": personas.fc.revision},
    )
    personas.fc.refresh_from_db()
    assert personas.fc.break_glass and personas.fc.is_active
