"""A dialogue's actions as Excel and CSV: the page's actions, dates as dates, formulas as text."""

import datetime

import pytest

from dialogue.models import ItemKind
from dialogue.services import add_action
from tests.xlsx import FORMULAS, csv_rows, xlsx_rows

pytestmark = pytest.mark.django_db

D = datetime.date


def test_the_actions_of_the_page_come_out_with_their_dates(make_dialogue, cast, client):
    first, second = make_dialogue(date=D(2027, 2, 1)), make_dialogue(date=D(2027, 5, 1))
    risk = first.items.get(kind=ItemKind.RISKER)
    add_action(
        first,
        cast.hr,
        text="Tidigare åtgärd",
        responsible=cast.chef,
        item=risk,
        due_on=D(2027, 4, 1),
    )
    later = second.items.get(kind=ItemKind.RISKER)
    for text in FORMULAS:
        add_action(second, cast.hr, text=text, item=later)
    client.force_login(cast.chef)
    page = client.get(second.get_absolute_url())
    assert "Ladda ner (Excel)" in page.text
    top, header, rows = xlsx_rows(client.get(second.get_absolute_url() + "?format=xlsx"))
    assert header[1] == "Åtgärd" and header[-1] == "Beslutad i dialogen"
    texts = [r[1].value for r in rows]
    assert texts == ["Tidigare åtgärd", *FORMULAS]  # brought back under uppföljning first
    carried = rows[0]
    assert carried[3].value == datetime.datetime(2027, 4, 1) and carried[3].is_date
    assert carried[7].value == datetime.datetime(2027, 2, 1)
    assert all(r[1].data_type == "s" for r in rows)
    _h, csv = csv_rows(client.get(second.get_absolute_url() + "?format=csv"))
    assert [r[1] for r in csv][1:] == ["'" + f for f in FORMULAS]
    assert csv[0][3] == "2027-04-01"


def test_outsiders_get_no_file(make_dialogue, cast, client):
    dialogue = make_dialogue()
    add_action(dialogue, cast.hr, text="Hemlig")
    client.force_login(cast.vo_chef)
    assert client.get(dialogue.get_absolute_url() + "?format=xlsx").status_code == 404


def test_other_instruments_actions_in_an_items_material_stay_out(make_dialogue, cast, client):
    from dialogue.exports import dialogue_actions_table
    from dialogue.views import _detail_context

    dialogue = make_dialogue()
    client.force_login(cast.chef)
    response = client.get(dialogue.get_absolute_url())
    context = _detail_context(response.wsgi_request, dialogue)
    for item in context["items"]:
        if item.kind != ItemKind.UPPFOLJNING:
            item.data = {"actions": [object()]}  # e.g. a handlingsplan's, another shape
    assert list(dialogue_actions_table(context).rows) == []
