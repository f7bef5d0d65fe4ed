"""Kommunkompassen pages: who may see and do what, the upload page, findings and actions."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from surveys.kompass.importer import import_points
from surveys.kompass.services import kompass_open_actions
from surveys.models import KompassAction, KompassFinding, KompassPoints
from tests.surveys.kompass.helpers import points_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluations(tree, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        published = import_points(
            data=points_file({"1.1": Decimal("12.5")}), year=2016, kind="extern", node=tree.K
        )
        draft = import_points(data=points_file(), year=2020, kind="extern", node=tree.K)
        import_points(data=points_file({"2.2": 3}), year=2020, kind="referens")
    published.publish()
    return {"published": published, "draft": draft}


def url(name, *args):
    return reverse(f"surveys:kompass:{name}", args=args)


@pytest.mark.parametrize(
    ("who", "expected"),
    [("admin", 200), ("fc", 200), ("chef", 200), ("politiker", 200), ("outsider", 404)],
)
def test_the_comparison_page_is_for_everyone_in_the_kommun(
    client, personas, evaluations, who, expected, login
):
    response = login(personas[who]).get(url("overview", "K"))
    assert response.status_code == expected


def test_politicians_see_published_evaluations_only(client, personas, evaluations, login):
    page = login(personas.politiker).get(url("overview", "K")).content.decode()
    assert "2016" in page and "Nationellt snitt 2020" in page
    assert f'href="{evaluations["draft"].get_absolute_url()}"' not in page
    assert client.get(evaluations["draft"].get_absolute_url()).status_code == 404
    assert client.get(evaluations["published"].get_absolute_url()).status_code == 200


def test_the_admin_sees_drafts_and_the_radar_against_the_national_average(
    client, personas, evaluations, login
):
    page = login(personas.admin).get(url("overview", "K")).content.decode()
    assert f'href="{evaluations["draft"].get_absolute_url()}"' in page
    assert page.count("<svg") == 2  # radar and bars
    assert "Nationellt snitt 2020" in page and "Extern utvärdering 2016" in page


def test_the_evaluation_page_shows_rounded_points_and_half_up_percentages(
    client, personas, evaluations, login
):
    page = login(personas.admin).get(evaluations["published"].get_absolute_url())
    text = page.content.decode()
    assert "12,5" in text  # 1.1 shown with one decimal, Swedish comma
    assert "63\xa0%" in text  # 12.5 of 20 = 62,5 % → 63 %
    assert "Totalt 402,5 av 800 poäng (50\xa0%)" in text


def test_only_the_kommun_node_has_a_kommunkompass(client, personas, evaluations, login):
    assert login(personas.admin).get(url("overview", "BUN")).status_code == 404


@pytest.mark.parametrize(
    ("who", "expected"), [("admin", 200), ("fc", 403), ("politiker", 403), ("outsider", 404)]
)
def test_only_administrators_may_upload(client, personas, tree, who, expected, login):
    assert login(personas[who]).get(url("upload", "K")).status_code == expected


def upload(client, data, year=2020, kind="extern"):
    return client.post(
        url("upload", "K"),
        {"year": year, "kind": kind, "file": SimpleUploadedFile("p.csv", data, "text/csv")},
    )


def test_an_upload_with_an_error_shows_the_row_and_changes_nothing(
    client, personas, evaluations, django_capture_on_commit_callbacks, login
):
    login(personas.admin)
    before = list(KompassPoints.objects.values_list("pk", "points").order_by("pk"))
    response = upload(client, points_file({"3.2": 41}))
    assert response.status_code == 200
    assert (
        "Rad 12, kolumn poang: 3.2 har högst 40 poäng, filen anger 41." in response.content.decode()
    )
    assert list(KompassPoints.objects.values_list("pk", "points").order_by("pk")) == before
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, points_file({"3.2": Decimal("39.5")}))
    draft = evaluations["draft"]
    assert response.status_code == 302 and response["Location"] == draft.get_absolute_url()
    assert draft.points.get(subarea__code="3.2").points == Decimal("39.5")
    draft.refresh_from_db()
    assert draft.total_points == Decimal("419.5")


def test_publishing_findings_and_actions_are_for_administrators(
    client, personas, evaluations, login
):
    draft = evaluations["draft"]
    for who, status in [("politiker", 403), ("fc", 403), ("outsider", 404)]:
        login(personas[who])
        assert client.post(url("publish", "K", draft.pk)).status_code == status
        assert client.get(url("findings", "K", draft.pk)).status_code == status
        assert client.get(url("action_create", "K", draft.pk)).status_code == status
    login(personas.admin)
    assert client.post(url("publish", "K", draft.pk)).status_code == 302
    draft.refresh_from_db()
    assert draft.is_published


def test_findings_are_saved_one_per_line(client, personas, evaluations, login):
    draft = evaluations["draft"]
    login(personas.admin)
    response = client.post(
        url("findings", "K", draft.pk),
        {
            "evaluators": "Eva Utvärderare",
            "styrka_1": "Tydlig strategi\n\nBra webb",
            "forbattring_3": "Uppföljningen behöver analyser",
            "seen_revision": draft.revision,
        },
    )
    assert response.status_code == 302
    texts = set(KompassFinding.objects.filter(evaluation=draft).values_list("kind", "text"))
    assert texts == {
        ("styrka", "Tydlig strategi"),
        ("styrka", "Bra webb"),
        ("forbattring", "Uppföljningen behöver analyser"),
    }
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "Uppföljningen behöver analyser" in page and "Eva Utvärderare" in page


def test_an_action_is_tied_to_an_area_and_shows_in_open_actions(
    client, personas, tree, evaluations, login
):
    draft = evaluations["draft"]
    login(personas.admin)
    form = client.get(url("action_create", "K", draft.pk) + "?omrade=3").content.decode()
    assert "selected" in form
    area3 = draft.version.areas.get(number=3)
    sub = area3.subareas.get(code="3.3")
    response = client.post(
        url("action_create", "K", draft.pk),
        {
            "area": area3.pk,
            "subarea": sub.pk,
            "text": "Inför analysseminarier",
            "responsible": "Kvalitetschef",
            "responsible_node": tree.BUF.pk,
            "due_on": "2027-03-31",
            "status": "planned",
        },
    )
    assert response.status_code == 302
    action = KompassAction.objects.get()
    assert action.plan.evaluation == draft and action.plan.node == tree.K
    assert list(kompass_open_actions(tree.K)) == [action]
    assert list(kompass_open_actions(tree.SN)) == [action]  # the kommun's plan concerns all
    assert "Inför analysseminarier" in client.get(draft.get_absolute_url()).content.decode()
    wrong = client.post(
        url("action_create", "K", draft.pk),
        {
            "area": area3.pk,
            "subarea": draft.version.areas.get(number=1).subareas.first().pk,
            "text": "x",
            "responsible": "y",
            "status": "planned",
        },
    )
    assert "Delområdet hör inte till det valda området." in wrong.content.decode()
    action.status = "done"
    action.save()
    assert not kompass_open_actions(tree.K).exists()


def test_the_menu_entry_leads_to_the_kommun(client, personas, evaluations, login):
    response = login(personas.politiker).get(reverse("surveys:kompass:home"))
    assert response["Location"] == url("overview", "K")


def test_the_report_button_posts_the_year_without_a_thousand_separator(
    client, personas, evaluations, login
):
    page = login(personas.admin).get(evaluations["published"].get_absolute_url())
    text = page.content.decode()
    assert 'name="year" value="2016"' in text and 'name="typ" value="extern"' in text


def test_the_comparison_page_needs_a_bounded_number_of_queries(
    client,
    personas,
    tree,
    evaluations,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
    login,
):
    login(personas.admin)
    client.get(url("overview", "K"))
    for year in (2010, 2012, 2014):
        with django_capture_on_commit_callbacks(execute=True):
            import_points(data=points_file(), year=year, kind="själv", node=tree.K)
    with django_assert_max_num_queries(15):  # 14 and the header's unread notifications
        assert client.get(url("overview", "K")).status_code == 200


def test_computing_twice_gives_the_same_stored_scores(evaluations):
    from surveys.kompass.tasks import compute_kompass_evaluation

    draft = evaluations["draft"]
    before = list(draft.area_scores.values_list("area__number", "points", "pct"))
    compute_kompass_evaluation(draft.pk)
    compute_kompass_evaluation(draft.pk)
    assert list(draft.area_scores.values_list("area__number", "points", "pct")) == before
    assert draft.area_scores.count() == 8


def test_the_hook_templates_link_to_the_pages(rf, personas, tree):
    from django.template.loader import render_to_string

    card = render_to_string(
        "surveys/kompass/_node_card.html",
        {"node": tree.K, "can_view": True, "can_edit": True, "can_manage": True},
    )
    assert url("overview", "K") in card and url("upload", "K") in card
    assert reverse("surveys:maturity:overview", args=["K"]) in card
    from tillit.menu import menu_for

    nav = [url for _key, _label, url in menu_for(personas.fc)]
    assert reverse("surveys:kompass:home") in nav and reverse("surveys:maturity:home") in nav
    admin = render_to_string("surveys/kompass/_admin_card.html")
    assert reverse("surveys:kompass:home") in admin
