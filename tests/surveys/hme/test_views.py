"""HME pages: anonymous answering, links, results, handlingsplan and administration."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import reverse
from django.utils import timezone

from surveys.models import (
    HmeAction,
    HmeInvitation,
    HmeLink,
    HmePlan,
    HmeResponse,
    HmeResult,
    HmeRound,
    open_actions_for,
)
from tests.factories import PASSWORD
from tests.surveys.hme.helpers import answers, make_round

pytestmark = pytest.mark.django_db

ALL_FOURS = {f"f{i}": "4" for i in range(1, 10)}


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def open_round(tree):
    return HmeRound.objects.create(year=2026, status=HmeRound.Status.OPEN)


@pytest.fixture
def computed(tree, django_capture_on_commit_callbacks):
    rnd = make_round(year=2024, status=HmeRound.Status.OPEN)
    answers(rnd, tree.SN, 6, (5,) * 9, "K")
    answers(rnd, tree.SS, 6, (3,) * 9, "M")
    answers(rnd, tree.HT, 6, (4,) * 9, "K")
    from surveys.hme.services import close_round

    with django_capture_on_commit_callbacks(execute=True):
        close_round(rnd)
    rnd.refresh_from_db()
    assert rnd.is_computed
    return rnd


# --- anonymity ----------------------------------------------------------------------------


def test_a_response_has_no_field_that_identifies_a_respondent():
    fields = {f.name: f for f in HmeResponse._meta.get_fields()}
    assert set(fields) == {
        "id",
        "round",
        "node",
        "gender",
        *[f"f{i}" for i in range(1, 10)],
        "answered_on",
        "imported",
    }
    for field in fields.values():
        assert not isinstance(field, models.DateTimeField | models.GenericIPAddressField)
        if field.is_relation:
            assert field.related_model.__name__ in ("HmeRound", "OrgNode")
    assert isinstance(fields["answered_on"], models.DateField)
    assert isinstance(fields["id"], models.UUIDField)  # not even the order of answers
    assert not any(f.is_relation for f in HmeInvitation._meta.get_fields() if f.name == "response")


def test_answering_through_the_unit_link_stores_only_unit_gender_answers_and_date(
    client, personas, open_round, tree
):
    link = HmeLink.objects.create(round=open_round, node=tree.SN)
    login(client, personas.chef)  # even a logged-in person leaves no trace
    url = reverse("surveys:hme_answer", args=[link.token])
    page = client.get(url)
    assert page.status_code == 200
    assert "Mitt arbete känns meningsfullt." in page.text
    assert "Vet ej / ej aktuellt" in page.text
    data = {**ALL_FOURS, "f2": "0", "f3": "", "kon": "K"}
    response = client.post(url, data, REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT="Telefon/1.0")
    assert response.status_code == 302
    assert client.get(response.url).status_code == 200
    stored = HmeResponse.objects.get()
    assert stored.node == tree.SN and stored.round == open_round and stored.gender == "K"
    assert stored.answers == [4, None, None, 4, 4, 4, 4, 4, 4]
    # The kommun's date (TIME_ZONE), not the server's: they differ around midnight.
    assert stored.answered_on == timezone.localdate()
    values = [str(v) for v in HmeResponse.objects.values().get().values()]
    assert not any("203.0.113.7" in v or "enhetschef" in v or "Telefon" in v for v in values)


def test_the_form_works_without_an_account_and_asks_for_at_least_one_answer(
    client, open_round, tree
):
    link = HmeLink.objects.create(round=open_round, node=tree.SN)
    url = reverse("surveys:hme_answer", args=[link.token])
    response = client.post(url, {"f1": "0", "kon": ""})
    assert response.status_code == 200
    assert "Svara på minst ett påstående" in response.text
    assert not HmeResponse.objects.exists()
    response = client.post(url, {"f1": "7"})
    assert response.status_code == 200 and not HmeResponse.objects.exists()


def test_a_closed_round_takes_no_answers(client, tree):
    rnd = make_round(year=2025)
    link = HmeLink.objects.create(round=rnd, node=tree.SN)
    url = reverse("surveys:hme_answer", args=[link.token])
    assert "Enkäten är stängd" in client.get(url).text
    assert "Enkäten är stängd" in client.post(url, ALL_FOURS).text
    assert not HmeResponse.objects.exists()


def test_an_unknown_link_is_404(client, tree):
    assert client.get(reverse("surveys:hme_answer", args=["gissat"])).status_code == 404


def test_a_personal_invitation_answers_once_and_is_not_linked_to_the_answer(
    client, open_round, tree
):
    invitation = HmeInvitation.objects.create(round=open_round, node=tree.SS)
    url = reverse("surveys:hme_answer", args=[invitation.token])
    assert client.post(url, ALL_FOURS).status_code == 302
    invitation.refresh_from_db()
    assert invitation.used
    assert "redan använts" in client.post(url, ALL_FOURS).text
    assert HmeResponse.objects.filter(node=tree.SS).count() == 1
    assert not hasattr(HmeResponse.objects.get(), "invitation")


# --- links --------------------------------------------------------------------------------


def test_a_manager_hands_out_links_for_their_units_while_the_round_is_open(
    client, personas, open_round, tree
):
    login(client, personas.fc)
    url = reverse("surveys:hme_links", args=[2026, "BUF"])
    page = client.get(url)
    assert page.status_code == 200
    tokens = dict(HmeLink.objects.values_list("node__kod", "token"))
    assert set(tokens) == {"BUF", "GS", "SN", "SS", "FS"}
    assert tokens["SN"] in page.text
    client.post(url, {"count": "3"})
    assert HmeInvitation.objects.filter(node=tree.BUF, used=False).count() == 3


@pytest.mark.parametrize(("who", "status"), [("outsider", 404), ("politiker", 403), ("hr", 403)])
def test_only_editors_see_links(client, personas, open_round, who, status):
    login(client, personas[who])
    assert client.get(reverse("surveys:hme_links", args=[2026, "SN"])).status_code == status


def test_no_links_once_the_round_has_closed(client, personas, computed):
    login(client, personas.chef)
    response = client.get(reverse("surveys:hme_links", args=[2024, "SN"]))
    assert response.status_code == 302


# --- results ------------------------------------------------------------------------------


def test_a_manager_sees_their_unit_with_the_kommun_and_riket(client, personas, computed):
    from surveys.models import HmeReference

    HmeReference.objects.create(year=2024, motivation=79, ledarskap=78, styrning="79.4", hme=79)
    login(client, personas.chef)
    page = client.get(reverse("surveys:hme_results", args=[2024, "SN"]))
    assert page.status_code == 200
    assert "6 svarande" in page.text
    assert "Kommunen" in page.text and "Riket" in page.text
    assert '<td class="num" data-label="Skolan Norr">100</td>' in page.text
    # Kommun: 6 × 100, 6 × 50, 6 × 75 → 75.
    assert '<td class="num" data-label="Kommunen">75</td>' in page.text
    assert '<td class="num" data-label="Riket">79</td>' in page.text


def test_a_suppressed_group_says_too_few_answers(client, personas, computed, tree):
    HmeResult.objects.filter(node=tree.SN, group="T").update(suppressed=True, hme=None)
    login(client, personas.chef)
    page = client.get(reverse("surveys:hme_results", args=[2024, "SN"]))
    assert "För få svar" in page.text
    assert 'data-label="Skolan Norr">' not in page.text


def test_no_results_are_shown_while_the_round_is_open(client, personas, tree):
    rnd = make_round(year=2026, status=HmeRound.Status.OPEN)
    answers(rnd, tree.SN, 8, (5,) * 9)
    # Even stale results must not show while it is open.
    HmeResult.objects.create(round=rnd, node=tree.SN, respondents=8, hme=100, motivation=100)
    login(client, personas.chef)
    page = client.get(reverse("surveys:hme_results", args=[2026, "SN"]))
    assert page.status_code == 200
    assert "visas när omgången har stängt" in page.text
    assert "100" not in page.text


def test_politicians_see_the_kommun_and_nämnd_levels_only(client, personas, computed):
    login(client, personas.politiker)
    kommun = client.get(reverse("surveys:hme_results", args=[2024, "K"]))
    assert kommun.status_code == 200
    assert "Barn- och utbildningsnämnden" in kommun.text
    assert "Skolan Norr" not in kommun.text and "Grundskola" not in kommun.text
    assert client.get(reverse("surveys:hme_results", args=[2024, "BUN"])).status_code == 200
    assert client.get(reverse("surveys:hme_results", args=[2024, "SN"])).status_code == 403
    assert client.get(reverse("surveys:hme_results", args=[2024, "BUF"])).status_code == 403


@pytest.mark.parametrize(
    ("who", "kod", "status"),
    [("outsider", "SN", 404), ("chef", "SS", 404), ("vo_chef", "SN", 404), ("hr", "SN", 200)],
)
def test_results_permissions(client, personas, computed, who, kod, status):
    login(client, personas[who])
    assert client.get(reverse("surveys:hme_results", args=[2024, kod])).status_code == status


def test_earlier_years_are_shown(client, personas, computed, tree):
    older = make_round(year=2022)
    answers(older, tree.SN, 5, (2,) * 9)
    from surveys.hme.results import compute_round

    compute_round(older.pk)
    login(client, personas.chef)
    page = client.get(reverse("surveys:hme_results", args=[2024, "SN"]))
    assert "Resultat över åren" in page.text and "2022" in page.text


# --- handlingsplan ------------------------------------------------------------------------


def test_a_manager_writes_a_handlingsplan(client, personas, computed, tree):
    login(client, personas.chef)
    url = reverse("surveys:hme_plan", args=[2024, "SN"])
    assert client.get(url).status_code == 200
    client.post(url, {"save_plan": "1", "focus_ledarskap": "on", "focus_other": "Arbetsmiljö"})
    plan = HmePlan.objects.get(node=tree.SN)
    assert plan.focus_areas == ["Ledarskap", "Arbetsmiljö"]
    response = client.post(
        url,
        {
            "add_action": "1",
            "text": "APT om återkoppling",
            "responsible_text": "Rektor",
            "due_on": "2024-12-01",
            "status": "planned",
        },
    )
    assert response.status_code == 302
    action = HmeAction.objects.get()
    assert list(open_actions_for(tree.SN)) == [action]
    assert list(open_actions_for(tree.GS, subtree=True)) == [action]
    assert list(open_actions_for(tree.GS)) == []
    client.post(reverse("surveys:hme_action_status", args=[action.pk]), {"status": "done"})
    assert list(open_actions_for(tree.SN)) == []


@pytest.mark.parametrize(
    ("who", "get", "post"),
    [("outsider", 404, 404), ("politiker", 403, 403), ("hr", 200, 403), ("chef", 200, 302)],
)
def test_handlingsplan_permissions(client, personas, computed, who, get, post):
    login(client, personas[who])
    url = reverse("surveys:hme_plan", args=[2024, "SN"])
    assert client.get(url).status_code == get
    data = {"add_action": "1", "text": "X", "status": "planned"}
    assert client.post(url, data).status_code == post


@pytest.mark.parametrize(("who", "status"), [("outsider", 404), ("hr", 403), ("chef", 302)])
def test_action_status_permissions(client, personas, computed, tree, who, status):
    plan = HmePlan.objects.create(round=computed, node=tree.SN)
    action = HmeAction.objects.create(plan=plan, text="X")
    login(client, personas[who])
    url = reverse("surveys:hme_action_status", args=[action.pk])
    assert client.post(url, {"status": "done"}).status_code == status


def test_no_handlingsplan_before_results(client, personas, open_round):
    login(client, personas.chef)
    assert client.get(reverse("surveys:hme_plan", args=[2026, "SN"])).status_code == 404


# --- administration -----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["surveys:hme_rounds", "surveys:hme_import"])
@pytest.mark.parametrize(("who", "status"), [("admin", 200), ("fc", 403), ("outsider", 404)])
def test_administration_is_for_administrators(client, personas, name, who, status):
    login(client, personas[who])
    assert client.get(reverse(name)).status_code == status


@pytest.mark.parametrize(("who", "status"), [("fc", 403), ("chef", 403), ("outsider", 404)])
def test_only_a_kommun_administrator_can_close_a_round_or_import_answers(
    client, personas, open_round, who, status
):
    login(client, personas[who])
    assert client.post(reverse("surveys:hme_round_close", args=[2026])).status_code == status
    upload = {"year": "2026", "file": SimpleUploadedFile("svar.csv", b"enhet;f1\nSN;4\n")}
    assert client.post(reverse("surveys:hme_import"), upload).status_code == status
    open_round.refresh_from_db()
    assert open_round.is_open and not open_round.responses.exists()


def test_closing_a_round_computes_it(
    client, personas, open_round, tree, django_capture_on_commit_callbacks
):
    answers(open_round, tree.SN, 5)
    login(client, personas.chef)
    url = reverse("surveys:hme_round_close", args=[2026])
    assert client.post(url).status_code == 403
    login(client, personas.admin)
    page = client.get(reverse("surveys:hme_rounds"))
    assert "Stäng omgången och beräkna" in page.text
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    open_round.refresh_from_db()
    assert open_round.is_computed
    assert HmeResult.objects.get(node=tree.SN, group="T").respondents == 5


def test_an_administrator_opens_a_round_and_enters_riket(client, personas):
    login(client, personas.admin)
    url = reverse("surveys:hme_rounds")
    client.post(url, {"add_round": "1", "year": "2026", "opens_on": "2026-03-01"})
    assert HmeRound.objects.get(year=2026).is_open
    client.post(
        url,
        {"save_reference": "1", "year": "2026", "motivation": "79,4", "ledarskap": "78"},
    )
    from surveys.models import HmeReference

    assert str(HmeReference.objects.get(year=2026).motivation).startswith("79.4")


def test_the_upload_page_rejects_a_bad_file_in_swedish(client, personas, tree):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.surveys.hme.helpers import csv_file

    login(client, personas.admin)
    upload = SimpleUploadedFile("hme.csv", csv_file(["SN;K;4;4;4;4;4;4;4;4;fem"]))
    page = client.post(reverse("surveys:hme_import"), {"year": "2024", "file": upload})
    assert page.status_code == 200
    assert "Rad 2, kolumn f9" in page.text
    assert not HmeResponse.objects.exists()


def test_the_hme_start_page_and_hooks_render(client, personas, computed):
    login(client, personas.chef)
    page = client.get(reverse("surveys:hme_home"))
    assert page.status_code == 200 and "Resultat för Skolan Norr" in page.text
    card = client.get(reverse("org:node", args=["SN"])).text
    assert reverse("surveys:hme_results", args=[2024, "SN"]) in card
    assert reverse("surveys:hme_plan", args=[2024, "SN"]) in card
    login(client, personas.admin)
    assert reverse("surveys:hme_import") in client.get(reverse("org:admin")).text


def test_the_hme_pages_need_an_account_except_answering(client, tree):
    for url in [
        reverse("surveys:hme_home"),
        reverse("surveys:hme_results", args=[2024, "SN"]),
        reverse("surveys:hme_links", args=[2024, "SN"]),
        reverse("surveys:hme_plan", args=[2024, "SN"]),
        reverse("surveys:hme_rounds"),
        reverse("surveys:hme_import"),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and "/logga-in/" in response.url, url


def test_a_politician_sees_the_hme_card_on_the_kommun_but_not_on_a_unit(client, personas, computed):
    login(client, personas.politiker)
    assert reverse("surveys:hme_results", args=[2024, "K"]) in client.get("/organisation/K/").text
    assert (
        reverse("surveys:hme_results", args=[2024, "SN"])
        not in client.get("/organisation/SN/").text
    )


def test_an_action_can_have_a_user_as_responsible(client, personas, computed, tree):
    login(client, personas.chef)
    url = reverse("surveys:hme_plan", args=[2024, "SN"])
    data = {"add_action": "1", "text": "X", "status": "planned"}
    client.post(url, {**data, "responsible_user": personas.fc.pk})
    assert HmeAction.objects.get().responsible == str(personas.fc)
    # Someone without a place on or above the unit cannot be chosen.
    page = client.post(url, {**data, "responsible_user": personas.vo_chef.pk})
    assert page.status_code == 200 and HmeAction.objects.count() == 1


def test_the_results_page_has_a_bounded_number_of_queries(
    client, personas, computed, django_assert_max_num_queries
):
    login(client, personas.fc)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("surveys:hme_results", args=[2024, "BUF"])).status_code == 200


def test_an_invalid_answer_is_named_at_its_statement(client, open_round, tree):
    link = HmeLink.objects.create(round=open_round, node=tree.SN)
    page = client.post(reverse("surveys:hme_answer", args=[link.token]), {"f1": "7"})
    assert "Välj ett giltigt alternativ" in page.text
