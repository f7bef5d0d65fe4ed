"""The kommun's own Kommunkompassen assessment (kind själv), entered in the browser per sub-area
with comments: who may, what is refused, and what is stored."""

from decimal import Decimal

import pytest
from django.urls import reverse

from surveys.models import EvaluationKind, KompassEvaluation, KompassPoints
from tests.factories import UserFactory, give_role
from tests.surveys.kompass.helpers import framework
from tillit.org.models import Role, SupportFunction

pytestmark = pytest.mark.django_db

YEAR = 2025


def url(kod="K", year=YEAR):
    return reverse("surveys:kompass:self_assessment", args=[kod, year])


def full_form(points=None, comments=None, revision=0):
    """Every sub-area at half its maximum (Swedish decimal comma) unless told otherwise."""
    points, comments = points or {}, comments or {}
    data = {"seen_revision": revision, "note": "Ledningsgruppens bedömning."}
    for area in framework():
        for s in area.subareas:
            key = s.code.replace(".", "_")
            value = points.get(s.code, str(Decimal(s.max_points) / 2).replace(".", ","))
            data[f"poang_{key}"] = value
            data[f"kommentar_{key}"] = comments.get(s.code, "")
    return data


@pytest.fixture
def kvalitet(tree):
    user = UserFactory(username="kvalitet")
    give_role(user, tree.K, Role.STOD, SupportFunction.KVALITET)
    return user


def test_an_administrator_enters_the_self_assessment_with_comments(
    tree, personas, login, django_capture_on_commit_callbacks
):
    admin = login(personas.admin)
    assert admin.get(url()).status_code == 200
    data = full_form({"1.1": "7,25"}, {"1.1": "Vi har en ny kommunikationsplan."})
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(url(), data)
    assert response.status_code == 302
    evaluation = KompassEvaluation.objects.get(node=tree.K, year=YEAR)
    assert evaluation.kind == EvaluationKind.SJALV
    assert not evaluation.is_published  # a draft until published
    assert evaluation.note == "Ledningsgruppens bedömning."
    assert evaluation.points.count() == sum(len(a.subareas) for a in framework())
    first = evaluation.points.get(subarea__code="1.1")
    assert first.points == Decimal("7.25")
    assert first.comment == "Vi har en ny kommunikationsplan."
    evaluation.refresh_from_db()
    assert evaluation.computed_at is not None and evaluation.total_pct is not None
    page = admin.get(evaluation.get_absolute_url()).content.decode()
    assert "Vi har en ny kommunikationsplan." in page
    assert "Ändra självskattningen" in page
    # Opened again, the form holds what was saved; a second save replaces it.
    form = admin.get(url()).content.decode()
    assert 'value="7,25"' in form
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(url(), full_form({"1.1": "8"}, revision=evaluation.revision))
    assert KompassPoints.objects.get(evaluation=evaluation, subarea__code="1.1").points == 8


def test_kommunledningen_may_assess_but_not_units_nor_politicians(
    tree, personas, kvalitet, login, client
):
    assert login(kvalitet).get(url()).status_code == 200
    fc_kommun = UserFactory(username="kommundirektor")
    give_role(fc_kommun, tree.K, Role.FORVALTNINGSCHEF)
    client.force_login(fc_kommun)
    assert client.get(url()).status_code == 200
    for who, expected in (("fc", 403), ("chef", 403), ("politiker", 403), ("outsider", 404)):
        client.force_login(personas[who])
        assert client.get(url()).status_code == expected, who
        response = client.post(url(), full_form())
        assert response.status_code == expected, who
    assert not KompassEvaluation.objects.exists()
    # Only for the kommun itself.
    client.force_login(personas.admin)
    assert client.get(url("BUN")).status_code == 404


def test_a_bad_or_missing_point_is_named_and_nothing_is_saved(tree, personas, login):
    admin = login(personas.admin)
    sub = framework()[3].subareas[1]  # 4.2
    data = full_form({"1.1": "", "2.1": "mycket", sub.code: str(sub.max_points + 1)})
    data["kommentar_1_1"] = "Kvar efter felet"
    response = admin.post(url(), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Rätta 3 fel innan självskattningen kan sparas" in page
    assert "1.1 " in page and "ange poäng (0–" in page
    assert "”mycket” är inte ett tal." in page
    assert f"poängen ska vara mellan 0 och {sub.max_points} (nu {sub.max_points + 1})" in page
    assert 'href="#id_poang_2_1"' in page
    assert "Kvar efter felet" in page  # the typed text kept
    assert not KompassEvaluation.objects.exists()
    assert not KompassPoints.objects.exists()


def test_a_published_self_assessment_is_not_changed_by_the_form(
    tree, personas, login, django_capture_on_commit_callbacks
):
    admin = login(personas.admin)
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(url(), full_form({"1.1": "5"}))
    evaluation = KompassEvaluation.objects.get(node=tree.K, year=YEAR)
    evaluation.publish()
    response = admin.post(url(), full_form({"1.1": "9"}, revision=evaluation.revision))
    assert response.status_code == 302
    assert KompassPoints.objects.get(evaluation=evaluation, subarea__code="1.1").points == 5


def test_two_people_saving_at_once_do_not_overwrite_each_other(
    tree, personas, kvalitet, client, django_capture_on_commit_callbacks
):
    client.force_login(personas.admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(), full_form({"1.1": "5"}))
    evaluation = KompassEvaluation.objects.get(node=tree.K, year=YEAR)
    seen = evaluation.revision
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(), full_form({"1.1": "6"}, revision=seen))
    client.force_login(kvalitet)
    response = client.post(url(), full_form({"1.1": "9"}, revision=seen))
    assert "Någon annan har sparat ändringar" in response.content.decode()
    assert KompassPoints.objects.get(evaluation=evaluation, subarea__code="1.1").points == 6
