"""Report PDFs (issue 18 item 6): a report under COMPACT_BELOW_PAGES pages has no cover page and
no table of contents, its title on the first page above the content; a longer one keeps both;
a heading is never the last line of a page."""

import shutil
import subprocess

import pytest
from django.urls import reverse

from tests.factories import PASSWORD
from tillit.cycle.models import planperiod_create
from tillit.reports import tasks
from tillit.reports.models import ReportJob
from tillit.reports.render import html_to_pdf, static_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")


def _pages(path_or_bytes, tmp_path):
    path = path_or_bytes
    if isinstance(path_or_bytes, bytes):
        path = tmp_path / "r.pdf"
        path.write_bytes(path_or_bytes)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")


def _arshjul(client, personas, capture):
    planperiod_create(budget_year=2027, make_current=True)
    client.login(username=personas.admin.username, password=PASSWORD)
    with capture(execute=True):
        client.post(reverse("reports:create"), {"kind": "arshjul", "kod": "K", "year": "2027"})
    job = ReportJob.objects.get()
    assert job.status == ReportJob.Status.DONE, job.error
    return job


def test_a_short_report_has_its_title_and_content_on_page_one_and_no_contents(
    client, personas, django_capture_on_commit_callbacks, tmp_path
):
    job = _arshjul(client, personas, django_capture_on_commit_callbacks)
    assert job.pages < tasks.COMPACT_BELOW_PAGES
    pages = _pages(job.file.path, tmp_path)
    first = pages[0]
    assert "Årshjul Planperiod 2027–2029" in first and "Testkommun" in first
    assert "Underlag per " in first and "Skapad i Tillit" in first
    assert "Årshjulets steg" in first  # the content starts on the cover's page
    assert "Innehåll" not in "".join(pages)
    assert f"Sida 1 av {job.pages}" in first


def test_a_long_report_keeps_its_cover_and_contents(
    client, personas, django_capture_on_commit_callbacks, tmp_path, monkeypatch
):
    monkeypatch.setattr(tasks, "COMPACT_BELOW_PAGES", 1)  # every report counts as long
    job = _arshjul(client, personas, django_capture_on_commit_callbacks)
    pages = _pages(job.file.path, tmp_path)
    assert "Årshjul Planperiod 2027–2029" in pages[0]
    assert "Årshjulets steg" not in pages[0]  # a cover page of its own
    assert "Innehåll" in pages[1]
    assert "Sida 1 av" not in pages[0]  # the cover has no page number


def test_a_heading_is_never_the_last_line_of_a_page(tmp_path):
    # A heading, its source line and a figure that cannot be split, of heights that put the
    # headings at every height of a page (the stylesheet before this rule left 11 of 15 pages
    # ending in a heading or its source line).
    sections = "".join(
        f"<section><h2>Rubrik {i}</h2><p class='source'>Källa {i}.</p>"
        f"<div class='figure' style='height: {25 + (i * 17) % 70}mm'>Figur {i}</div></section>"
        for i in range(40)
    )
    css = static_text("css/print.css")
    html = (
        f"<!doctype html><html lang='sv'><head><style>{css}</style></head>"
        f"<body>{sections}</body></html>"
    )
    pdf, count = html_to_pdf(html, title="Test")
    assert count >= 10
    for page in _pages(pdf, tmp_path)[:-1]:
        body = [line.strip() for line in page.splitlines() if line.strip()]
        body = [line for line in body if not line.startswith("Sida ")]
        assert body and not body[-1].startswith(("Rubrik ", "Källa ")), body[-3:]
