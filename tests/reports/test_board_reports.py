"""Board reports on the demo kommun: every kind renders with cover, table of contents, page
numbers and provenance; nothing leaves the page; a handed-over report is frozen; the same data
gives the same text; and only the right people may order and read them."""

import re
import shutil
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from planning.models import GoalStatus, Namndmal, NulageskartaVersion, Uppfoljning
from planning.services.followup import followup_publish
from tillit.org.models import OrgNode, User
from tillit.reports import registry
from tillit.reports.models import ReportJob
from tillit.reports.tasks import COMPACT_BELOW_PAGES, render_report

pytestmark = pytest.mark.django_db

A4_WIDTH, A4_HEIGHT = 595.276, 841.89
MARGIN_PT = 30  # the page margins are 18–22 mm (51–62 pt); text must stay well inside them


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def demo(demo_db, db):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return {u.username: u for u in User.objects.all()}


def run(*args):
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def pdf_text(path, layout=True):
    return run("pdftotext", *(["-layout"] if layout else []), str(path), "-")


def order(client, user, kind, kod, **params):
    client.force_login(user)
    return client.post(reverse("reports:create"), {"kind": kind, "kod": kod, **params})


def render(client, capture, user, kind, kod, **params):
    with capture(execute=True):
        response = order(client, user, kind, kod, **params)
    assert response.status_code == 302, response
    job = ReportJob.objects.order_by("-pk").first()
    assert job.status == ReportJob.Status.DONE, job.error
    return job


def words_outside_the_page(path):
    """Words whose box reaches into the right/bottom margin or beyond the page."""
    html = run("pdftotext", "-bbox", str(path), "-")
    outside, seen = [], 0
    pages = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', html, re.S)
    for page in pages:
        width, height, body = float(page[0]), float(page[1]), page[2]
        for x_max, y_max, word in re.findall(
            r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
            body,
        ):
            seen += 1
            if float(x_max) > width - MARGIN_PT or float(y_max) > height - 10:
                outside.append(word)
    assert seen > 100, "pdftotext -bbox found no words: the check would be empty"
    return outside


def kinds_for_the_demo():
    version = NulageskartaVersion.objects.select_related("karta__node").first()
    return [
        ("namndrapport", "BUN", {}, ["Nämndens mål", "Nyckeltal jämfört med riket", "Uppdrag"]),
        ("uppfoljning", "1270", {"year": "2027", "typ": "delar"}, ["Översikt", "Barn och unga"]),
        ("nulageskarta", version.karta.node.kod, {"version": str(version.pk)}, ["Trygghet"]),
        ("hme", "BUN", {"year": "2026"}, ["Resultat", "De nio påståendena", "Enheter"]),
        ("kommunkompassen", "1270", {"year": "2020", "typ": "extern"}, ["Profil"]),
        ("arshjul", "1270", {"year": "2027"}, ["Årshjulets steg"]),
    ]


def assert_cover_and_contents_as_long(job, text, chapters):
    """A report of COMPACT_BELOW_PAGES pages or more has a table of contents listing its
    chapters; a shorter one none, its chapters in the text (tests/reports/test_compact_pdf.py)."""
    if job.pages >= COMPACT_BELOW_PAGES:
        assert "Innehåll" in text, job.kind
        for chapter in [*chapters, "Underlag"]:
            # a table-of-contents line: the chapter, a dotted leader, its page number
            assert re.search(rf"{re.escape(chapter)}\s*\.+\s*\d+", text), (job.kind, chapter)
    else:
        assert "Innehåll" not in text, job.kind
        for chapter in [*chapters, "Underlag"]:
            assert chapter in text, (job.kind, chapter)


def test_every_report_renders_for_the_demo_kommun_as_a_board_ready_document(
    client, demo, django_capture_on_commit_callbacks
):
    for kind, kod, params, chapters in kinds_for_the_demo():
        job = render(client, django_capture_on_commit_callbacks, demo["admin"], kind, kod, **params)
        text = pdf_text(job.file.path)
        assert "Tomelilla kommun" in text, kind
        assert_cover_and_contents_as_long(job, text, chapters)
        assert f"Sida {job.pages} av {job.pages}" in text
        assert "Underlag per " in text, kind
        info = run("pdfinfo", job.file.path)
        assert re.search(rf"Title:\s+{re.escape(job.title)}", info), kind
        assert "Page size:       595.276 x 841.89 pts (A4)" in info
        assert words_outside_the_page(job.file.path) == [], kind


