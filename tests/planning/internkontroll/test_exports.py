"""The follow-up of internal control as Excel and CSV: the page's rows, findings as text."""

import datetime

import pytest
from django.urls import reverse

from planning.internkontroll import services
from planning.internkontroll.models import Outcome
from tests.xlsx import csv_rows, xlsx_rows, xlsx_values

from .conftest import YEAR

pytestmark = pytest.mark.django_db


def url(kod="BUN", fmt="xlsx"):
    return reverse("internkontroll:followup", args=[kod, YEAR]) + f"?format={fmt}"


def test_the_follow_up_comes_out_per_control_with_dates_and_findings(client, ik, personas):
    services.plan_adopt(plan=ik.plan, user=personas.fc)
    services.result_record(
        control=ik.control,
        user=personas.chef,
        outcome=Outcome.AVVIKELSE,
        findings='=HYPERLINK("x")',
        performed_on=datetime.date(YEAR, 3, 15),
    )
    client.force_login(personas.fc)
    page = client.get(reverse("internkontroll:followup", args=["BUN", YEAR]))
    assert "Ladda ner (Excel)" in page.text
    top, header, rows = xlsx_rows(client.get(url()))
    assert any(line.startswith("Källa: Tillit, internkontrollplan version 1") for line in top)
    assert header[0] == "Kontroll" and header[4] == "Senast genomförd"
    [row] = rows
    assert row[0].value == "Stickprov på leverantörsfakturor"
    assert row[4].value == datetime.datetime(YEAR, 3, 15) and row[4].is_date
    assert row[5].value == '2027-03-15: =HYPERLINK("x")' and row[5].data_type == "s"
    assert [r["control"]["title"] for r in page.context["rows"]] == [row[0].value]
    _h, csv = csv_rows(client.get(url(fmt="csv")))
    assert csv[0][4] == "2027-03-15"


def test_a_politician_reads_the_adopted_version_and_an_outsider_nothing(client, ik, personas):
    services.plan_adopt(plan=ik.plan, user=personas.fc)
    client.force_login(personas.politiker)
    assert [r[0] for r in xlsx_values(client.get(url()))] == ["Stickprov på leverantörsfakturor"]
    client.force_login(personas.vo_chef)
    assert client.get(url()).status_code == 404


def test_the_working_plan_comes_out_per_control_with_its_risk_value(client, ik, personas):
    client.force_login(personas.fc)
    plan_url = reverse("internkontroll:plan", args=["BUN", YEAR])
    assert "Ladda ner (CSV)" in client.get(plan_url).text
    _top, header, rows = xlsx_rows(client.get(plan_url + "?format=xlsx"))
    assert header[:3] == ["Vad kontrolleras", "Risk", "Riskvärde"]
    [row] = rows
    assert row[1].value == "Inköp utanför avtal" and row[2].value == 12
    assert row[2].data_type == "n"
    client.force_login(personas.vo_chef)
    assert client.get(plan_url + "?format=xlsx").status_code == 404
