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


def test_the_unit_records_a_dialogue_and_its_line_reads_it(tree, cast, as_user):
    url = reverse("dialogue:delaktighet_create", args=["SN"])
    response = as_user(cast.chef).post(url, DATA)
    record = DelaktighetDialog.objects.get()
    assert response.status_code == 302 and record.node == tree.SN
    page = as_user(cast.fc).get(record.get_absolute_url()).content.decode()
    assert "Fler vuxna ute på rasterna." in page
    listing = as_user(cast.hr).get(reverse("dialogue:node", args=["SN"])).content.decode()
    assert "Rastvärdsschemat" in listing


def test_a_missing_topic_gets_a_swedish_error(cast, as_user):
    url = reverse("dialogue:delaktighet_create", args=["SN"])
    response = as_user(cast.chef).post(url, {**DATA, "topic": ""})
    assert "Detta fält måste fyllas i." in response.content.decode()
    assert not DelaktighetDialog.objects.exists()


def test_outsiders_get_404_and_politicians_403(cast, as_user):
    url = reverse("dialogue:delaktighet_create", args=["SN"])
    assert as_user(cast.sibling).get(url).status_code == 404
    assert as_user(cast.outsider).get(url).status_code == 404
    assert as_user(cast.politiker).get(url).status_code == 403
    as_user(cast.chef).post(url, DATA)
    record = DelaktighetDialog.objects.get()
    assert as_user(cast.sibling).get(record.get_absolute_url()).status_code == 404
    assert as_user(cast.politiker).get(record.get_absolute_url()).status_code == 403
