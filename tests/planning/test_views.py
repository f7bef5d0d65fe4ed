"""Who may see and do what in the planning chain, in the browser's terms (status codes)."""

import pytest
from django.urls import reverse

from planning.models import (
    Activity,
    AnalysisSection,
    Conclusion,
    Namndmal,
    Nulagesanalys,
    Uppfoljning,
    Verksamhetsplan,
)
from planning.services import karta as karta_services
from planning.services.followup import followup_publish
from planning.services.karta import karta_hand_over, theme_add
from tillit.org.models import OrgNode


def url(name, *args, period=None):
    return reverse(f"planning:{name}", args=args)


# (url name, args, persona → expected status)
MATRIX = [
    (
        "analysis",
        ["SN"],
        {"chef": 200, "fc": 200, "hr": 200, "politiker": 403, "vo_chef": 404, "outsider": 404},
    ),
    (
        "analysis_edit",
        ["SN"],
        {"chef": 200, "fc": 200, "hr": 403, "politiker": 403, "vo_chef": 404, "outsider": 404},
    ),
    ("plan", ["SN"], {"chef": 200, "hr": 200, "politiker": 403, "vo_chef": 404, "outsider": 404}),
    (
        "plan_edit",
        ["SN"],
        {"chef": 200, "fc": 200, "hr": 403, "politiker": 403, "vo_chef": 404, "outsider": 404},
    ),
    ("activity_new", ["SN"], {"chef": 200, "hr": 403, "outsider": 404}),
    (
        "plan_history",
        ["SN"],
        {"chef": 200, "hr": 200, "politiker": 403, "vo_chef": 404, "outsider": 404},
    ),
    ("trend_responses", ["SN"], {"chef": 200, "hr": 200, "politiker": 403, "outsider": 404}),
    (
        "karta_edit",
        ["BUN"],
        {
            "fc": 200,
            "admin": 200,
            "chef": 403,
            "hr": 403,
            "politiker": 403,
            "vo_chef": 404,
            "outsider": 404,
        },
    ),
    (
        "karta_compile",
        ["BUN"],
        {"fc": 200, "hr": 403, "politiker": 403, "vo_chef": 404, "outsider": 404},
    ),
    ("karta", ["VON"], {"vo_chef": 200, "fc": 404, "chef": 404, "politiker": 404, "outsider": 404}),
    ("karta_history", ["BUN"], {"fc": 200, "hr": 200, "politiker": 403, "outsider": 404}),
    ("board_goals", ["BUN"], {"politiker": 200, "fc": 200, "vo_chef": 404, "outsider": 404}),
    (
        "goal_new",
        ["BUN"],
        {"fc": 200, "chef": 403, "hr": 403, "politiker": 403, "vo_chef": 404, "outsider": 404},
    ),
    ("uppdrag_new", ["VON"], {"vo_chef": 200, "fc": 404, "outsider": 404}),
    ("goals", [], {"politiker": 200, "chef": 200, "outsider": 404}),
    ("area_new", [], {"admin": 200, "fc": 403, "politiker": 403, "outsider": 404}),
    ("overarching_new", [], {"admin": 200, "fc": 403, "outsider": 404}),
    ("omvarld", [], {"politiker": 200, "chef": 200, "outsider": 404}),
    ("trend_new", [], {"admin": 200, "fc": 403, "outsider": 404}),
    ("followups", [], {"politiker": 200, "outsider": 404}),
    ("index", [], {"politiker": 200, "chef": 200, "outsider": 200}),
]
CASES = [(name, args, who, status) for name, args, exp in MATRIX for who, status in exp.items()]


@pytest.mark.parametrize(
    ("name", "args", "who", "status"), CASES, ids=[f"{c[0]}-{c[2]}" for c in CASES]
)
def test_each_page_answers_each_role_as_the_permission_rules_say(
    client, chain, personas, name, args, who, status, login
):
    login(personas[who])
    assert client.get(url(name, *args)).status_code == status


def test_object_pages_check_the_node_they_belong_to(client, chain, personas, login):
    goal_url = url("goal", chain.goal.pk)
    conclusion_url = url("conclusion_edit", chain.conclusion.pk)
    login(personas.vo_chef)
    assert client.get(goal_url).status_code == 404
    assert client.get(conclusion_url).status_code == 404
    login(personas.politiker)
    assert client.get(goal_url).status_code == 200
    assert client.get(conclusion_url).status_code == 403
    login(personas.fc)
    assert client.get(conclusion_url).status_code == 200


