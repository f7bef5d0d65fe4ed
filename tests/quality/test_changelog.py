"""Ändringslogg: who changed published material and when; for the kommun's administrators."""

import pytest
from django.utils import timezone

from planning.models import (
    FollowUpKind,
    GoalStatus,
    Namndmal,
    OverarchingGoal,
    StrategicArea,
    Uppfoljning,
)
from planning.services.karta import karta_ensure, karta_hand_over, theme_add
from tests.factories import PASSWORD
from tillit.cycle.models import planperiod_create

URL = "/organisation/andringslogg/"


@pytest.fixture
def published(personas, tree):
    period = planperiod_create(budget_year=2027, make_current=True)
    karta = karta_ensure(node=tree.BUN, period=period)
    early = theme_add(karta=karta, title="Tema före överlämnandet", user=personas.fc)
    karta_hand_over(karta=karta, user=personas.fc)
    early.title = "Tema ändrat efter överlämnandet"
    early._history_user = personas.vo_chef
    early.save()
    area = StrategicArea.objects.create(planperiod=period, title="Område")
    goal = Namndmal.objects.create(
        node=tree.BUN,
        overarching=OverarchingGoal.objects.create(area=area, title="Övergripande"),
        title="Fler behöriga lärare",
    )
    fu = Uppfoljning.objects.create(
        planperiod=period, year=2027, kind=FollowUpKind.INTERIM, published=True
    )
    GoalStatus.objects.create(
        followup=fu, node=tree.BUN, namndmal=goal, status="gul", updated_by=personas.hr
    )
    draft = Uppfoljning.objects.create(planperiod=period, year=2027, kind=FollowUpKind.ANNUAL)
    GoalStatus.objects.create(
        followup=draft, node=tree.BUN, namndmal=goal, status="rod", updated_by=personas.hr
    )
    return karta


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_the_log_names_who_changed_published_material_and_when(client, personas, published):
    page = login(client, personas.admin).get(URL).content.decode()
    assert "Överlämnad till nämnden (version 1)" in page
    assert "Ändrad tema: Tema ändrat efter överlämnandet" in page
    assert personas.vo_chef.username in page or personas.vo_chef.get_full_name() in page
    assert "Status delvis uppfyllt för Fler behöriga lärare" in page
    assert timezone.localdate().strftime("%Y-%m-%d") in page


def test_work_before_publishing_is_not_in_the_log(client, personas, published):
    page = login(client, personas.admin).get(URL).content.decode()
    assert "Skapad tema" not in page  # the theme was made before the hand-over
    assert "ej uppfyllt" not in page  # the annual report is not published


@pytest.mark.parametrize("who", ["fc", "chef", "politiker"])
def test_only_administrators_see_the_log(client, personas, published, who):
    assert login(client, getattr(personas, who)).get(URL).status_code == 403


def test_the_log_is_not_found_for_someone_without_a_role(client, personas, published):
    # The one kommun-admin gate answers outsiders 404, as every other page does.
    assert login(client, personas.outsider).get(URL).status_code == 404


def test_the_log_is_reached_from_the_administration_page(client, personas):
    assert (
        URL in login(client, personas.admin).get("/organisation/administration/").content.decode()
    )
