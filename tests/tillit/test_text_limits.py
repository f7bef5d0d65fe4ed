"""Every free text has a length limit: a 20,000-character text is refused with a Swedish
message that says how long it is, and what was typed stays in the form."""

import re

import pytest

from dialogue.models import ItemKind
from tests.factories import PASSWORD
from tillit.cycle.models import planperiod_create
from tillit.forms import LONG_TEXT_MAX

pytestmark = pytest.mark.django_db

LONG = "Ord" * 6666 + "xx"  # 20,000 characters, one unbroken word
MESSAGE = "Texten får vara högst 5\xa0000 tecken (nu 20\xa0000)."


@pytest.fixture
def period(db):
    return planperiod_create(budget_year=2027, make_current=True)


def hidden_fields(page):
    return {
        name: value
        for name, value in re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', page)
        if name != "csrfmiddlewaretoken"
    }


def test_the_limit_is_five_thousand_characters():
    assert LONG_TEXT_MAX == 5000 and len(LONG) == 20000


def test_a_20000_character_activity_description_is_refused_and_kept(client, personas, tree, period):
    from planning.models import Activity, OverarchingGoal, StrategicArea

    area = StrategicArea.objects.create(planperiod=period, title="Barn och unga", order=1)
    goal = OverarchingGoal.objects.create(area=area, title="Barn ska vara trygga", order=1)
    client.login(username=personas.chef.username, password=PASSWORD)
    url = f"/planering/enhet/{tree.SN.kod}/verksamhetsplan/aktivitet/ny/"
    data = {
        **hidden_fields(client.get(url).text),
        "title": "Rastvärdar",
        "description": LONG,
        "status": "planerad",
        "overarching": [goal.pk],
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert MESSAGE in response.text
    assert LONG in response.text
    assert not Activity.objects.exists()
    data["description"] = "x" * LONG_TEXT_MAX
    assert client.post(url, data).status_code == 302
    assert client.get(f"/planering/enhet/{tree.SN.kod}/verksamhetsplan/").status_code == 200


def test_a_20000_character_nulagesanalys_section_is_refused_and_kept(
    client, personas, tree, period
):
    from planning.services.analysis import analysis_ensure

    analysis = analysis_ensure(node=tree.SN, period=period)
    client.login(username=personas.chef.username, password=PASSWORD)
    url = f"/planering/enhet/{tree.SN.kod}/nulagesanalys/andra/"
    data = {**hidden_fields(client.get(url).text), "status": "utkast", "resultat_text": LONG}
    response = client.post(url, data)
    assert response.status_code == 200
    assert MESSAGE in response.text
    assert LONG in response.text
    assert analysis.sections.get(key="resultat").text == ""


@pytest.mark.parametrize("htmx", [False, True])
def test_20000_characters_of_dialogue_notes_are_refused_and_kept(
    client, personas, tree, period, htmx
):
    import datetime

    from dialogue.services import create_dialogue

    dialogue = create_dialogue(
        node=tree.SN,
        date=datetime.date(2027, 2, 10),
        created_by=personas.hr,
        managers=[personas.chef, personas.fc],
        support=[personas.hr],
        planperiod=period,
    )
    item = dialogue.items.get(kind=ItemKind.RISKER)
    client.login(username=personas.chef.username, password=PASSWORD)
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.post(
        f"/dialog/{dialogue.pk}/punkt/{item.pk}/anteckningar/",
        {"notes": LONG, "decisions": "Vi beslutar."},
        headers=headers,
    )
    assert response.status_code == 200
    assert MESSAGE in response.text
    assert LONG in response.text and "Vi beslutar." in response.text
    item.refresh_from_db()
    assert item.notes == "" and item.decisions == ""


def test_long_unbroken_words_wrap_in_the_stylesheet():
    from pathlib import Path

    css = (Path(__file__).resolve().parents[2] / "static/css/tillit.css").read_text()
    assert re.search(r"[^{}]*\bp\b[^{}]*\{[^}]*overflow-wrap:\s*anywhere", css)
    assert re.search(r"[^{}]*\btd\b[^{}]*\{[^}]*overflow-wrap:\s*anywhere", css)