def test_a_politician_sees_only_what_has_been_handed_over(client, chain, personas, login):
    login(personas.politiker)
    response = client.get(url("karta", "BUN"))
    assert response.status_code == 200
    assert "har inte lämnats över" in response.content.decode()
    assert "Tryggheten i skolan" not in response.content.decode()

    version = karta_hand_over(karta=chain.bun, user=personas.fc)
    theme_add(karta=chain.bun, title="Hemligt utkast", user=personas.fc)
    response = client.get(url("karta", "BUN"))
    assert response.status_code == 302
    assert response["Location"] == version.get_absolute_url()
    page = client.get(version.get_absolute_url()).content.decode()
    assert "Tryggheten i skolan behöver stärkas." in page
    assert "Hemligt utkast" not in page
    # traceability: the source section and its nyckeltal are right there
    assert "Skolan Norr – Resultat" in page
    assert "Tryggheten har minskat på rasterna." in page
    assert "Andel trygga elever" in page


def test_another_forvaltning_cannot_read_a_handed_over_karta(client, chain, personas, login):
    version = karta_hand_over(karta=chain.bun, user=personas.fc)
    login(personas.vo_chef)
    assert client.get(version.get_absolute_url()).status_code == 404


def test_the_forvaltningschef_compiles_a_conclusion_keeping_its_source(
    client, chain, personas, login
):
    login(personas.fc)
    section = chain.sn.sections.get(key="resultat")
    response = client.post(
        url("karta_compile", "BUN"),
        {
            "source": section.pk,
            f"s{section.pk}-theme": chain.theme.pk,
            f"s{section.pk}-text": "Redigerad slutsats.",
        },
    )
    assert response.status_code == 302
    made = Conclusion.objects.get(text="Redigerad slutsats.")
    assert made.source == section
    assert made.theme == chain.theme


