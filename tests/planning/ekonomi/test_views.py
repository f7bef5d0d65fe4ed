"""The figures page and the uploads, over HTTP: who sees what, who may import, what a bad file
does."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from planning.ekonomi.models import EkonomiRow, PersonalRow
from tests.factories import PASSWORD, UserFactory, give_role
from tillit.org.models import Role, SupportFunction

from .conftest import ekonomi_file, personal_file

NBSP = "\xa0"


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


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


def page(client, kod, period="2026-08"):
    return client.get(reverse("ekonomi:node", args=[kod]), {"period": period})


@pytest.mark.parametrize(
    ("persona", "kod", "status"),
    [
        ("chef", "SN", 200),
        ("chef", "SS", 404),
        ("chef", "GS", 403),  # published material above is readable, the figures are not
        ("fc", "BUF", 200),
        ("fc", "BUN", 200),
        ("hr", "SS", 200),
        ("hr", "HT", 404),
        ("politiker", "BUN", 200),
        ("politiker", "BUF", 200),
        ("politiker", "GS", 403),
        ("politiker", "SN", 403),
        ("politiker", "VON", 404),
        ("outsider", "SN", 404),
        ("admin", "K", 200),
    ],
)
def test_the_figures_page_follows_the_permission_module(
    client, personas, figures, persona, kod, status
):
    assert page(login(client, personas[persona]), kod).status_code == status


def test_a_chef_sees_her_units_figures_in_swedish_formats(client, personas, figures):
    body = page(login(client, personas.chef), "SN").content.decode()
    assert f"1{NBSP}000{NBSP}000" in body  # budget helår
    assert "97,5 %" in body  # 650 000 / 666 666,67
    assert "Grön – prognosen håller budget" in body
    assert "badge--green" in body
    assert "<svg" in body and "Utfall och budget per månad 2026" in body


def test_the_forvaltning_page_lists_its_units_with_status_in_words(client, personas, figures):
    body = page(login(client, personas.fc), "GS").content.decode()
    assert "Skolan Norr" in body and "Skolan Söder" in body
    assert "Röd – prognosen överskrider budget" in body  # Skolan Söder: 520 000 of 500 000


def test_a_politician_sees_her_namnds_figures_but_not_the_units_below(client, personas, figures):
    body = page(login(client, personas.politiker), "BUF").content.decode()
    assert "Barn- och utbildningsförvaltningen" in body
    assert "Grundskola" not in body  # a verksamhet: not at the politicians' levels


def test_a_small_group_shows_its_headcount_but_no_rates(client, personas, figures):
    body = page(login(client, personas.fc), "GS").content.decode()
    assert "För få anställda för att visas" in body
    # Skolan Norr (12) would reveal Skolan Söder (3) from Grundskola (15): hidden too.
    assert body.count("För få anställda för att visas") == 2


def test_the_node_page_links_to_the_figures(client, personas, figures):
    body = login(client, personas.chef).get(reverse("org:node", args=["SN"])).content.decode()
    assert reverse("ekonomi:node", args=["SN"]) in body


def test_the_figures_page_keeps_its_query_count(
    client, personas, figures, django_assert_max_num_queries
):
    login(client, personas.fc)
    with django_assert_max_num_queries(16):
        assert page(client, "BUF").status_code == 200


def upload(client, feed, text, name="fil.csv"):
    url = reverse(f"ekonomi:upload_{feed}")
    return client.post(url, {"file": SimpleUploadedFile(name, text.encode("utf-8"))})


def test_the_administrator_uploads_ekonomi(client, personas, tree):
    text = ekonomi_file(("2026-08", "HT", "intäkter", "1 000", "500", "400", "1 000"))
    response = upload(login(client, personas.admin), "ekonomi", text)
    assert response.status_code == 302
    assert EkonomiRow.objects.filter(node=tree.HT).count() == 1


def test_a_bad_upload_names_the_row_and_saves_nothing(client, personas, tree):
    text = ekonomi_file(
        ("2026-08", "HT", "intäkter", "1 000", "500", "400", "1 000"),
        ("2026-08", "HT", "hyror", "1 000", "500", "400", "1 000"),
    )
    response = upload(login(client, personas.admin), "ekonomi", text)
    assert response.status_code == 200
    assert "Rad 3, kolumn post: okänd post" in response.content.decode()
    assert not EkonomiRow.objects.exists()


@pytest.mark.parametrize(
    ("persona", "feed"), [("chef", "ekonomi"), ("fc", "personal"), ("hr", "ekonomi")]
)
def test_nobody_else_can_upload_by_posting_directly(client, personas, tree, persona, feed):
    text = (
        ekonomi_file(("2026-08", "SN", "intäkter", "1", "1", "1", "1"))
        if feed == "ekonomi"
        else personal_file(("2026-08", "SN", 9, 100, 1, 0, 0))
    )
    assert upload(login(client, personas[persona]), feed, text).status_code == 403
    assert not EkonomiRow.objects.exists() and not PersonalRow.objects.exists()


def test_hr_uploads_personal_for_her_places_only(client, personas, tree):
    login(client, personas.hr)
    outside = personal_file(("2026-08", "HT", 9, 100, 1, 0, 0))
    response = upload(client, "personal", outside)
    assert "HT ligger utanför de enheter du stödjer" in response.content.decode()
    inside = personal_file(("2026-08", "SS", 9, 100, 1, 0, 0))
    assert upload(client, "personal", inside).status_code == 302
    assert PersonalRow.objects.get().node == tree.SS


def test_a_support_persons_upload_replaces_only_her_places(client, ekonom, figures, tree):
    text = ekonomi_file(("2026-08", "SS", "intäkter", "5", "5", "5", "5"))
    assert upload(login(client, ekonom), "ekonomi", text).status_code == 302
    kods = sorted(EkonomiRow.objects.values_list("node__kod", flat=True))
    assert kods == ["HT", "SS"]  # SN was replaced (within BUF), HT is not hers


def test_the_upload_page_explains_the_format(client, ekonom):
    body = login(client, ekonom).get(reverse("ekonomi:upload_ekonomi")).content.decode()
    assert "period;enhet;post;budget_helar;budget_ack;utfall_ack;prognos_helar" in body
