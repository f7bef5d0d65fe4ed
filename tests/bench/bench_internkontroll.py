"""Internkontroll on the Göteborg-size dataset (seed_scale): the risk analysis, the plan, the
follow-up and the kommun overview as the people who use them, and the two report kinds of a
nämnd rendered to PDF in-process."""

from django.conf import settings
from django.test import Client
from django.utils import timezone

from tests.bench.harness import measure
from tests.bench.scale import ensure_scale
from tillit.org.models import OrgNode, User
from tillit.reports.models import ReportJob
from tillit.reports.render import html_to_pdf
from tillit.reports.tasks import render_report

BOARD, FORVALTNING = "N3", "F3"


def pages(year):
    base = f"/planering/internkontroll/enhet/{BOARD}/{year}"
    return [
        ("riskanalys nämnd, förvaltningschef", f"fc.{FORVALTNING}", f"{base}/risker/"),
        ("internkontrollplan, förvaltningschef", f"fc.{FORVALTNING}", f"{base}/plan/"),
        ("antagen plan, förtroendevald", f"pol0.{BOARD}", f"{base}/plan/version/1/"),
        ("uppföljning intern kontroll, förtroendevald", f"pol0.{BOARD}", f"{base}/uppfoljning/"),
        ("intern kontroll i kommunen, admin", "admin", "/planering/internkontroll/"),
        (
            "riskanalys förvaltning",
            f"fc.{FORVALTNING}",
            f"/planering/internkontroll/enhet/{FORVALTNING}/{year}/risker/",
        ),
    ]


def run():
    ensure_scale()
    settings.ALLOWED_HOSTS = ["*"]
    year = timezone.localdate().year
    results = []
    for name, username, path in pages(year):
        client = Client()
        client.force_login(User.objects.get(username=username))
        status = client.get(path).status_code
        assert status == 200, (path, status)
        results.append(
            measure(f"sida: {name}", lambda c=client, p=path: c.get(p), runs=5, trace_memory=False)
        )
    admin = User.objects.get(username="admin")
    html_to_pdf("<p>uppvärmning</p>", title="uppvärmning")  # import WeasyPrint and fonts once
    board = OrgNode.objects.get(kod=BOARD)
    for kind in ("internkontrollplan", "uppfoljning_internkontroll"):

        def render(kind=kind):
            job = ReportJob.objects.create(
                kind=kind, node=board, title=kind, params={"year": str(year)}, created_by=admin
            )
            try:
                render_report(job.pk)
                job.refresh_from_db()
                assert job.status == ReportJob.Status.DONE, job.error
            finally:  # leave the dataset as it was found: no job, no file
                job.refresh_from_db()
                if job.file:
                    job.file.delete(save=False)
                job.delete()

        results.append(
            measure(f"rapport: {kind}, {board.namn}", render, runs=2, trace_memory=False)
        )
    return results