def test_the_namnd_report_names_its_sources_periods_and_the_date_of_its_material(
    client, demo, django_capture_on_commit_callbacks
):
    job = render(client, django_capture_on_commit_callbacks, demo["admin"], "namndrapport", "BUN")
    text = pdf_text(job.file.path, layout=False)
    assert re.search(r"Källa: Kolada, N15419, 20\d\d, hämtat 20\d\d-\d\d-\d\d", text)
    assert "Källa: HME-enkäten 2026" in text
    assert "SKR Kommunkompassen, extern utvärdering 2020" in text
    # statuses carry a shape and a word, never colour alone
    for shape, word in (("▲", "Delvis"), ("■", "Ej"), ("●", "Uppfyllt")):
        assert re.search(rf"{shape}\s+{word}", text), word
    latest = max(
        GoalStatus.objects.filter(followup__published=True).values_list("updated_at", flat=True)
    )
    assert job.data_as_of >= latest
    assert f"Underlag per {job.data_as_of.astimezone():%Y-%m-%d}" in text


def test_a_handed_over_report_keeps_its_content_when_the_data_changes(
    client, demo, django_capture_on_commit_callbacks
):
    admin = demo["admin"]
    job = render(client, django_capture_on_commit_callbacks, admin, "namndrapport", "BUN")
    client.post(reverse("reports:hand_over", args=[job.pk]))
    job.refresh_from_db()
    assert job.handed_over_at is not None
    before = open(job.file.path, "rb").read()  # noqa: SIM115
    status = GoalStatus.objects.filter(node__kod="BUN", followup__published=True).first()
    status.analysis = "Helt ny analys efter överlämningen."
    status.save()
    followup_publish(fu=status.followup)  # reports read the published version

    render_report(job.pk)  # a re-run of the task
    ReportJob.objects.filter(pk=job.pk).update(status=ReportJob.Status.QUEUED)
    render_report(job.pk)  # even a job put back in the queue keeps its file
    job.refresh_from_db()
    assert open(job.file.path, "rb").read() == before  # noqa: SIM115
    assert "Helt ny analys" not in pdf_text(job.file.path)

    fresh = render(client, django_capture_on_commit_callbacks, admin, "namndrapport", "BUN")
    assert "Helt ny analys" in pdf_text(fresh.file.path, layout=False)


def test_the_same_data_gives_the_same_text(client, demo, django_capture_on_commit_callbacks):
    admin = demo["admin"]
    for kind, kod, params, _ in kinds_for_the_demo()[:4]:
        first = render(client, django_capture_on_commit_callbacks, admin, kind, kod, **params)
        second = render(client, django_capture_on_commit_callbacks, admin, kind, kod, **params)
        texts = [pdf_text(j.file.path) for j in (first, second)]
        # the cover's "Skapad i Tillit <date>" could differ across midnight; all else is equal
        same = [re.sub(r"Skapad i Tillit \S+", "", t) for t in texts]
        assert same[0] == same[1], kind
        assert first.pages == second.pages


def test_a_politician_orders_the_report_of_their_own_namnd_only(
    client, demo, django_capture_on_commit_callbacks
):
    lena = demo["lena.politiker"]
    job = render(client, django_capture_on_commit_callbacks, lena, "namndrapport", "BUN")
    assert client.get(reverse("reports:download", args=[job.pk])).status_code == 200
    assert order(client, lena, "namndrapport", "VON").status_code == 404
    # read-only on the nämnd: may not hand a report over, nor order working material
    assert client.post(reverse("reports:hand_over", args=[job.pk])).status_code == 403
    assert order(client, lena, "dialogagenda", "BUN", dialog="1").status_code == 403
    assert order(client, lena, "namndrapport", "GRU-BYA").status_code == 403  # not a nämnd
    client.force_login(User.objects.get(username="bengt.politiker"))
    assert client.get(reverse("reports:job", args=[job.pk])).status_code == 404


