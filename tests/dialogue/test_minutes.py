"""Each approval is recorded; the minutes lock when all approved or the chair closes them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dialogue.models import ItemKind

pytestmark = pytest.mark.django_db


def test_the_minutes_lock_when_every_participant_has_approved(make_dialogue, cast, login):
    d = make_dialogue(date=timezone.localdate() - datetime.timedelta(days=1))
    url = reverse("dialogue:approve", args=[d.pk])
    for user in (cast.chef, cast.gs_chef):
        assert login(user).post(url).status_code == 302
        d.refresh_from_db()
        assert not d.is_locked
    approved = dict(d.participants.values_list("user__username", "approved_at"))
    assert approved["enhetschef"] and approved["verksamhetschef"] and approved["hr"] is None
    login(cast.hr).post(url)
    d.refresh_from_db()
    assert d.is_locked and d.locked_by is None


def test_someone_who_is_not_a_participant_cannot_approve(make_dialogue, cast, login):
    d = make_dialogue()
    response = login(cast.fc).post(reverse("dialogue:approve", args=[d.pk]))
    assert response.status_code == 403
    assert not d.participants.filter(approved_at__isnull=False).exists()


def test_the_chair_closes_the_minutes_and_then_nothing_changes(make_dialogue, cast, login):
    d = make_dialogue()
    assert d.chair == cast.gs_chef  # the manager placed highest in the line leads
    client = login(cast.gs_chef)
    item = d.items.get(kind=ItemKind.RISKER)
    notes = reverse("dialogue:item_notes", args=[d.pk, item.pk])
    client.post(notes, {"notes": "Före stängning", "decisions": "", "seen_revision": item.revision})
    client.post(reverse("dialogue:close", args=[d.pk]))
    d.refresh_from_db()
    assert d.is_locked and d.locked_by == cast.gs_chef
    assert client.post(notes, {"notes": "Efter stängning"}).status_code == 403
    item.refresh_from_db()
    assert item.notes == "Före stängning"
    page = client.get(d.get_absolute_url()).content.decode()
    assert "Protokollet är låst" in page and "Skriv anteckningar" not in page


def test_notes_are_written_inline_with_htmx_and_as_a_plain_post(make_dialogue, cast, login):
    d = make_dialogue()
    item = d.items.get(kind=ItemKind.MAL)
    url = reverse("dialogue:item_notes", args=[d.pk, item.pk])
    client = login(cast.chef)
    fragment = client.post(
        url,
        {
            "notes": "Två aktiviteter klara",
            "decisions": "Ny aktivitet i vår",
            "seen_revision": item.revision,
        },
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "<html" not in fragment and "Två aktiviteter klara" in fragment
    assert "Ny aktivitet i vår" in fragment
    response = client.post(
        url, {"notes": "Ändrad", "decisions": "", "seen_revision": item.revision + 1}
    )
    assert response.status_code == 302 and response.url.endswith(f"#{item.anchor}")
    item.refresh_from_db()
    assert (item.notes, item.decisions) == ("Ändrad", "")
