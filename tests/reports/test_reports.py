import shutil
import subprocess

import pytest
from django.urls import reverse

from tests.factories import PASSWORD
from tillit.cycle.models import planperiod_create
from tillit.reports.charts import bar_chart, line_chart, radar_chart
from tillit.reports.models import ReportJob

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def pdf_text(path):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def order(client, user, kind="arshjul", kod="K", **params):
    client.login(username=user.username, password=PASSWORD)
    return client.post(reverse("reports:create"), {"kind": kind, "kod": kod, **params})


def test_an_arshjul_report_renders_to_a_pdf_with_title_and_page_numbers(
    client, personas, django_capture_on_commit_callbacks
):
    planperiod_create(budget_year=2027, make_current=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = order(client, personas.admin, year="2027")
    job = ReportJob.objects.get()
    assert response.status_code == 302
    assert job.status == ReportJob.Status.DONE, job.error
    text = pdf_text(job.file.path)
    assert "Årshjul Planperiod 2027–2029" in text
    assert "Innehåll" not in text  # short: no cover page or contents (test_compact_pdf.py)
    assert "Nulägesanalys" in text
    assert f"Sida {job.pages} av {job.pages}" in text
    assert "Testkommun" in text
    info = subprocess.run(["pdfinfo", job.file.path], capture_output=True, text=True).stdout
    assert "Title:           Årshjul Planperiod 2027–2029" in info
    assert "Tagged:          yes" in info
    assert "Page size:       595.276 x 841.89 pts (A4)" in info


def test_the_pdf_is_served_only_to_those_who_may_read_it(
    client, personas, django_capture_on_commit_callbacks
):
    planperiod_create(budget_year=2027, make_current=True)
    with django_capture_on_commit_callbacks(execute=True):
        order(client, personas.admin, year="2027")
    job = ReportJob.objects.get()
    url = reverse("reports:download", args=[job.pk])
    assert client.get(url)["Content-Type"] == "application/pdf"
    client.logout()
    client.login(username="politiker", password=PASSWORD)
    assert client.get(url).status_code == 200  # kommun-level published material
    client.logout()
    client.login(username="utan_roll", password=PASSWORD)
    assert client.get(url).status_code == 404


def test_a_job_page_polls_until_done_and_then_stops(client, personas):
    planperiod_create(budget_year=2027, make_current=True)
    order(client, personas.admin, year="2027")  # on_commit not run: the job stays queued
    job = ReportJob.objects.get()
    page = client.get(job.get_absolute_url()).content.decode()
    assert 'hx-trigger="every 1s"' in page
    fragment = client.get(job.get_absolute_url(), HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and "job-status" in fragment


def test_an_unknown_kind_or_a_foreign_node_is_refused(client, personas):
    assert order(client, personas.chef, kind="finns-inte", kod="SN").status_code == 403
    assert order(client, personas.chef, kod="HT").status_code == 404
    assert not ReportJob.objects.exists()


def test_a_finished_job_is_not_rendered_again(client, personas, django_capture_on_commit_callbacks):
    from tillit.reports.tasks import render_report

    planperiod_create(budget_year=2027, make_current=True)
    with django_capture_on_commit_callbacks(execute=True):
        order(client, personas.admin, year="2027")
    job = ReportJob.objects.get()
    before = job.file.name
    render_report(job.pk)
    job.refresh_from_db()
    assert job.file.name == before


def test_charts_are_accessible_svg_and_show_missing_values_as_gaps():
    bars = bar_chart([("Motivation", 78, 79), ("Ledarskap", None, 78)], label="HME")
    assert bars.startswith("<svg") and 'role="img"' in bars and "<title>HME</title>" in bars
    assert "–" in bars  # the missing value is printed as a dash, not 0
    radar = radar_chart(["A", "B", "C"], [("2024", [50, 60, 70]), ("Riket", [55, 55, 55])])
    assert radar.count("<polygon") == 4 + 2
    line = line_chart(["2022", "2023", "2024"], [("Värde", [1, None, 3])], target=2)
    assert "Målvärde" in line
    assert line.count("<polyline") == 0  # a gap splits the line into single points


def test_the_forvaltningschef_orders_and_hands_over_her_namnds_namndrapport(
    client, personas, django_capture_on_commit_callbacks
):
    """The board rule: the förvaltningschef of BUF acts for BUN, the nämnd above her
    förvaltning, as she does when handing over its nulägeskarta."""
    planperiod_create(budget_year=2027, make_current=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = order(client, personas.fc, kind="namndrapport", kod="BUN", year="2027")
    assert response.status_code == 302
    job = ReportJob.objects.get()
    assert job.node.kod == "BUN" and job.status == ReportJob.Status.DONE, job.error
    page = client.get(reverse("reports:job", args=[job.pk]))
    assert page.status_code == 200 and page.context["can_hand_over"]
    response = client.post(reverse("reports:hand_over", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.handed_over_at is not None


def test_a_forvaltningschef_cannot_hand_over_another_namnds_namndrapport(
    client, personas, django_capture_on_commit_callbacks
):
    planperiod_create(budget_year=2027, make_current=True)
    with django_capture_on_commit_callbacks(execute=True):
        order(client, personas.admin, kind="namndrapport", kod="VON", year="2027")
    job = ReportJob.objects.get()
    client.force_login(personas.fc)
    assert client.post(reverse("reports:hand_over", args=[job.pk])).status_code == 404
    client.force_login(personas.vo_chef)
    assert client.post(reverse("reports:hand_over", args=[job.pk])).status_code == 302
    job.refresh_from_db()
    assert job.handed_over_at is not None


def test_the_old_address_of_the_namnd_summary_leads_to_its_new_one(client, personas):
    client.force_login(personas.politiker)
    response = client.get("/rapporter/namnd/BUN/")
    assert response.status_code == 301
    assert response["Location"] == reverse("planning:summary", args=["BUN"])
