"""Publish means frozen (issue 14, finding 4): what a politician reads (pages, summary, PDFs)
is the published or handed-over version; a later edit is a new draft that is published on
purpose. Every test edits as the manager through HTTP and then reads as the politician."""

import re
import shutil
import subprocess

import pytest
from django.urls import reverse

from planning.models import GoalStatus, Uppfoljning
from tillit.reports.models import ReportJob

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def published(client, chain, tree, personas, period):
    """A delårsrapport where BUN rated its nämndmål yellow, published by the administrator."""
    fu = Uppfoljning.objects.create(planperiod=period, year=2027, kind="delar")
    GoalStatus.objects.create(
        followup=fu, node=tree.BUN, namndmal=chain.goal, status="gul", analysis="Halvvägs."
    )
    client.force_login(personas.admin)
    assert client.post(reverse("planning:followup_publish", args=[fu.pk])).status_code == 302
    fu.refresh_from_db()
    assert fu.published
    return fu


def post_form(client, url, data):
    """POST `data` as the page's form would: with the revisions it was opened at."""
    page = client.get(url).content.decode()
    seen = dict(re.findall(r'name="([\w-]*seen_revision)" value="(\d+)"', page))

    return client.post(url, {**seen, **data})


def manager_rates(client, personas, fu, goal, status, analysis):
    """The förvaltningschef saves BUN's status for the nämndmål."""
    client.force_login(personas.fc)
    response = post_form(
        client,
        reverse("planning:followup_node", args=[fu.pk, "BUN"]),
        {f"g{goal.pk}-status": status, f"g{goal.pk}-analysis": analysis},
    )
    assert response.status_code == 302


def pages_of(client, user, fu, goal):
    client.force_login(user)
    return {
        "uppföljningen": client.get(fu.get_absolute_url()).content.decode(),
        "sammanfattningen": client.get(reverse("planning:summary", args=["BUN"])).content.decode(),
        "nämndmålet": client.get(reverse("planning:goal", args=[goal.pk])).content.decode(),
    }


