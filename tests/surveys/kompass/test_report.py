"""The Kommunkompassen PDF renders with the radar, areas, findings and provenance."""

import shutil
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse

from surveys.kompass.importer import import_points
from surveys.models import FindingKind, KompassFinding
from tests.surveys.kompass.helpers import points_file
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


def test_the_kommunkompass_report_renders_to_a_pdf(
    client, personas, tree, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        evaluation = import_points(
            data=points_file({"1.2": Decimal("7.25")}), year=2020, kind="extern", node=tree.K
        )
        import_points(data=points_file(), year=2020, kind="referens")
    evaluation.publish()
    area3 = evaluation.version.areas.get(number=3)
    KompassFinding.objects.create(
        evaluation=evaluation, area=area3, kind=FindingKind.FORBATTRING, text="Fler analyser"
    )
    client.force_login(personas.politiker)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:create"),
            {"kind": "kommunkompassen", "kod": "K", "year": "2020"},
        )
    assert response.status_code == 302
    job = ReportJob.objects.get()
    assert job.status == ReportJob.Status.DONE, job.error
    text = pdf_text(job.file.path)
    assert "Samspel mellan förtroendevalda och medborgare" in text
    assert "Chefs- och ledarskap samt medarbetarskap" in text
    assert "Fler analyser" in text
    assert "Källa: SKR Kommunkompassen, extern utvärdering 2020" in text
    assert "Nationellt snitt 2020" in text
    assert "73 %" in text  # 7.25 of 10 = 72,5 % → 73 %
    assert f"Sida {job.pages} av {job.pages}" in text


def test_a_draft_is_not_printed_for_a_politician(
    client, personas, tree, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        import_points(data=points_file(), year=2020, kind="extern", node=tree.K)
    client.force_login(personas.politiker)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("reports:create"), {"kind": "kommunkompassen", "kod": "K", "year": "2020"}
        )
    job = ReportJob.objects.get()
    assert job.status == ReportJob.Status.FAILED
    assert not job.file
