"""The agenda as a PDF through the reports machinery, only for those who may read the dialogue."""

import datetime
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse

from dialogue.models import EconomyFigures, ItemKind
from dialogue.services import add_action
from tillit.reports.models import ReportJob

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _order(client, dialogue, kod="SN"):
    return client.post(
        reverse("reports:create"), {"kind": "dialogagenda", "kod": kod, "dialog": dialogue.pk}
    )


def test_the_agenda_pdf_has_the_items_figures_and_carried_over_actions(
    make_dialogue, cast, as_user, django_capture_on_commit_callbacks
):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    first = make_dialogue(date=datetime.date(2027, 2, 1))
    add_action(first, cast.hr, text="Minska korttidsfrånvaron", responsible=cast.chef)
    second = make_dialogue(date=datetime.date(2027, 5, 1), theme="Studiero")
    EconomyFigures.objects.create(
        dialogue=second,
        budget=Decimal("48250.0"),
        utfall=Decimal("12100.2"),
        prognos=Decimal("48636.4"),
        period_label="januari–mars",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = _order(as_user(cast.hr), second)
    job = ReportJob.objects.get()
    assert response.status_code == 302
    assert job.status == ReportJob.Status.DONE, job.error
    text = subprocess.run(
        ["pdftotext", "-layout", job.file.path, "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Agenda verksamhetsdialog 2027-05-01" in text
    for expected in (
        "Uppföljning av åtgärder",
        "Tema: Studiero",
        "Minska korttidsfrånvaron",
        "48 250,0",
        "-386,4",
        "januari–mars",
    ):
        assert expected in text.replace("\xa0", " "), expected
    assert second.items.filter(kind=ItemKind.EKONOMI).exists()


def test_only_readers_of_the_dialogue_may_order_or_open_its_agenda(
    make_dialogue, cast, as_user, django_capture_on_commit_callbacks
):
    d = make_dialogue()
    assert _order(as_user(cast.politiker), d).status_code == 403
    assert _order(as_user(cast.outsider), d).status_code == 404
    assert _order(as_user(cast.vo_chef), d).status_code == 404
    # A chef may order reports on their own unit, but not another unit's dialogue through it.
    assert _order(as_user(cast.sibling), d, kod="SS").status_code == 403
    assert not ReportJob.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert _order(as_user(cast.fc), d).status_code == 302
    job = ReportJob.objects.get()
    download = reverse("reports:download", args=[job.pk])
    assert as_user(cast.chef).get(download).status_code == 200
    assert as_user(cast.politiker).get(download).status_code == 403
    assert as_user(cast.sibling).get(download).status_code == 404


def test_ordering_the_agenda_without_a_dialogue_explains_where_to_order_it(cast, as_user):
    response = as_user(cast.chef).post(
        reverse("reports:create"), {"kind": "dialogagenda", "kod": "SN"}
    )
    assert response.status_code == 404
    assert not ReportJob.objects.exists()


def test_the_detail_page_needs_few_queries(
    make_dialogue, cast, as_user, django_assert_max_num_queries
):
    d = make_dialogue()
    for item in d.items.all():
        add_action(d, cast.hr, text=f"Åtgärd {item.title}", item=item)
    client = as_user(cast.chef)
    with django_assert_max_num_queries(25):
        assert client.get(d.get_absolute_url()).status_code == 200
