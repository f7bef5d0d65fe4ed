"""Who may see and do what in internkontroll, over HTTP: the förvaltning prepares, the nämnd's
politicians read what is adopted, responsible people record their own controls, nobody outside
the subtree sees drafts."""

import datetime

import pytest
from django.urls import reverse

from planning.internkontroll import services
from planning.internkontroll.models import (
    KontrollAction,
    Kontrollresultat,
    PlanStatus,
    Risk,
)
from surveys.models.actions import ActionStatus
from tests.factories import PASSWORD

from .conftest import YEAR

pytestmark = pytest.mark.django_db


def login(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


def url(name, *args):
    return reverse(f"internkontroll:{name}", args=args)


MATRIX = [
    (
        "risks",
        ["BUN", YEAR],
        {"fc": 200, "hr": 200, "admin": 200, "chef": 403, "politiker": 403}
        | {"vo_chef": 404, "outsider": 404},
    ),
    (
        "risk_new",
        ["BUN", YEAR],
        {"fc": 200, "hr": 200, "chef": 403, "politiker": 403, "vo_chef": 404, "outsider": 404},
    ),
    (
        "plan",
        ["BUN", YEAR],
        {"fc": 200, "hr": 200, "chef": 404, "politiker": 404, "vo_chef": 404, "outsider": 404},
    ),
    (
        "control_new",
        ["BUN", YEAR],
        {"fc": 200, "hr": 200, "chef": 403, "politiker": 403, "vo_chef": 404, "outsider": 404},
    ),
    (
        "followup",
        ["BUN", YEAR],
        {"fc": 200, "chef": 200, "politiker": 200, "vo_chef": 404, "outsider": 404},
    ),
    ("index", [], {"fc": 200, "politiker": 200, "outsider": 200}),
    ("import", [], {"fc": 200, "hr": 200, "admin": 200, "politiker": 404, "outsider": 404}),
]


@pytest.mark.parametrize("name,args,expected", MATRIX)
def test_each_role_gets_what_the_permission_matrix_says(client, ik, personas, name, args, expected):
    for persona, status in expected.items():
        client.logout()
        response = login(client, personas[persona]).get(url(name, *args))
        assert response.status_code == status, (name, persona, response.status_code)


def test_an_anonymous_visitor_is_sent_to_log_in(client, ik):
    response = client.get(url("risks", "BUN", YEAR))
    assert response.status_code == 302 and "/logga-in/" in response["Location"]


def test_the_risk_page_shows_the_matrix_as_svg_and_as_a_table(client, ik, personas):
    page = login(client, personas.fc).get(url("risks", "BUN", YEAR)).content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page
    assert 'role="img"' in page
    assert "Riskmatrisen som tabell" in page
    assert "Inköp utanför avtal" in page
    assert "Mycket hög risk" in page


def test_the_forvaltningschef_builds_the_analysis_and_moves_risks_into_the_plan(
    client, ik, personas, tree
):
    c = login(client, personas.fc)
    response = c.post(
        url("risk_new", "BUN", YEAR),
        {
            "title": "Brister i delegationsordningen",
            "sannolikhet": "3",
            "konsekvens": "3",
            "decision": "kontrollera",
        },
    )
    assert response.status_code == 302
    assert Risk.objects.get(title="Brister i delegationsordningen").value == 9
    c.post(url("from_risks", "BUN", YEAR))
    assert ik.plan.controls.filter(risk__title="Brister i delegationsordningen").exists()
    response = c.post(url("adopt", "BUN", YEAR), {"adopted_on": "2027-01-25"})
    ik.plan.refresh_from_db()
    assert ik.plan.status == PlanStatus.ADOPTED
    version = ik.plan.versions.get()
    assert response["Location"] == version.get_absolute_url()
    assert version.adopted_on == datetime.date(2027, 1, 25)


def test_accepting_a_risk_needs_a_reason(client, ik, personas):
    response = login(client, personas.fc).post(
        url("risk_new", "BUN", YEAR),
        {"title": "Ny risk", "sannolikhet": "1", "konsekvens": "1", "decision": "acceptera"},
    )
    assert response.status_code == 200
    assert "Motivera varför risken accepteras." in response.content.decode()


def test_a_stale_risk_form_does_not_overwrite_a_newer_save(client, ik, personas):
    c = login(client, personas.fc)
    data = {"title": "Inköp", "sannolikhet": "3", "konsekvens": "4", "decision": "kontrollera"}
    seen = ik.avtal.revision
    assert c.post(url("risk_edit", "BUN", YEAR, ik.avtal.pk), data | {"seen_revision": seen})
    stale = data | {"title": "Gammal", "seen_revision": seen}
    response = c.post(url("risk_edit", "BUN", YEAR, ik.avtal.pk), stale)
    assert response.status_code == 200
    ik.avtal.refresh_from_db()
    assert ik.avtal.title == "Inköp"


def test_the_support_function_may_prepare_but_not_adopt(client, ik, personas):
    response = login(client, personas.hr).post(
        url("adopt", "BUN", YEAR), {"adopted_on": "2027-01-25"}
    )
    assert response.status_code == 403
    assert not ik.plan.versions.exists()


def test_a_politician_reads_the_adopted_version_and_never_the_draft(client, ik, personas):
    services.plan_adopt(plan=ik.plan, user=personas.fc)
    ik.control.title = "Ändrat i utkastet"
    services.control_save(control=ik.control, seen_revision=None, user=personas.fc)
    c = login(client, personas.politiker)
    response = c.get(url("plan", "BUN", YEAR), follow=True)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Stickprov på leverantörsfakturor" in page
    assert "Ändrat i utkastet" not in page
    assert c.get(url("risks", "BUN", YEAR)).status_code == 403


def test_another_namnds_forvaltningschef_cannot_see_the_plan_or_its_version(client, ik, personas):
    services.plan_adopt(plan=ik.plan, user=personas.fc)
    c = login(client, personas.vo_chef)
    assert c.get(url("plan", "BUN", YEAR)).status_code == 404
    assert c.get(url("version", "BUN", YEAR, 1)).status_code == 404
    assert c.get(url("control", ik.control.pk)).status_code == 404


def test_the_responsible_chef_records_a_deviation_with_an_action(client, ik, personas, tree):
    services.plan_adopt(plan=ik.plan, user=personas.fc)
    c = login(client, personas.chef)
    assert c.get(url("control", ik.control.pk)).status_code == 200
    response = c.post(
        url("control", ik.control.pk),
        {
            "performed_on": "2027-03-15",
            "outcome": "avvikelse",
            "findings": "Tre fakturor saknade avtal.",
            "action_1": "Utbilda i avtalstrohet",
            "due_1": "2027-05-31",
        },
    )
    assert response.status_code == 302
    action = KontrollAction.objects.get()
    assert action.node == tree.SN and action.responsible == personas.chef
    c.post(url("action_status", action.pk), {"status": ActionStatus.ONGOING})
    action.refresh_from_db()
    assert action.status == ActionStatus.ONGOING


def test_a_deviation_without_findings_is_refused_in_swedish(client, ik, personas):
    services.plan_adopt(plan=ik.plan, user=personas.fc)
    response = login(client, personas.chef).post(
        url("control", ik.control.pk), {"performed_on": "2027-03-15", "outcome": "avvikelse"}
    )
    assert "Beskriv vad som framkom vid avvikelsen." in response.content.decode()
    assert not Kontrollresultat.objects.exists()


def test_a_draft_control_cannot_be_recorded(client, ik, personas):
    response = login(client, personas.chef).post(
        url("control", ik.control.pk), {"performed_on": "2027-03-15", "outcome": "utan_anmarkning"}
    )
    assert response.status_code == 200
    assert not Kontrollresultat.objects.exists()


def test_a_politician_cannot_record_a_control_or_change_an_action(client, ik, personas):
    services.plan_adopt(plan=ik.plan, user=personas.fc)
    result = services.result_record(
        control=ik.control,
        user=personas.chef,
        outcome="avvikelse",
        findings="Brist",
        actions=[("Åtgärda", None)],
    )
    c = login(client, personas.politiker)
    response = c.post(
        url("control", ik.control.pk), {"performed_on": "2027-03-15", "outcome": "utan_anmarkning"}
    )
    assert response.status_code == 403
    action = result.actions.get()
    assert c.post(url("action_status", action.pk), {"status": "done"}).status_code == 403
    client.logout()
    outsider = login(client, personas.outsider)
    assert outsider.post(url("action_status", action.pk), {"status": "done"}).status_code == 404
    action.refresh_from_db()
    assert action.status == ActionStatus.PLANNED
    assert Kontrollresultat.objects.count() == 1


def test_another_namnds_chef_cannot_write_risks_over_http(client, ik, personas):
    response = login(client, personas.vo_chef).post(
        url("risk_new", "BUN", YEAR), {"title": "Intrång", "sannolikhet": "1", "konsekvens": "1"}
    )
    assert response.status_code == 404
    assert not Risk.objects.filter(title="Intrång").exists()


def test_the_warning_shows_when_a_plan_has_too_many_controls(client, ik, personas, settings):
    settings.MAX_CONTROLS_PER_PLAN = 1
    ik.plan.controls.create(title="Genomgång av attester", method="genomgang")
    page = login(client, personas.fc).get(url("plan", "BUN", YEAR)).content.decode()
    assert "Planen har 2 kontrollmoment, fler än de 1 som rekommenderas." in page


def test_carrying_over_over_http_copies_last_years_risks(client, ik, personas):
    login(client, personas.fc).post(url("carry_over", "BUN", YEAR + 1))
    assert Risk.objects.filter(analysis__year=YEAR + 1).count() == 3


def test_an_overdue_control_is_on_the_responsible_persons_start_page(client, tree, personas):
    last_year = datetime.date.today().year - 1
    plan = services.plan_for(tree.BUN, last_year, create=True)
    control = plan.controls.create(
        title="Avstämning av kassor", method="avstamning", month=1, responsible=personas.chef
    )
    services.plan_adopt(plan=plan, user=personas.fc)
    page = login(client, personas.chef).get(reverse("home")).content.decode()
    assert "Försenade kontroller" in page
    assert reverse("internkontroll:control", args=[control.pk]) in page
    client.logout()
    other = login(client, personas.fc).get(reverse("home")).content.decode()
    assert "Avstämning av kassor" not in other


def test_the_namnd_summary_shows_the_adopted_plan_and_not_the_draft(client, tree, personas):
    this_year = datetime.date.today().year
    plan = services.plan_for(tree.BUN, this_year, create=True)
    control = plan.controls.create(title="Avstämning", method="avstamning", month=12)
    summary = reverse("planning:summary", args=["BUN"])
    c = login(client, personas.politiker)
    assert "Ingen internkontrollplan är antagen" in c.get(summary).content.decode()
    services.plan_adopt(plan=plan, user=personas.fc)
    services.result_record(control=control, user=personas.fc, outcome="avvikelse", findings="x")
    page = c.get(summary).content.decode()
    assert "med 1 kontrollmoment" in page and "varav 1 med avvikelse" in page
