"""kolada_sync: idempotent upsert, missing values kept missing, drift told to the users."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from planning.models import NulageskollItem, Nyckeltal, NyckeltalSource
from planning.models.nyckeltal import (
    DriftKind,
    KoladaComparison,
    KoladaDrift,
    KoladaMunicipality,
    KoladaOuLink,
    KoladaSyncMark,
    KoladaSyncRun,
    NyckeltalValue,
    SyncStatus,
)
from planning.nyckeltal import kolada
from planning.nyckeltal.kolada import KoladaError
from planning.nyckeltal.sync import kpis_in_use, sync
from tests.planning.nyckeltal.kolada_fake import FakeKolada

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake(monkeypatch, settings):
    settings.KOLADA_MUNICIPALITY = "1270"
    fake = FakeKolada()
    monkeypatch.setattr(kolada, "default_transport", fake.transport())
    monkeypatch.setattr(kolada, "default_sleep", fake.sleeps.append)
    return fake


@pytest.fixture
def in_use(tree, personas):
    n = Nyckeltal.objects.create(
        code="N15419", source=NyckeltalSource.KOLADA, title="Elever i åk 9 (gammal titel)"
    )
    NulageskollItem.objects.create(node=tree.SN, nyckeltal=n, added_by=personas.chef)
    return n


def values():
    return {
        (v.municipality, v.period, v.gender): v.value
        for v in NyckeltalValue.objects.filter(nyckeltal__code="N15419")
    }


def test_only_kpis_in_use_are_fetched(fake, in_use):
    Nyckeltal.objects.create(code="N99999", source=NyckeltalSource.KOLADA, title="Oanvänt")
    Nyckeltal.objects.create(code="N15428", source=NyckeltalSource.KOLADA, title="x", in_use=True)
    Nyckeltal.objects.create(code="LOK1", title="Lokalt", in_use=True)
    assert kpis_in_use() == ["N15419", "N15428"]


def test_sync_stores_values_and_a_second_run_changes_nothing(fake, in_use):
    KoladaComparison.objects.create(municipality="1214")
    first = sync(2022, 2023)
    stored = values()
    assert stored[("1270", 2022, "T")] == Decimal("66.6")
    assert stored[("1270", 2022, "K")] == Decimal("71.4")
    assert stored[("0000", 2023, "T")] == Decimal("72.9")
    # Missing stays missing: a row with no value, not a 0.
    assert ("1270", 2023, "K") in stored and stored[("1270", 2023, "K")] is None
    # isdeleted values are not stored.
    assert ("1270", 2021, "T") not in stored
    assert first.created == len(stored) == 8
    data_request = next(r for r in fake.requests if "/data/" in r.url.path)
    assert "/municipality/1270,0000,1214/year/2022,2023" in data_request.url.path
    assert KoladaMunicipality.objects.get(id="0000").title == "Riket"
    assert KoladaComparison.objects.get().title == "Svalöv"

    second = sync(2022, 2023)
    assert (second.created, second.updated, second.deleted) == (0, 0, 0)
    assert second.unchanged == 8
    assert values() == stored
    assert NyckeltalValue.objects.count() == 8


def test_sync_updates_a_changed_value_and_removes_one_kolada_deleted(fake, in_use):
    sync(2022, 2023)
    NyckeltalValue.objects.filter(municipality="1270", period=2022, gender="T").update(
        value=Decimal("1")
    )
    NyckeltalValue.objects.create(
        nyckeltal=in_use,
        municipality="1270",
        period=2021,
        gender="T",
        value=64,
        fetched_at="2024-01-01T00:00Z",
    )
    result = sync(2021, 2023)
    assert result.updated == 1 and result.deleted == 1
    assert values()[("1270", 2022, "T")] == Decimal("66.6")
    assert ("1270", 2021, "T") not in values()


def test_sync_refreshes_the_catalogue_from_kolada(fake, in_use):
    sync(2022, 2023)
    in_use.refresh_from_db()
    assert in_use.title.startswith("Elever i åk 9 som uppnått kunskapskraven")
    assert in_use.operating_area == "Grundskola"
    assert in_use.has_gender_split is True
    assert in_use.fetched_at is not None
    # The first fetch is not a "change": we had not seen Kolada's title before.
    assert not KoladaDrift.objects.exists()


def test_a_renamed_kpi_is_recorded_and_its_users_are_told(fake, in_use, personas):
    sync(2022, 2023)
    mail.outbox.clear()
    fake.kpis["N15419"] = {
        **fake.kpis["N15419"],
        "title": "Elever i åk 9 med godkända betyg, andel (%)",
    }
    result = sync(2022, 2023)

    drift = KoladaDrift.objects.get()
    assert drift.kind == DriftKind.TITLE
    assert drift.new_title == "Elever i åk 9 med godkända betyg, andel (%)"
    assert drift.notified_at is not None
    assert len(result.drifts) == 1
    assert [m.to for m in mail.outbox] == [[personas.chef.email]]
    assert "bytt namn på N15419" in mail.outbox[0].body
    # A third run does not tell them again.
    sync(2022, 2023)
    assert KoladaDrift.objects.count() == 1 and len(mail.outbox) == 1


def test_a_kpi_kolada_no_longer_returns_is_recorded_once(fake, in_use, personas):
    sync(2022, 2023)
    del fake.kpis["N15419"]
    sync(2022, 2023)
    sync(2022, 2023)
    in_use.refresh_from_db()
    assert in_use.is_deleted_in_kolada
    drift = KoladaDrift.objects.get()
    assert drift.kind == DriftKind.DELETED
    assert len(mail.outbox) == 1
    assert "finns inte längre i Kolada" in mail.outbox[0].body


def test_the_command_runs_the_task_and_records_the_run(fake, in_use):
    call_command("kolada_sync", "--years", "2022-2023", "--compare", "1214,1273")
    run = KoladaSyncRun.objects.get()
    assert run.status == SyncStatus.OK
    assert "8 nya" in run.message
    assert list(KoladaComparison.objects.values_list("municipality", flat=True)) == [
        "1214",
        "1273",
    ]


def test_the_command_reports_kolada_offline_in_swedish(fake, in_use):
    fake.offline = True
    with pytest.raises(CommandError, match="Kolada går inte att nå"):
        call_command("kolada_sync", "--years", "2022-2023")
    assert KoladaSyncRun.objects.get().status == SyncStatus.FAILED
    assert fake.sleeps == [1.0, 2.0, 4.0]  # bounded retries with backoff, then give up
    assert not NyckeltalValue.objects.exists()


def test_bad_years_are_refused():
    with pytest.raises(CommandError, match="Ogiltiga år"):
        call_command("kolada_sync", "--years", "2025-2019")


def test_unit_level_values_are_fetched_for_linked_units_and_shown_first(fake, in_use, tree):
    KoladaOuLink.objects.create(node=tree.SN, ou="V15E127000301")
    first = sync(2022, 2023)
    oudata = [r for r in fake.requests if r.url.path.startswith("/v3/oudata/")]
    assert [r.url.path for r in oudata] == ["/v3/oudata/kpi/N15419/ou/V15E127000301/year/2022,2023"]
    unit = NyckeltalValue.objects.filter(ou="V15E127000301")
    assert {(v.node_id, v.period, v.gender, v.value) for v in unit} == {
        (tree.SN.pk, 2023, "T", Decimal("70.3")),
        (tree.SN.pk, 2023, "K", None),
    }
    assert first.created == 10
    assert sync(2022, 2023).created == 0

    from planning.nyckeltal.nulageskoll import figures

    [f] = figures(tree.SN)
    assert f["series"][0] == ["Skolan Norr", [None, "70.3"]]
    assert f["series"][1][0] == "Tomelilla"
    assert f["latest"] == {"period": 2023, "value": "70.3", "name": "Skolan Norr"}
    # A neighbouring unit without a link sees the kommun first.
    NulageskollItem.objects.create(node=tree.SS, nyckeltal=in_use)
    assert figures(tree.SS)[0]["series"][0][0] == "Tomelilla"


def data_requests(fake):
    """The from_date of every data/oudata query since the last call, then forget them.

    Only first pages: the following ones are Kolada's own next_url, which carries its query."""
    seen = [
        (r.url.path.split("/")[2], r.url.params.get("from_date"))
        for r in fake.requests
        if r.url.path.startswith(("/v3/data/", "/v3/oudata/")) and "page" not in r.url.params
    ]
    fake.requests.clear()
    return seen


