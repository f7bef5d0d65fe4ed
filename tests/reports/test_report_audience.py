# ruff: noqa: F811  (the planning fixtures are imported to be used as fixtures)
"""A report job and its file are readable only by people who may read everything it contains,
at the time they read it (issue 14, finding 3). Each kind is attacked through HTTP: the list,
the job page and the download, as a politician or a chef of another unit."""

import shutil
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse

from planning.models import FollowUpKind, GoalStatus, Namndmal, Uppfoljning
from surveys.hme.results import compute_round
from surveys.kompass.importer import import_points
from surveys.models import HmeRound
from tests.factories import UserFactory, give_role
from tests.planning.conftest import chain, period  # noqa: F401
from tests.surveys.hme.helpers import answers, make_round
from tests.surveys.kompass.helpers import points_file
from tillit.org.models import Role
from tillit.reports.models import ReportJob

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def pdf_text(job):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return subprocess.run(
        ["pdftotext", str(job.file.path), "-"], capture_output=True, text=True, check=True
    ).stdout


def order(client, capture, user, kind, kod, **params):
    client.force_login(user)
    with capture(execute=True):
        response = client.post(reverse("reports:create"), {"kind": kind, "kod": kod, **params})
    assert response.status_code == 302, response
    job = ReportJob.objects.order_by("-pk").first()
    assert job.status == ReportJob.Status.DONE, job.error
    return job


def cannot_read(client, user, job):
    """The job is not in the user's list; its page and its file are refused (404 to whoever
    may not read the job's node at all, 403 to whoever may)."""
    client.force_login(user)
    listed = client.get(reverse("reports:list"))
    assert job not in list(listed.context["jobs"])
    assert client.get(reverse("reports:job", args=[job.pk])).status_code in (403, 404)
    assert client.get(reverse("reports:download", args=[job.pk])).status_code in (403, 404)


def can_read(client, user, job):
    client.force_login(user)
    assert job in list(client.get(reverse("reports:list")).context["jobs"])
    assert client.get(reverse("reports:job", args=[job.pk])).status_code == 200
    assert client.get(reverse("reports:download", args=[job.pk])).status_code == 200


@pytest.fixture
def followup(chain, tree, period):
    """A delårsrapport with a status for BUN's nämndmål and one for a VON nämndmål."""
    fu = Uppfoljning.objects.create(planperiod=period, year=2027, kind=FollowUpKind.INTERIM)
    GoalStatus.objects.create(
        followup=fu, node=tree.BUN, namndmal=chain.goal, status="gul", analysis="BUN-analysen."
    )
    von_goal = Namndmal.objects.create(
        node=tree.VON, overarching=chain.over, title="Trygg hemtjänst för alla"
    )
    GoalStatus.objects.create(
        followup=fu, node=tree.VON, namndmal=von_goal, status="rod", analysis="VON-analysen."
    )
    return fu


def publish(client, admin, fu):
    client.force_login(admin)
    assert client.post(reverse("planning:followup_publish", args=[fu.pk])).status_code == 302
    fu.refresh_from_db()
    assert fu.published


def test_a_politician_cannot_read_a_followup_report_ordered_before_it_was_published(
    client, personas, followup, django_capture_on_commit_callbacks
):
    job = order(
        client,
        django_capture_on_commit_callbacks,
        personas.admin,
        "uppfoljning",
        "K",
        year="2027",
        typ="delar",
    )
    cannot_read(client, personas.politiker, job)
    can_read(client, personas.admin, job)
    assert job.audience == ReportJob.Audience.WORKING


def test_a_kommun_wide_followup_report_is_not_read_by_a_politician_of_one_namnd(
    client, personas, followup, django_capture_on_commit_callbacks
):
    publish(client, personas.admin, followup)
    job = order(
        client,
        django_capture_on_commit_callbacks,
        personas.admin,
        "uppfoljning",
        "K",
        year="2027",
        typ="delar",
    )
    assert "VON-analysen" in pdf_text(job)
    cannot_read(client, personas.politiker, job)
    assert job.audience == ReportJob.Audience.PUBLISHED


