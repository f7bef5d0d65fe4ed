"""Dialog för ökad delaktighet: a light record the unit keeps, read by its line."""

import pytest
from django.urls import reverse

from dialogue.models import DelaktighetDialog

pytestmark = pytest.mark.django_db

DATA = {
    "date": "2027-03-04",
    "format": "Arbetsplatsträff",
    "topic": "Rastvärdsschemat",
    "raised": "Fler vuxna ute på rasterna.",
    "actions": "Prova nytt schema i fyra veckor.",
}


def test_the_unit_records_a_dialogue_and_its_line_reads_it(tree, cast, login):
    url = reverse("dialogue:delaktighet_create", args=["SN"])
    response = login(cast.chef).post(url, DATA)
    record = DelaktighetDialog.objects.get()
    assert response.status_code == 302 and record.node == tree.SN
    page = login(cast.fc).get(record.get_absolute_url()).content.decode()
    assert "Fler vuxna ute på rasterna." in page
    listing = login(cast.hr).get(reverse("dialogue:node", args=["SN"])).content.decode()
    assert "Rastvärdsschemat" in listing


def test_a_missing_topic_gets_a_swedish_error(cast, login):
    url = reverse("dialogue:delaktighet_create", args=["SN"])
    response = login(cast.chef).post(url, {**DATA, "topic": ""})
    assert "Detta fält måste fyllas i." in response.content.decode()
    assert not DelaktighetDialog.objects.exists()


def test_outsiders_get_404_and_politicians_403(cast, login):
    url = reverse("dialogue:delaktighet_create", args=["SN"])
    assert login(cast.sibling).get(url).status_code == 404
    assert login(cast.outsider).get(url).status_code == 404
    assert login(cast.politiker).get(url).status_code == 403
    login(cast.chef).post(url, DATA)
    record = DelaktighetDialog.objects.get()
    assert login(cast.sibling).get(record.get_absolute_url()).status_code == 404
    assert login(cast.politiker).get(record.get_absolute_url()).status_code == 403