def test_the_first_sync_asks_for_everything_and_the_next_only_for_what_changed_since(
    fake, in_use, tree
):
    KoladaOuLink.objects.create(node=tree.SN, ou="V15E127000301")
    first = sync(2022, 2023)
    assert data_requests(fake) == [("data", None), ("oudata", None)]
    assert first.since is None

    second = sync(2022, 2023)
    # Metadata is always read whole: a KPI Kolada no longer returns must be noticed.
    metadata = [r for r in fake.requests if not r.url.path.startswith(("/v3/data/", "/v3/oudata/"))]
    assert metadata and not any("from_date" in r.url.params for r in metadata)
    today = timezone.localdate().isoformat()
    assert data_requests(fake) == [("data", today), ("oudata", today)]
    assert second.since.isoformat() == today
    assert f"Bara ändringar sedan {today}" in second.summary()
    assert values()[("1270", 2022, "T")] == Decimal("66.6")


def test_a_failed_sync_does_not_move_the_mark(fake, in_use, tree):
    KoladaOuLink.objects.create(node=tree.SN, ou="V15E127000301")
    sync(2022, 2023)
    KoladaSyncMark.objects.update(synced_at="2026-01-05T12:00+01:00")

    fake.failing = ("/v3/oudata/",)  # fails after the kommun values have been read
    with pytest.raises(KoladaError):
        sync(2022, 2023)
    assert KoladaSyncMark.objects.get().synced_at.date().isoformat() == "2026-01-05"

    fake.failing = ()
    fake.requests.clear()
    sync(2022, 2023)
    assert {since for _, since in data_requests(fake)} == {"2026-01-05"}
    assert KoladaSyncMark.objects.get().synced_at.date() == timezone.localdate()


def test_full_asks_for_everything_again(fake, in_use):
    call_command("kolada_sync", "--years", "2022-2023")
    call_command("kolada_sync", "--years", "2022-2023")
    assert {since for _, since in data_requests(fake)} == {None, timezone.localdate().isoformat()}

    call_command("kolada_sync", "--years", "2022-2023", "--full")
    assert {since for _, since in data_requests(fake)} == {None}
    assert KoladaSyncRun.objects.filter(full=True).count() == 1


def test_a_new_comparison_kommun_or_other_years_are_fetched_whole(fake, in_use):
    sync(2022, 2023)
    data_requests(fake)
    sync(2022, 2023, compare=["1214"])  # Svalöv's history has never been fetched
    assert {since for _, since in data_requests(fake)} == {None}
    sync(2021, 2023)
    assert {since for _, since in data_requests(fake)} == {None}
    sync(2021, 2023)
    assert {since for _, since in data_requests(fake)} == {timezone.localdate().isoformat()}