def pdf_text(client, capture, user, kind, kod, **params):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    client.force_login(user)
    with capture(execute=True):
        client.post(reverse("reports:create"), {"kind": kind, "kod": kod, **params})
    job = ReportJob.objects.order_by("-pk").first()
    assert job.status == ReportJob.Status.DONE, job.error
    return subprocess.run(
        ["pdftotext", str(job.file.path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_a_published_delarsrapport_does_not_change_when_a_manager_saves_a_new_status(
    client, chain, personas, published, django_capture_on_commit_callbacks
):
    manager_rates(client, personas, published, chain.goal, "rod", "Sämre än väntat.")
    for name, page in pages_of(client, personas.politiker, published, chain.goal).items():
        assert "Halvvägs." in page, name
        assert "Sämre än väntat." not in page, name
    for kind, kod, params in [
        ("namndrapport", "BUN", {"year": "2027"}),
        ("uppfoljning", "K", {"year": "2027", "typ": "delar"}),
    ]:
        text = pdf_text(
            client, django_capture_on_commit_callbacks, personas.politiker, kind, kod, **params
        )
        assert "Halvvägs." in text or "Delvis uppfyllt" in text, kind
        assert "Sämre än väntat." not in text, (kind, text)


def test_the_working_page_says_changed_since_publication_and_a_new_version_is_published(
    client, chain, personas, published
):
    assert published.published_version == 1
    client.force_login(personas.admin)
    assert (
        "Ändrad sedan publicering" not in client.get(published.get_absolute_url()).content.decode()
    )
    manager_rates(client, personas, published, chain.goal, "rod", "Sämre än väntat.")
    client.force_login(personas.admin)
    page = client.get(published.get_absolute_url()).content.decode()
    assert "Ändrad sedan publicering" in page and "Publicera ny version" in page
    assert "Sämre än väntat." in page  # the administrator reads the working version
    client.post(reverse("planning:followup_publish", args=[published.pk]))
    published.refresh_from_db()
    assert published.published and published.published_version == 2
    for name, page in pages_of(client, personas.politiker, published, chain.goal).items():
        assert "Sämre än väntat." in page, name
        assert "Halvvägs." not in page, name
    politician_page = pages_of(client, personas.politiker, published, chain.goal)[
        "sammanfattningen"
    ]
    assert f"publicerad {published.published_at:%Y-%m-%d}" in politician_page


def test_an_unchanged_resave_is_no_change(client, chain, personas, published):
    manager_rates(client, personas, published, chain.goal, "gul", "Halvvägs.")
    client.force_login(personas.admin)
    assert (
        "Ändrad sedan publicering" not in client.get(published.get_absolute_url()).content.decode()
    )
    log = client.get(reverse("org:changelog")).content.decode()
    assert "Ändrad efter publicering" not in log


def test_the_changelog_shows_old_and_new_values_of_published_statuses(
    client, chain, personas, published
):
    manager_rates(client, personas, published, chain.goal, "rod", "Sämre än väntat.")
    client.force_login(personas.admin)
    log = client.get(reverse("org:changelog")).content.decode()
    assert "delvis uppfyllt → ej uppfyllt" in log
    assert "Ändrad efter publicering, inte publicerad än" in log
    client.post(reverse("planning:followup_publish", args=[published.pk]))
    log = client.get(reverse("org:changelog")).content.decode()
    assert "Publicerad version 2" in log
    assert "delvis uppfyllt → ej uppfyllt" in log
    assert "Halvvägs. → Sämre än väntat." in log


def test_an_uppdrag_report_is_read_as_published(client, chain, tree, personas, period):
    from planning.models import Uppdrag, UppdragReport

    uppdrag = Uppdrag.objects.create(
        node=tree.BUN, planperiod=period, title="100-dagarsprogram", owner_node=tree.SN
    )
    fu = Uppfoljning.objects.create(planperiod=period, year=2027, kind="delar")
    UppdragReport.objects.create(followup=fu, uppdrag=uppdrag, status="gul", analysis="Pågår.")
    client.force_login(personas.admin)
    client.post(reverse("planning:followup_publish", args=[fu.pk]))
    client.force_login(personas.chef)
    response = post_form(
        client,
        reverse("planning:followup_node", args=[fu.pk, "SN"]),
        {f"u{uppdrag.pk}-status": "gron", f"u{uppdrag.pk}-analysis": "Klart i tid."},
    )
    assert response.status_code == 302
    client.force_login(personas.politiker)
    for url in [fu.get_absolute_url(), reverse("planning:summary", args=["BUN"])]:
        page = client.get(url).content.decode()
        assert "Pågår." in page and "Klart i tid." not in page, url


def test_the_namndmal_page_shows_the_conclusion_as_handed_over(client, chain, personas):
    client.force_login(personas.fc)
    response = client.post(reverse("planning:karta_handover", args=["BUN"]), {"bekrafta": "1"})
    assert response.status_code == 302
    response = post_form(
        client,
        reverse("planning:conclusion_edit", args=[chain.conclusion.pk]),
        {"theme": chain.theme.pk, "text": "Ny text som nämnden aldrig fått."},
    )
    assert response.status_code == 302
    client.force_login(personas.politiker)
    page = client.get(reverse("planning:goal", args=[chain.goal.pk])).content.decode()
    assert "Tryggheten i skolan behöver stärkas." in page
    assert "Ny text som nämnden aldrig fått." not in page


def test_compiling_offers_no_conclusions_from_an_analysis_in_utkast(client, chain, personas):
    chain.sn.status = "utkast"
    chain.sn.save()
    client.force_login(personas.fc)
    page = client.get(reverse("planning:karta_compile", args=["BUN"])).content.decode()
    assert f'name="s{chain.section.pk}-text"' not in page
    response = client.post(
        reverse("planning:karta_compile", args=["BUN"]),
        {
            "source": chain.section.pk,
            f"s{chain.section.pk}-theme": chain.theme.pk,
            f"s{chain.section.pk}-text": "Från ett utkast",
        },
    )
    assert response.status_code == 404
    assert not chain.theme.conclusions.filter(text="Från ett utkast").exists()
    chain.sn.status = "klar"
    chain.sn.save()
    page = client.get(reverse("planning:karta_compile", args=["BUN"])).content.decode()
    assert f'name="s{chain.section.pk}-text"' in page


def test_the_changelog_shows_a_handed_over_conclusions_old_and_new_text_but_no_resave(
    client, chain, personas
):
    client.force_login(personas.fc)
    client.post(reverse("planning:karta_handover", args=["BUN"]), {"bekrafta": "1"})
    edit = reverse("planning:conclusion_edit", args=[chain.conclusion.pk])
    same = {"theme": chain.theme.pk, "text": chain.conclusion.text}
    assert post_form(client, edit, same).status_code == 302
    client.force_login(personas.admin)
    log = client.get(reverse("org:changelog")).content.decode()
    assert "Ändrad slutsats" not in log and "Ändrad nulägeskarta" not in log
    client.force_login(personas.fc)
    post_form(client, edit, {"theme": chain.theme.pk, "text": "Tryggheten på rasterna först."})
    client.force_login(personas.admin)
    log = client.get(reverse("org:changelog")).content.decode()
    assert (
        "Ändrad slutsats: Tryggheten på rasterna först. "
        "(tidigare: Tryggheten i skolan behöver stärkas.)" in log
    )
