"""The nulägeskoll pages and the nyckeltal views: who may do what, and what they see."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from planning.models import NulageskollItem, NulageskollSnapshot, Nyckeltal, NyckeltalSource
from planning.models.nyckeltal import (
    KoladaComparison,
    KoladaDrift,
    KoladaMunicipality,
    KoladaOuLink,
    KoladaSyncRun,
    NyckeltalValue,
    SyncStatus,
)
from planning.nyckeltal import kolada
from planning.nyckeltal.nulageskoll import figures, nulageskoll_snapshot_create, with_charts
from tests.factories import PASSWORD, UserFactory, give_role
from tests.planning.nyckeltal.kolada_fake import FakeKolada
from tillit.org.models import Role, SupportFunction

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"planning:nyckeltal:{name}", args=args)


@pytest.fixture
def kpi(settings):
    settings.KOLADA_MUNICIPALITY = "1270"
    n = Nyckeltal.objects.create(
        code="N15419",
        source=NyckeltalSource.KOLADA,
        title="Elever i åk 9 som uppnått kunskapskraven",
        description="Andel elever i åk 9 …",
    )
    now = timezone.now()
    KoladaMunicipality.objects.create(id="1270", title="Tomelilla")
    KoladaMunicipality.objects.create(id="0000", title="Riket")
    KoladaMunicipality.objects.create(id="1214", title="Svalöv")
    KoladaComparison.objects.create(municipality="1214", title="Svalöv")
    rows = [
        ("1270", 2022, "66.6"),
        ("1270", 2023, None),
        ("1270", 2024, "68.2"),
        ("0000", 2022, "73.5"),
        ("0000", 2024, "72.9"),
        ("1214", 2024, "61"),
    ]
    NyckeltalValue.objects.bulk_create(
        NyckeltalValue(
            nyckeltal=n,
            municipality=m,
            period=y,
            value=None if v is None else Decimal(v),
            fetched_at=now,
        )
        for m, y, v in rows
    )
    return n


@pytest.fixture
def local(db):
    return Nyckeltal.objects.create(code="LOK-SJUK", title="Sjukfrånvaro", unit="%")


def test_figures_keep_missing_years_as_gaps_and_name_the_series(tree, kpi):
    NulageskollItem.objects.create(node=tree.SN, nyckeltal=kpi, target=Decimal("75"))
    [f] = figures(tree.SN)
    assert f["labels"] == [2022, 2023, 2024]
    assert f["series"] == [
        ["Tomelilla", ["66.6", None, "68.2"]],
        ["Riket", ["73.5", None, "72.9"]],
        ["Svalöv", [None, None, "61"]],
    ]
    assert f["latest"] == {"period": 2024, "value": "68.2", "name": "Tomelilla"}
    assert f["target"] == "75"
    assert f["source_label"] == "Källa: Kolada, N15419"


def test_a_manager_adds_a_nyckeltal_with_a_swedish_target_and_sees_the_chart(
    client, tree, personas, kpi, login
):
    login(personas.chef)
    response = client.post(
        url("item_add", "SN"), {"nyckeltal": kpi.pk, "target": "74,5", "comment": "Viktigt"}
    )
    assert response.status_code == 302
    item = NulageskollItem.objects.get(node=tree.SN)
    assert item.target == Decimal("74.5") and item.added_by == personas.chef
    page = client.get(url("nulageskoll", "SN")).content.decode()
    assert "<svg" in page and "Målvärde 74,5" in page
    assert "Källa: Kolada, N15419" in page
    assert "68,2" in page  # the latest value, Swedish format
    # Adding the same one again is refused in Swedish.
    again = client.post(url("item_add", "SN"), {"nyckeltal": kpi.pk})
    assert "finns redan i nulägeskollen" in again.content.decode()


def test_a_bad_target_is_a_swedish_field_error(client, personas, kpi, login):
    login(personas.chef)
    response = client.post(url("item_add", "SN"), {"nyckeltal": kpi.pk, "target": "hög"})
    assert response.status_code == 200
    assert "”hög” är inte ett tal" in response.content.decode()
    assert not NulageskollItem.objects.exists()


def test_editing_and_removing_an_item(client, tree, personas, kpi, login):
    item = NulageskollItem.objects.create(node=tree.SN, nyckeltal=kpi)
    login(personas.chef)
    form = client.get(url("item_edit", "SN", item.pk))
    assert form.status_code == 200
    client.post(
        url("item_edit", "SN", item.pk),
        {"target": "1 000,5", "comment": "", "seen_revision": item.revision},
    )
    item.refresh_from_db()
    assert item.target == Decimal("1000.5")
    assert "1 000,5" in client.get(url("item_edit", "SN", item.pk)).content.decode().replace(
        "\xa0", " "
    )
    client.post(url("item_remove", "SN", item.pk))
    assert not NulageskollItem.objects.exists()


def test_an_item_of_another_unit_is_not_found(client, tree, personas, kpi, login):
    other = NulageskollItem.objects.create(node=tree.SS, nyckeltal=kpi)
    login(personas.fc)  # may edit both units
    assert client.get(url("item_edit", "SN", other.pk)).status_code == 404


def test_a_snapshot_freezes_the_figures(client, tree, personas, kpi, login):
    NulageskollItem.objects.create(node=tree.SN, nyckeltal=kpi, target=Decimal("75"))
    snapshot = nulageskoll_snapshot_create(node=tree.SN, user=personas.hr, title="Dialog mars")
    NyckeltalValue.objects.filter(municipality="1270", period=2024).update(value=Decimal("10"))
    item = with_charts(snapshot.data["items"])[0]
    assert item["latest_value"] == Decimal("68.2")  # not the changed 10
    login(personas.hr)
    page = client.get(snapshot.get_absolute_url()).content.decode()
    assert "Dialog mars" in page and "<svg" in page and "Källa: Kolada, N15419" in page


def test_support_staff_read_the_nulageskoll_and_may_take_a_snapshot_but_not_edit(
    client, tree, personas, kpi, login
):
    NulageskollItem.objects.create(node=tree.SN, nyckeltal=kpi)
    login(personas.hr)
    page = client.get(url("nulageskoll", "SN"))
    assert page.status_code == 200
    assert "Lägg till nyckeltal" not in page.content.decode()
    assert client.get(url("item_add", "SN")).status_code == 403
    response = client.post(url("snapshot_create", "SN"), {"title": "Inför dialog"})
    assert response.status_code == 302
    assert NulageskollSnapshot.objects.get().created_by == personas.hr


def test_a_drift_notice_shows_on_the_nulageskoll(client, tree, personas, kpi, login):
    NulageskollItem.objects.create(node=tree.SN, nyckeltal=kpi)
    KoladaDrift.objects.create(nyckeltal=kpi, kind="title", old_title="Gammal", new_title="Ny")
    login(personas.chef)
    assert "Kolada har bytt namn på N15419" in client.get(url("nulageskoll", "SN")).content.decode()


def test_a_local_value_form_takes_swedish_numbers(client, tree, personas, local, login):
    login(personas.chef)
    response = client.post(
        url("value", "SN"),
        {"nyckeltal": local.pk, "period": "2024", "gender": "T", "value": "5,25"},
    )
    assert response.status_code == 302
    assert NyckeltalValue.objects.get(node=tree.SN).value == Decimal("5.25")
    NulageskollItem.objects.create(node=tree.SN, nyckeltal=local)
    page = client.get(url("nulageskoll", "SN")).content.decode()
    assert "Källa: lokalt nyckeltal" in page and "Skolan Norr" in page


def test_the_import_page_documents_the_format_and_lists_errors(
    client, tree, personas, local, login
):
    login(personas.chef)
    page = client.get(url("import", "SN")).content.decode()
    assert "nyckeltal;enhet;period;kon;varde" in page
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("v.csv", b"nyckeltal;enhet;period;kon;varde\nLOK-SJUK;SN;2024;T;x\n")
    response = client.post(url("import", "SN"), {"file": bad})
    assert "Rad 2, kolumn varde" in response.content.decode()
    good = SimpleUploadedFile("v.csv", b"nyckeltal;enhet;period;kon;varde\nLOK-SJUK;SN;2024;T;4\n")
    assert client.post(url("import", "SN"), {"file": good}).status_code == 302
    assert NyckeltalValue.objects.get(node=tree.SN).value == Decimal("4")


# -- permissions of every view: outsider 404, read-only 403, allowed 200 -------------------------
NODE_VIEWS = [
    # (name, method, allowed persona, read-only persona)
    ("nulageskoll", "get", "hr", "politiker"),
    ("item_add", "get", "chef", "hr"),
    ("value", "get", "chef", "hr"),
    ("import", "get", "chef", "hr"),
    ("snapshot_create", "post", None, "politiker"),
]


@pytest.mark.parametrize(("name", "method", "allowed", "readonly"), NODE_VIEWS)
def test_node_views_answer_404_to_outsiders_and_403_to_read_only(
    client, tree, personas, name, method, allowed, readonly, login
):
    call = getattr(login(personas.outsider), method)
    assert call(url(name, "SN")).status_code == 404
    call = getattr(login(personas[readonly]), method)
    assert call(url(name, "SN")).status_code == 403
    if allowed:
        call = getattr(login(personas[allowed]), method)
        assert call(url(name, "SN")).status_code == 200


def test_item_and_snapshot_views_answer_404_and_403(client, tree, personas, kpi, login):
    item = NulageskollItem.objects.create(node=tree.SN, nyckeltal=kpi)
    snapshot = nulageskoll_snapshot_create(node=tree.SN, user=personas.chef, title="X")
    for name, args, method in [
        ("item_edit", ("SN", item.pk), "get"),
        ("item_remove", ("SN", item.pk), "post"),
        ("snapshot", ("SN", snapshot.pk), "get"),
    ]:
        assert getattr(login(personas.outsider), method)(url(name, *args)).status_code == 404
        readonly = personas.politiker if name == "snapshot" else personas.hr
        assert getattr(login(readonly), method)(url(name, *args)).status_code == 403
    assert login(personas.hr).get(url("snapshot", "SN", snapshot.pk)).status_code == 200
    assert login(personas.chef).get(url("item_edit", "SN", item.pk)).status_code == 200


@pytest.mark.parametrize("name", ["kolada", "local_create"])
def test_kolada_administration_is_for_administrators(client, tree, personas, name, login):
    assert login(personas.outsider).get(url(name)).status_code == 404
    assert login(personas.fc).get(url(name)).status_code == 403
    assert login(personas.admin).get(url(name)).status_code == 200


def test_an_administrator_links_a_unit_to_a_kolada_ou(client, tree, personas, login):
    data = {"kod": "SN", "ou": "v15e127000301"}
    assert login(personas.outsider).post(url("ou_link"), data).status_code == 404
    assert login(personas.fc).post(url("ou_link"), data).status_code == 403
    login(personas.admin).post(url("ou_link"), data)
    assert KoladaOuLink.objects.get().ou == "V15E127000301"
    response = client.post(url("ou_link"), {"kod": "SS", "ou": "V15E127000301"}, follow=True)
    assert "redan kopplad till en annan enhet" in response.content.decode()
    response = client.post(url("ou_link"), {"kod": "FINNS-EJ", "ou": "X1"}, follow=True)
    assert "Det finns ingen enhet med koden FINNS-EJ" in response.content.decode()
    client.post(url("ou_link"), {"kod": "SN", "ou": ""})
    assert not KoladaOuLink.objects.exists()


def test_kolada_add_is_for_administrators(client, tree, personas, login):
    assert login(personas.outsider).post(url("kolada_add"), {"code": "N1"}).status_code == 404
    assert login(personas.fc).post(url("kolada_add"), {"code": "N1"}).status_code == 403


def test_the_catalogue_needs_a_login(client, tree, personas, kpi, login):
    assert client.get(url("catalogue")).status_code == 302
    login(personas.chef)
    page = client.get(url("catalogue")).content.decode()
    assert "Källa: Kolada, N15419" in page
    detail = client.get(url("detail", "N15419")).content.decode()
    assert "Andel elever i åk 9" in detail and "Källa: Kolada, N15419" in detail
    assert "Tomelilla (1270)" in detail and "66,6" in detail


def test_the_admin_button_queues_the_sync_and_shows_the_result(
    client, tree, personas, kpi, monkeypatch, django_capture_on_commit_callbacks, login
):
    fake = FakeKolada()
    monkeypatch.setattr(kolada, "default_transport", fake.transport())
    NulageskollItem.objects.create(node=tree.SN, nyckeltal=kpi)
    login(personas.admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("kolada"), {"first_year": "2022", "last_year": "2023", "compare": "1214, 1273"}
        )
    assert response.status_code == 302
    run = KoladaSyncRun.objects.get()
    assert run.status == SyncStatus.OK and run.requested_by == personas.admin
    page = client.get(url("kolada")).content.decode()
    assert "Klar" in page and run.message in page
    assert list(KoladaComparison.objects.values_list("municipality", flat=True)) == ["1214", "1273"]


def test_kolada_search_adds_a_kpi_and_offline_is_told_in_swedish(
    client, tree, personas, monkeypatch, login
):
    fake = FakeKolada()
    monkeypatch.setattr(kolada, "default_transport", fake.transport())
    monkeypatch.setattr(kolada, "default_sleep", fake.sleeps.append)
    login(personas.admin)
    client.post(url("kolada_add"), {"code": "N15428"})
    n = Nyckeltal.objects.get(code="N15428")
    assert n.in_use and n.source == NyckeltalSource.KOLADA
    fake.offline = True
    page = client.get(url("kolada"), {"q": "skola"}).content.decode()
    assert "Kolada går inte att nå just nu" in page


def test_a_user_with_a_role_elsewhere_is_an_outsider_here(client, tree, login):
    user = UserFactory()
    give_role(user, tree.HT, Role.STOD, SupportFunction.HR)
    client.login(username=user.username, password=PASSWORD)
    assert client.get(url("nulageskoll", "SN")).status_code == 404


def test_the_snapshot_include_renders_with_only_a_snapshot_in_context(tree, personas, kpi):
    from django.template.loader import render_to_string

    NulageskollItem.objects.create(node=tree.SN, nyckeltal=kpi, target=Decimal("75"))
    snapshot = nulageskoll_snapshot_create(node=tree.SN, user=personas.chef, title="Dialog maj")
    html = render_to_string("planning/nyckeltal/_snapshot.html", {"snapshot": snapshot})
    assert "Dialog maj" in html and "Nulägeskoll för Skolan Norr" in html
    assert html.count("<svg") == 1 and "Källa: Kolada, N15419" in html
    assert "Ta bort" not in html  # frozen: no editing controls


def test_the_admin_may_ask_for_the_whole_history_again(
    client, tree, personas, kpi, monkeypatch, django_capture_on_commit_callbacks, login
):
    fake = FakeKolada()
    monkeypatch.setattr(kolada, "default_transport", fake.transport())
    NulageskollItem.objects.create(node=tree.SN, nyckeltal=kpi)
    login(personas.admin)
    years = {"first_year": "2022", "last_year": "2023", "compare": ""}
    for form in [years, years, {**years, "full": "on"}]:
        with django_capture_on_commit_callbacks(execute=True):
            client.post(url("kolada"), form)
    asked = [
        r.url.params.get("from_date")
        for r in fake.requests
        if r.url.path.startswith("/v3/data/") and "page" not in r.url.params
    ]
    assert asked[0] is None and asked[1] is not None and asked[2] is None
    assert [run.full for run in KoladaSyncRun.objects.order_by("pk")] == [False, False, True]


def test_only_the_kommun_administrator_may_queue_a_kolada_sync(client, tree, personas, login):
    form = {"first_year": "2022", "last_year": "2023", "compare": "", "full": "on"}
    assert login(personas.outsider).post(url("kolada"), form).status_code == 404
    assert login(personas.chef).post(url("kolada"), form).status_code == 403
    assert login(personas.fc).post(url("kolada"), form).status_code == 403
    assert not KoladaSyncRun.objects.exists()
