"""A dialogue's notes are for its participants and the unit's line above, nobody else."""

import pytest
from django.urls import reverse

from dialogue.models import Action, ItemKind
from dialogue.services import can_read_dialogue, readable_dialogues
from tests.factories import UserFactory, give_role
from tillit.org.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def dialogue(make_dialogue):
    d = make_dialogue()
    item = d.items.get(kind=ItemKind.RISKER)
    item.notes = "Hemlig anteckning om vakanser"
    item.save()
    Action.objects.create(dialogue=d, item=item, text="Rekrytera tidigt")
    return d


@pytest.mark.parametrize(
    "who", ["chef", "gs_chef", "fc", "hr", "admin"], ids=lambda w: f"{w}-reads"
)
def test_participants_and_the_line_above_read_the_notes(cast, as_user, dialogue, who):
    response = as_user(cast[who]).get(dialogue.get_absolute_url())
    assert response.status_code == 200
    assert "Hemlig anteckning om vakanser" in response.content.decode()


@pytest.mark.parametrize(
    "who", ["sibling", "vo_chef", "politiker", "outsider"], ids=lambda w: f"{w}-404"
)
def test_people_outside_the_dialogue_and_its_line_get_404(cast, as_user, dialogue, who):
    client = as_user(cast[who])
    response = client.get(dialogue.get_absolute_url())
    assert response.status_code == 404
    assert "Hemlig anteckning" not in response.content.decode()
    assert dialogue.pk not in readable_dialogues(cast[who]).values_list("pk", flat=True)
    assert "Hemlig" not in client.get(reverse("dialogue:index")).content.decode()


def test_a_participant_from_elsewhere_reads_but_cannot_prepare(tree, cast, make_dialogue, as_user):
    guest = UserFactory(username="gast")
    give_role(guest, tree.HT, Role.CHEF)
    d = make_dialogue(managers=[cast.chef, guest])
    client = as_user(guest)
    assert client.get(d.get_absolute_url()).status_code == 200
    item = d.items.first()
    url = reverse("dialogue:item_prepared", args=[d.pk, item.pk])
    assert client.post(url, {"prepared": "1"}).status_code == 403
    assert client.post(reverse("dialogue:economy", args=[d.pk]), {"budget": "1"}).status_code == 403
    notes = reverse("dialogue:item_notes", args=[d.pk, item.pk])
    assert client.post(notes, {"notes": "Gästens anteckning"}).status_code == 302


def test_the_access_rule_is_the_same_for_one_dialogue_and_the_list(cast, dialogue):
    for user in cast.values():
        listed = readable_dialogues(user).filter(pk=dialogue.pk).exists()
        assert listed == can_read_dialogue(user, dialogue), user.username


def _views(d):
    item = d.items.first()
    action = d.actions.first()
    return [
        ("get", reverse("dialogue:detail", args=[d.pk]), {}),
        ("get", reverse("dialogue:edit", args=[d.pk]), {}),
        ("post", reverse("dialogue:economy", args=[d.pk]), {"budget": "1"}),
        ("post", reverse("dialogue:item_material", args=[d.pk, item.pk]), {"material": "x"}),
        ("post", reverse("dialogue:item_prepared", args=[d.pk, item.pk]), {"prepared": "1"}),
        ("post", reverse("dialogue:item_notes", args=[d.pk, item.pk]), {"notes": "x"}),
        ("post", reverse("dialogue:action_add", args=[d.pk, item.pk]), {"text": "x"}),
        ("post", reverse("dialogue:action_status", args=[action.pk]), {"status": "done"}),
        ("post", reverse("dialogue:approve", args=[d.pk]), {}),
        ("post", reverse("dialogue:close", args=[d.pk]), {}),
    ]


@pytest.mark.parametrize("who", ["sibling", "politiker", "outsider", "vo_chef"])
def test_every_dialogue_view_answers_outsiders_404(cast, as_user, dialogue, who):
    client = as_user(cast[who])
    for method, url, data in _views(dialogue):
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, (who, url)
    dialogue.refresh_from_db()
    assert not dialogue.is_locked


def test_every_changing_view_answers_403_once_the_minutes_are_locked(cast, as_user, dialogue):
    dialogue.chair = cast.chef
    dialogue.save()
    client = as_user(cast.chef)
    assert client.post(reverse("dialogue:close", args=[dialogue.pk])).status_code == 302
    for method, url, data in _views(dialogue):
        if "/status/" in url or method == "get" and "/andra/" not in url:
            continue
        assert getattr(client, method)(url, data).status_code == 403, url


def test_only_the_chair_closes_the_minutes(cast, as_user, dialogue):
    dialogue.chair = cast.chef
    dialogue.save()
    url = reverse("dialogue:close", args=[dialogue.pk])
    assert as_user(cast.fc).post(url).status_code == 403
    dialogue.refresh_from_db()
    assert not dialogue.is_locked


def test_the_node_page_lists_dialogues_for_the_line_and_refuses_others(
    tree, cast, as_user, dialogue
):
    url = reverse("dialogue:node", args=["SN"])
    assert dialogue.get_absolute_url() in as_user(cast.fc).get(url).content.decode()
    assert as_user(cast.sibling).get(url).status_code == 404
    assert as_user(cast.politiker).get(url).status_code == 403
    plan = reverse("dialogue:plan", args=["SN"])
    assert as_user(cast.politiker).get(plan).status_code == 403
    assert as_user(cast.sibling).get(plan).status_code == 404
    assert as_user(cast.hr).get(plan).status_code == 200