def test_a_politicians_followup_report_lists_her_own_namnd_only(
    client, personas, tree, followup, django_capture_on_commit_callbacks
):
    publish(client, personas.admin, followup)
    job = order(
        client,
        django_capture_on_commit_callbacks,
        personas.politiker,
        "uppfoljning",
        "K",
        year="2027",
        typ="delar",
    )
    text = pdf_text(job)
    assert "BUN-analysen" in text or "Alla elever trygga" in text
    assert "Trygg hemtjänst för alla" not in text and "VON-analysen" not in text
    can_read(client, personas.politiker, job)
    von_politician = UserFactory(username="von_politiker")
    give_role(von_politician, tree.VON, Role.FORTROENDEVALD)
    cannot_read(client, von_politician, job)


def test_a_politician_who_left_the_namnd_no_longer_reads_her_report(
    client, personas, followup, django_capture_on_commit_callbacks
):
    publish(client, personas.admin, followup)
    job = order(
        client,
        django_capture_on_commit_callbacks,
        personas.politiker,
        "uppfoljning",
        "K",
        year="2027",
        typ="delar",
    )
    can_read(client, personas.politiker, job)
    personas.politiker.roles.all().delete()
    cannot_read(client, personas.politiker, job)


def test_a_politician_cannot_read_a_kommunkompass_draft_report(
    client, personas, tree, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        import_points(
            data=points_file({"1.2": Decimal("7.25")}), year=2020, kind="extern", node=tree.K
        )
    job = order(
        client,
        django_capture_on_commit_callbacks,
        personas.admin,
        "kommunkompassen",
        "K",
        year="2020",
        typ="extern",
    )
    cannot_read(client, personas.politiker, job)
    assert job.audience == ReportJob.Audience.WORKING


def _hme_round(tree):
    rnd = make_round(year=2026)
    for node in (tree.SN, tree.SS, tree.FS, tree.HT):
        answers(rnd, node, 6)
    compute_round(rnd.pk)
    rnd.refresh_from_db()
    assert rnd.status == HmeRound.Status.COMPUTED
    return rnd


def test_a_politicians_kommun_level_hme_report_lists_only_her_own_namnd(
    client, personas, tree, django_capture_on_commit_callbacks
):
    _hme_round(tree)
    job = order(
        client, django_capture_on_commit_callbacks, personas.politiker, "hme", "K", year="2026"
    )
    text = pdf_text(job)
    assert "Barn- och utbildningsnämnden" in text
    assert "Vård- och omsorgsnämnden" not in text
    can_read(client, personas.politiker, job)
    assert job.audience == ReportJob.Audience.PUBLISHED


def test_a_politician_cannot_read_the_administrators_kommun_level_hme_report(
    client, personas, tree, django_capture_on_commit_callbacks
):
    _hme_round(tree)
    job = order(client, django_capture_on_commit_callbacks, personas.admin, "hme", "K", year="2026")
    assert "Vård- och omsorgsnämnden" in pdf_text(job)
    cannot_read(client, personas.politiker, job)


def test_a_chef_of_another_unit_cannot_read_a_units_hme_report(
    client, personas, tree, django_capture_on_commit_callbacks
):
    _hme_round(tree)
    job = order(client, django_capture_on_commit_callbacks, personas.fc, "hme", "GS", year="2026")
    cannot_read(client, personas.vo_chef, job)
    cannot_read(client, personas.politiker, job)
    cannot_read(client, personas.chef, job)  # Skolan Norr's chef: GS lists Skolan Söder too
    assert job.audience == ReportJob.Audience.WORKING


def test_a_queued_job_is_seen_by_whoever_ordered_it_only(client, personas, tree, period):
    client.force_login(personas.admin)
    client.post(reverse("reports:create"), {"kind": "arshjul", "kod": "K", "year": "2027"})
    job = ReportJob.objects.get()
    assert job.status == ReportJob.Status.QUEUED
    assert client.get(reverse("reports:job", args=[job.pk])).status_code == 200
    client.force_login(personas.politiker)
    assert client.get(reverse("reports:job", args=[job.pk])).status_code == 403
