"""Import jobs: an upload bigger than IMPORT_ASYNC_BYTES is imported by a Celery task with a
progress page (/importer/<id>/) only its uploader and the kommun's administrators see; a job
that fails saves nothing. Through HTTP, with the task run in-process (CELERY eager)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from planning.models import Nyckeltal
from planning.models.nyckeltal import NyckeltalValue
from tillit.imports import progress, registry
from tillit.imports.models import ImportJob
from tillit.org.models import OrgNode, RoleAssignment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _small_threshold(settings, tmp_path):
    settings.IMPORT_ASYNC_BYTES = 100
    settings.MEDIA_ROOT = tmp_path


def _org_file(rows):
    body = "".join(f"{kod};{namn};enhet;BUF\n" for kod, namn in rows)
    return SimpleUploadedFile("org.csv", f"kod;namn;typ;foralder\n{body}".encode(), "text/csv")


def _upload(client, url, data, capture):
    with capture(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert response.url == f"/importer/{job.pk}/"
    return job


def test_a_big_organisation_file_becomes_a_job_and_its_page_shows_the_result(
    client, personas, django_capture_on_commit_callbacks
):
    client.force_login(personas.admin)
    rows = [(f"E{i}", f"Enhet nummer {i}") for i in range(20)]
    data = {"file": _org_file(rows)}
    job = _upload(client, "/organisation/import/", data, django_capture_on_commit_callbacks)
    assert OrgNode.objects.filter(kod__startswith="E").count() == 20
    page = client.get(job.get_absolute_url())
    assert page.status_code == 200
    text = page.content.decode()
    assert "Import av organisationsfil" in text
    assert "Importen är klar: 20 nya" in text
    assert "hx-get" not in text  # finished: the page stops polling
    job.refresh_from_db()
    assert (job.status, job.rows_done, job.rows_total) == ("done", 20, 20)
    assert not job.file  # the uploaded file is not kept after the job


def test_a_small_file_is_still_imported_in_the_request(client, personas, settings):
    settings.IMPORT_ASYNC_BYTES = 1024 * 1024
    client.force_login(personas.admin)
    response = client.post("/organisation/import/", {"file": _org_file([("E1", "Ett")])})
    assert response.status_code == 302
    assert response.url == reverse("org:tree")
    assert not ImportJob.objects.exists()
    assert OrgNode.objects.filter(kod="E1").exists()


def test_a_rejected_job_saves_nothing_and_shows_the_first_50_errors_and_a_count(
    client, personas, django_capture_on_commit_callbacks
):
    client.force_login(personas.admin)
    rows = [(f"OK{i}", f"Bra enhet {i}") for i in range(10)] + [
        (f"BAD/{i}", "Fel kod") for i in range(70)
    ]
    data = {"file": _org_file(rows)}
    job = _upload(client, "/organisation/import/", data, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == "failed"
    assert (len(job.errors), job.error_count) == (50, 70)
    assert not OrgNode.objects.filter(kod__startswith="OK").exists()
    text = client.get(job.get_absolute_url()).content.decode()
    assert "Filen importerades inte och ingenting har sparats" in text
    assert "Rad 12, kolumn kod" in text  # the first bad row, numbered as a spreadsheet shows it
    assert "… och 20 fel till." in text


def test_a_job_failing_after_it_has_written_leaves_nothing_behind(
    client, personas, django_capture_on_commit_callbacks, monkeypatch
):
    kind = registry.get("organisation")

    def run_then_fail(job, stream):
        kind.run(job, stream)
        assert OrgNode.objects.filter(kod="E1").exists()  # written inside the job …
        raise RuntimeError("disk full")

    monkeypatch.setitem(
        registry._KINDS,
        "organisation",
        kind.__class__(kind="organisation", label=kind.label, run=run_then_fail, back=kind.back),
    )
    client.force_login(personas.admin)
    rows = [(f"E{i}", f"Enhet nummer {i}") for i in range(20)]
    data = {"file": _org_file(rows)}
    job = _upload(client, "/organisation/import/", data, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == "failed"
    assert not OrgNode.objects.filter(kod__startswith="E").exists()  # … and rolled back
    assert "tekniskt fel" in client.get(job.get_absolute_url()).content.decode()


@pytest.fixture
def local(db):
    return Nyckeltal.objects.create(code="LOK-SJUK", title="Sjukfrånvaro, andel (%)")


def _values_file():
    body = "".join(f"LOK-SJUK;SN;{year};T;{year - 2000},5\n" for year in range(2001, 2021))
    return SimpleUploadedFile("v.csv", f"nyckeltal;enhet;period;kon;varde\n{body}".encode())


def test_only_the_uploader_and_an_administrator_see_a_job(
    client, personas, local, django_capture_on_commit_callbacks
):
    client.force_login(personas.chef)
    url = reverse("planning:nyckeltal:import", args=["SN"])
    job = _upload(client, url, {"file": _values_file()}, django_capture_on_commit_callbacks)
    assert NyckeltalValue.objects.filter(node__kod="SN").count() == 20
    assert client.get(job.get_absolute_url()).status_code == 200
    # Others, even the chef's own förvaltningschef, do not learn the job exists.
    for other in (personas.fc, personas.vo_chef, personas.politiker, personas.outsider):
        client.force_login(other)
        assert client.get(job.get_absolute_url()).status_code == 404
        assert client.get(job.get_absolute_url(), headers={"HX-Request": "true"}).status_code == 404
    client.logout()
    assert client.get(job.get_absolute_url()).status_code == 302  # to the login page
    client.force_login(personas.admin)
    assert "20 nya" in client.get(job.get_absolute_url()).content.decode()


def test_the_job_runs_with_the_uploaders_rights_when_it_runs(
    client, personas, local, django_capture_on_commit_callbacks
):
    client.force_login(personas.chef)
    url = reverse("planning:nyckeltal:import", args=["SN"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(url, {"file": _values_file()})
    RoleAssignment.objects.filter(user=personas.chef).delete()  # the role goes before the job runs
    for callback in callbacks:
        callback()
    job = ImportJob.objects.get()
    assert job.status == "failed"
    assert "behörighet" in job.errors[0]
    assert not NyckeltalValue.objects.exists()


def test_the_page_polls_and_shows_rows_done_while_the_job_runs(client, personas):
    client.force_login(personas.admin)
    job = ImportJob.objects.create(
        kind="organisation", created_by=personas.admin, rows_total=200_000
    )
    queued = client.get(job.get_absolute_url()).content.decode()
    assert "väntar på att importeras" in queued
    assert f'hx-get="/importer/{job.pk}/"' in queued
    job.status = ImportJob.Status.RUNNING
    job.save()
    progress.store(job.pk, 50_000)
    part = client.get(job.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    assert part.lstrip().startswith('<section id="import-status"')
    assert "Rad 50\u00a0000 av 200\u00a0000 är läst (25 %)" in part
    progress.clear(job.pk)


def test_hme_answers_and_ekonomi_figures_run_as_jobs_too(
    client, personas, tree, django_capture_on_commit_callbacks
):
    from planning.ekonomi.models import EkonomiRow
    from surveys.models import HmeResponse
    from tests.factories import UserFactory, give_role
    from tillit.org.models import Role, SupportFunction

    client.force_login(personas.admin)
    answers = "".join("SN;K;5;4;4;5;3;4;5;4;4\n" for _ in range(12))
    upload = SimpleUploadedFile(
        "hme.csv", f"enhet;kon;f1;f2;f3;f4;f5;f6;f7;f8;f9\n{answers}".encode()
    )
    job = _upload(
        client,
        reverse("surveys:hme_import"),
        {"year": "2026", "file": upload},
        django_capture_on_commit_callbacks,
    )
    assert HmeResponse.objects.filter(round__year=2026).count() == 12
    assert "Import av HME-svar" in client.get(job.get_absolute_url()).content.decode()
    job.delete()

    ekonom = UserFactory(username="ekonom")
    give_role(ekonom, tree.BUF, Role.STOD, SupportFunction.EKONOMI)
    client.force_login(ekonom)
    head = "period;enhet;post;budget_helar;budget_ack;utfall_ack;prognos_helar\n"
    rows = "".join(f"2026-0{m};SN;personalkostnader;1 000;500;400;900\n" for m in range(1, 6))
    upload = SimpleUploadedFile("e.csv", (head + rows).encode())
    url = reverse("ekonomi:upload_ekonomi")
    job = _upload(client, url, {"file": upload}, django_capture_on_commit_callbacks)
    assert EkonomiRow.objects.filter(node=tree.SN).count() == 5
    assert "Importen är klar" in client.get(job.get_absolute_url()).content.decode()
    job.delete()
    # Not one of her places: the whole file is refused, nothing saved.
    upload = SimpleUploadedFile("e.csv", (head + rows + "2026-06;HT;intäkter;5;5;5;5\n").encode())
    job = _upload(client, url, {"file": upload}, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == "failed" and "HT ligger utanför" in job.errors[0]
    assert EkonomiRow.objects.count() == 5


def test_the_upload_pages_say_that_a_big_file_is_read_in_the_background(client, personas, settings):
    settings.IMPORT_ASYNC_BYTES = 1024 * 1024
    client.force_login(personas.admin)
    page = client.get(reverse("org:import")).content.decode()
    assert "En fil större än 1,0\xa0MB läses in i bakgrunden" in page
