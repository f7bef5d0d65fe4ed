"""A dialogue has 2–5 participants with management responsibility; a year is planned at once."""

import datetime

import pytest
from django.urls import reverse

from dialogue.models import AgendaTemplate, Dialogue, ItemKind
from tests.factories import UserFactory, give_role
from tillit.org.models import Role

pytestmark = pytest.mark.django_db


def _post(client, managers, support=(), **extra):
    data = {
        "first": "2027-02-15",
        "every": "quarterly",
        "count": "4",
        "managers": [u.pk for u in managers],
        "support": [u.pk for u in support],
        **extra,
    }
    return client.post(reverse("dialogue:plan", args=["SN"]), data)


def test_one_manager_is_too_few(cast, login, period):
    response = _post(login(cast.hr), [cast.chef], [cast.hr])
    assert response.status_code == 200
    assert "2–5 deltagare med ledningsansvar; du har valt 1." in response.content.decode()
    assert Dialogue.objects.count() == 0


def test_six_managers_are_too_many(tree, cast, login, period):
    extra = []
    for i in range(4):
        u = UserFactory(username=f"rektor{i}")
        give_role(u, tree.SN, Role.CHEF)
        extra.append(u)
    response = _post(login(cast.hr), [cast.chef, cast.gs_chef, *extra])
    assert "du har valt 6." in response.content.decode()
    assert Dialogue.objects.count() == 0


def test_a_year_of_quarterly_dialogues_gets_the_fixed_agenda(cast, login, period):
    response = _post(login(cast.hr), [cast.chef, cast.fc], [cast.hr], theme="Studiero")
    assert response.status_code == 302
    dialogues = list(Dialogue.objects.order_by("date"))
    assert [d.date for d in dialogues] == [
        datetime.date(2027, 2, 15),
        datetime.date(2027, 5, 15),
        datetime.date(2027, 8, 15),
        datetime.date(2027, 11, 15),
    ]
    assert all(d.planperiod == period for d in dialogues)
    titles = [i.title for i in dialogues[0].items.all()]
    assert titles == [
        "Uppföljning av åtgärder",
        "Nulägeskoll",
        "Ekonomi",
        "Personal och HME",
        "Mål och aktiviteter",
        "Risker",
        "Tema: Studiero",
    ]
    roles = {p.user.username: p.role for p in dialogues[0].participants.all()}
    assert roles == {"enhetschef": "ledning", "forvaltningschef": "ledning", "hr": "hr"}


def test_the_kommuns_own_template_decides_the_agenda_and_has_no_theme_item_without_theme(
    cast, login, period
):
    template = AgendaTemplate.objects.create(name="Kort agenda")
    template.items.create(order=1, kind=ItemKind.EKONOMI, title="Ekonomin")
    template.items.create(order=2, kind=ItemKind.TEMA, title="Tema")
    _post(login(cast.hr), [cast.chef, cast.fc], template=template.pk, count="1")
    titles = [i.title for i in Dialogue.objects.get().items.all()]
    assert titles == ["Uppföljning av åtgärder", "Ekonomin"]


def test_people_from_another_forvaltning_are_not_offered_as_participants(cast, login, period):
    response = _post(login(cast.hr), [cast.chef, cast.vo_chef])
    assert "Välj ett giltigt alternativ" in response.content.decode()
    assert Dialogue.objects.count() == 0


def test_editing_keeps_the_2_to_5_rule(make_dialogue, cast, login):
    d = make_dialogue()
    url = reverse("dialogue:edit", args=[d.pk])
    response = login(cast.hr).post(
        url,
        {
            "date": "2027-03-01",
            "theme": "",
            "managers": [cast.chef.pk],
            "seen_revision": d.revision,
        },
    )
    assert "du har valt 1." in response.content.decode()
    response = login(cast.hr).post(
        url,
        {
            "date": "2027-03-01",
            "theme": "Ny",
            "managers": [cast.chef.pk, cast.fc.pk],
            "seen_revision": d.revision,
        },
    )
    assert response.status_code == 302
    d.refresh_from_db()
    assert d.date == datetime.date(2027, 3, 1)
    assert d.items.filter(title="Tema: Ny").exists()
    assert set(d.participants.values_list("user__username", flat=True)) == {
        "enhetschef",
        "forvaltningschef",
    }