def test_the_report_list_offers_only_kinds_that_can_be_ordered_there(client, demo):
    client.force_login(demo["lena.politiker"])
    page = client.get(reverse("reports:list")).content.decode()
    assert 'value="namndrapport"' in page and 'value="hme"' in page
    assert 'value="dialogagenda"' not in page and 'value="nulageskarta"' not in page
    assert 'value="arshjul"' not in page  # a kommun report, not for a nämnd
    assert not registry.get("dialogagenda").listed


def test_a_job_that_needs_working_access_is_not_listed_to_politicians(client, demo):
    bun = OrgNode.objects.get(kod="BUN")
    done = ReportJob.Status.DONE
    job = ReportJob.objects.create(
        kind="dialogagenda",
        node=bun,
        title="Agenda X",
        params={},
        status=done,
        audience=ReportJob.Audience.WORKING,
    )
    published = ReportJob.objects.create(
        kind="namndrapport",
        node=bun,
        title="Nämndrapport Y",
        status=done,
        audience=ReportJob.Audience.PUBLISHED,
    )
    for j in (job, published):  # what their builds record (tillit/reports/registry.py)
        j.contained_nodes.add(bun)
    client.force_login(demo["lena.politiker"])
    page = client.get(reverse("reports:list")).content.decode()
    assert "Nämndrapport Y" in page and "Agenda X" not in page
    assert client.get(reverse("reports:job", args=[job.pk])).status_code == 403
    client.force_login(demo["admin"])
    page = client.get(reverse("reports:list")).content.decode()
    assert "Agenda X" in page and published.title in page


def test_the_summary_page_shows_published_material_only(client, demo):
    url = reverse("planning:summary", args=["BUN"])
    client.force_login(demo["lena.politiker"])
    page = client.get(url).content.decode()
    assert "Delvis uppfyllt" in page and "badge--yellow" in page
    assert "Källa: Kolada, N15419" in page
    assert "Kommunkompassen" in page and "Version 1, överlämnad" in page
    Uppfoljning.objects.update(published=False)
    page = client.get(url).content.decode()
    assert "Delvis uppfyllt" not in page and "Ingen uppföljning är publicerad" in page


def test_the_summary_page_is_for_those_who_may_read_the_namnd(client, demo):
    url = reverse("planning:summary", args=["BUN"])
    client.force_login(demo["bengt.politiker"])
    assert client.get(url).status_code == 404
    client.force_login(demo["lena.politiker"])
    assert client.get(reverse("planning:summary", args=["VON"])).status_code == 404
    assert client.get(reverse("planning:summary", args=["GRU-BYA"])).status_code == 404
    assert client.get(url).status_code == 200
    client.logout()
    assert client.get(url).status_code == 302
    home = client.get("/")
    client.force_login(demo["lena.politiker"])
    home = client.get("/").content.decode()
    assert url in home  # the politician's start page and menu lead there


def test_the_summary_page_takes_a_fixed_number_of_queries(client, demo, django_assert_num_queries):
    client.force_login(demo["lena.politiker"])
    url = reverse("planning:summary", args=["BUN"])
    client.get(url)
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    # 24 before the ekonomi and personal section (3: the feeds' months, the nodes shown, the
    # ekonomi roll-up), the adopted internkontrollplan with its results (2) and the published
    # follow-up version the goals are read from (1), the header's unread notifications (1) and
    # the målvärden's actual values beside them (1)
    assert len(first) <= 32
    # more goals with statuses do not add queries
    existing = Namndmal.objects.filter(node__kod="BUN").select_related("overarching").first()
    fu = Uppfoljning.objects.get(published=True)
    for i in range(5):
        goal = Namndmal.objects.create(
            node=existing.node, overarching=existing.overarching, title=f"Extra mål {i}"
        )
        GoalStatus.objects.create(followup=fu, node=existing.node, namndmal=goal, status="gron")
    with django_assert_num_queries(len(first)):
        page = client.get(url).content.decode()
    assert "Extra mål 4" in page