def test_a_conclusion_without_theme_keeps_the_text_and_says_why(client, chain, personas, login):
    login(personas.fc)
    section = chain.section
    response = client.post(
        url("karta_compile", "BUN"),
        {"source": section.pk, f"s{section.pk}-theme": "", f"s{section.pk}-text": "Min text"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Välj ett tema." in page
    assert "Min text" in page


def test_sources_from_another_board_cannot_be_compiled(client, chain, personas, login):
    login(personas.fc)
    response = client.post(
        url("karta_compile", "BUN"),
        {
            "source": chain.ht_section.pk,
            f"s{chain.ht_section.pk}-theme": chain.theme.pk,
            f"s{chain.ht_section.pk}-text": "x",
        },
    )
    assert response.status_code == 404


def test_handing_over_through_the_page(client, chain, personas, login):
    login(personas.fc)
    response = client.post(url("karta_status", "BUN"), {"action": "overlamna"}, follow=True)
    assert "Bekräfta och lämna över till nämnden" in response.content.decode()
    assert chain.bun.versions.count() == 0  # not before it is confirmed
    response = client.post(url("karta_handover", "BUN"), {"bekrafta": "1"}, follow=True)
    assert "har lämnats över till Barn- och utbildningsnämnden (version 1)" in (
        response.content.decode()
    )
    assert chain.bun.versions.count() == 1


def test_an_activity_form_keeps_what_was_typed_and_answers_in_swedish(
    client, chain, personas, login
):
    login(personas.chef)
    response = client.post(
        url("activity_new", "SN"),
        {
            "title": "",
            "description": "Det jag skrev",
            "starts_on": "2027-05-01",
            "ends_on": "2027-04-01",
            "status": "planerad",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ge aktiviteten en rubrik." in page
    assert "Välj minst ett mål som aktiviteten bidrar till." in page
    assert "Det jag skrev" in page
    assert 'value="2027-05-01"' in page


def test_an_activity_towards_a_namndmal_is_saved_and_shown_on_the_goal(
    client, chain, personas, login
):
    login(personas.chef)
    response = client.post(
        url("activity_new", "SN"),
        {
            "title": "Rastvärdar",
            "namndmal": [chain.goal.pk],
            "status": "pagar",
            "starts_on": "2027-02-01",
            "ends_on": "2027-06-30",
        },
    )
    assert response.status_code == 302
    activity = Activity.objects.get(title="Rastvärdar")
    assert list(activity.namndmal.all()) == [chain.goal]
    assert activity.plan.updated_by == personas.chef
    goal_page = client.get(url("goal", chain.goal.pk)).content.decode()
    assert "Rastvärdar" in goal_page


def test_a_target_value_is_read_the_swedish_way(client, chain, personas, login):
    login(personas.fc)
    response = client.post(
        url("target_add", chain.goal.pk),
        {"nyckeltal": chain.nyckeltal.pk, "year": "2028", "target": "1 234,5", "direction": ""},
    )
    # 1 234,5 is read, but is no share in percent: saved only once confirmed.
    assert "verkar orimligt" in response.content.decode()
    assert not chain.goal.targets.filter(year=2028).exists()
    response = client.post(
        url("target_add", chain.goal.pk),
        {
            "nyckeltal": chain.nyckeltal.pk,
            "year": "2028",
            "target": "1 234,5",
            "direction": "",
            "confirm_target": "on",
        },
    )
    assert response.status_code == 302
    assert str(chain.goal.targets.get(year=2028).target) == "1234.50"
    response = client.post(
        url("target_add", chain.goal.pk),
        {"nyckeltal": chain.nyckeltal.pk, "year": "2028", "target": "många", "direction": ""},
    )
    page = response.content.decode()
    assert "Skriv målvärdet som ett tal, t.ex. 1 234,5." in page
    assert 'value="många"' in page


def test_a_new_goal_above_the_limit_is_saved_with_a_warning(
    client, chain, personas, settings, login
):
    settings.MAX_GOALS_PER_NAMND = 1
    login(personas.fc)
    response = client.post(
        url("goal_new", "BUN"),
        {"overarching": chain.over.pk, "title": "Ett mål till", "order": 2},
        follow=True,
    )
    page = response.content.decode()
    assert Namndmal.objects.filter(title="Ett mål till").exists()
    assert "få och tydliga mål" in page
    assert "högst 1" in page


def test_the_second_of_two_editors_is_told_and_keeps_what_they_typed(
    client, chain, personas, login
):
    login(personas.chef)
    client.get(url("plan_edit", "SN"))
    plan = Verksamhetsplan.objects.get(node__kod="SN")
    seen = plan.revision
    first = client.post(
        url("plan_edit", "SN"), {"mission": "Anna skrev", "status": "utkast", "seen_revision": seen}
    )
    assert first.status_code == 302
    second = client.post(
        url("plan_edit", "SN"),
        {"mission": "Bertil skrev", "status": "utkast", "seen_revision": seen},
    )
    page = second.content.decode()
    assert second.status_code == 200
    assert "Någon annan har sparat ändringar sedan du öppnade sidan" in page
    assert "Bertil skrev" in page  # what they typed
    assert "Anna skrev" in page  # the latest saved version, to compare
    plan.refresh_from_db()
    assert plan.mission == "Anna skrev"
    # saving again on top of the latest works
    third = client.post(
        url("plan_edit", "SN"),
        {"mission": "Bertil skrev", "status": "utkast", "seen_revision": plan.revision},
    )
    assert third.status_code == 302
    plan.refresh_from_db()
    assert plan.mission == "Bertil skrev"


def test_an_analysis_keeps_its_answers_on_error(client, chain, personas, login):
    login(personas.chef)
    assert client.post(url("analysis_edit", "SS"), {"status": "klar"}).status_code == 404
    login(personas.fc)
    response = client.post(url("analysis_edit", "SS"), {"status": "klar", "seen_revision": 1})
    assert "En nulägesanalys utan några svar kan inte markeras som klar." in (
        response.content.decode()
    )
    response = client.post(
        url("analysis_edit", "SS"),
        {
            "status": "klar",
            "seen_revision": 1,
            "resultat_text": "Mitt svar om resultaten",
            "behov_nyckeltal": ["99999"],
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in page
    assert "Mitt svar om resultaten" in page
    response = client.post(
        url("analysis_edit", "SS"),
        {
            "status": "klar",
            "seen_revision": 1,
            "resultat_text": "Goda resultat",
            "resultat_nyckeltal": [chain.nyckeltal.pk],
        },
    )
    assert response.status_code == 302
    analysis = Nulagesanalys.objects.of_node(
        OrgNode.objects.get(kod="SS"), chain.sn.planperiod
    ).first()
    section = analysis.sections.get(key="resultat")
    assert section.text == "Goda resultat"
    assert list(section.nyckeltal.all()) == [chain.nyckeltal]
    assert analysis.status == "klar"


def test_a_follow_up_status_needs_an_analysis_when_not_green(
    client, chain, personas, period, login
):
    fu = Uppfoljning.objects.create(planperiod=period, year=2027, kind="delar")
    login(personas.fc)
    target = url("followup_node", fu.pk, "BUN")
    response = client.post(target, {f"g{chain.goal.pk}-status": "gul"})
    assert "Skriv en analys när målet bara delvis eller inte är uppfyllt." in (
        response.content.decode()
    )
    response = client.post(
        target,
        {f"g{chain.goal.pk}-status": "gul", f"g{chain.goal.pk}-analysis": "Halvvägs."},
    )
    assert response.status_code == 302
    status = chain.goal.statuses.get()
    assert (status.status, status.node.kod, status.analysis) == ("gul", "BUN", "Halvvägs.")


def test_politicians_see_statuses_only_once_the_follow_up_is_published(
    client, chain, personas, period, login
):
    fu = Uppfoljning.objects.create(planperiod=period, year=2027, kind="delar")
    fu.statuses.create(
        node=chain.goal.node, namndmal=chain.goal, status="rod", analysis="Sämre än väntat."
    )
    login(personas.politiker)
    assert client.get(fu.get_absolute_url()).status_code == 404
    followup_publish(fu=fu)
    page = client.get(fu.get_absolute_url()).content.decode()
    assert "Ej uppfyllt" in page
    assert "badge--red" in page
    assert "Sämre än väntat." in page


def test_ids_and_years_are_never_written_with_a_thousand_separator(client, chain, personas, login):
    analysis = Nulagesanalys.objects.of_node(
        OrgNode.objects.get(kod="SS"), chain.sn.planperiod
    ).first()
    if analysis is None:
        analysis = Nulagesanalys.objects.create(
            node=OrgNode.objects.get(kod="SS"), planperiod=chain.sn.planperiod, status="klar"
        )
        AnalysisSection.objects.create(pk=12345, analysis=analysis, key="behov", text="Behov")
    login(personas.fc)
    page = client.get(url("karta_compile", "BUN")).content.decode()
    assert 'name="s12345-text"' in page
    assert "2027" in client.get(url("karta", "BUN")).content.decode()


def test_a_large_namnd_compiles_one_unit_at_a_time(client, chain, personas, monkeypatch, login):
    monkeypatch.setattr(karta_services, "COMPILE_ALL_LIMIT", 0)
    login(personas.fc)
    page = client.get(url("karta_compile", "BUN")).content.decode()
    assert "Välj en verksamhet för att se dess svar." in page
    assert f'name="s{chain.section.pk}-text"' not in page
    page = client.get(url("karta_compile", "BUN") + "?enhet=SN").content.decode()
    assert f'name="s{chain.section.pk}-text"' in page
    assert client.get(url("karta_compile", "BUN") + "?enhet=HT").status_code == 200


def test_an_uppdrag_is_given_and_reported_at_the_follow_up(client, chain, personas, period, login):
    login(personas.fc)
    response = client.post(
        url("uppdrag_new", "BUN"),
        {
            "title": "100-dagarsprogram",
            "due_date": "2027-04-10",
            "status": "pagar",
            "owner": personas.chef.pk,
            "owner_node": chain.sn.node.pk,
        },
    )
    assert response.status_code == 302
    uppdrag = chain.goal.node.uppdrag.get()
    assert str(uppdrag.due_date) == "2027-04-10"
    bad = client.post(url("uppdrag_new", "BUN"), {"title": "", "due_date": "10/04/2027"})
    page = bad.content.decode()
    assert "Beskriv uppdraget med en rubrik." in page
    assert 'value="10/04/2027"' in page
    fu = Uppfoljning.objects.create(planperiod=period, year=2027, kind="delar", published=True)
    login(personas.chef)  # the unit that owns the uppdrag reports on it
    response = client.post(
        url("followup_node", fu.pk, "SN"),
        {f"u{uppdrag.pk}-status": "gron", f"u{uppdrag.pk}-analysis": "Klart i tid."},
    )
    assert response.status_code == 302
    login(personas.admin)  # the report reaches the politicians with a new version
    client.post(url("followup_publish", fu.pk))
    login(personas.politiker)
    page = client.get(fu.get_absolute_url()).content.decode()
    assert "100-dagarsprogram" in page
    assert "Klart i tid." in page


def test_the_administrator_describes_a_trend_and_a_unit_answers_it(client, chain, personas, login):
    login(personas.admin)
    response = client.post(
        url("trend_new"),
        {
            "title": "Klimatet",
            "kind": "megatrend",
            "scope": "global",
            "order": 2,
            "meaning": "Värmeböljor",
        },
    )
    assert response.status_code == 302
    login(personas.chef)
    trend = chain.trend
    response = client.post(
        url("trend_responses", "SN"),
        {f"t{trend.pk}-affects_us": "Fler elever från andra kommuner"},
    )
    assert response.status_code == 302
    answer = trend.responses.get(node__kod="SN")
    assert answer.affects_us == "Fler elever från andra kommuner"
    assert answer.updated_by == personas.chef
    login(personas.hr)
    assert client.post(url("trend_responses", "SN"), {}).status_code == 403
    assert trend.responses.count() == 1


def test_the_plan_shows_who_changed_it_last_and_its_history(client, chain, personas, login):
    login(personas.chef)
    plan = Verksamhetsplan.objects.get(node__kod="SN")
    client.post(
        url("plan_edit", "SN"),
        {
            "mission": "Vi ger varje elev en trygg skoldag.",
            "status": "utkast",
            "seen_revision": plan.revision,
        },
    )
    page = client.get(url("plan", "SN")).content.decode()
    assert f"av {personas.chef}" in page
    history = client.get(url("plan_history", "SN")).content.decode()
    assert "Ändrade: Vad är vårt uppdrag?" in history
    assert str(personas.chef) in history
