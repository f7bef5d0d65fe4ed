"""notify(): recipients filtered through the permission module, one per key, the header's
unread count, the Att göra och händelser page, e-mail immediately or as a daily digest."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory
from tillit.notifications.models import EmailChoice, Kind, Notification, NotificationPreference
from tillit.notifications.readers import Published
from tillit.notifications.service import notify, send_daily_digests

pytestmark = pytest.mark.django_db


def everyone(personas):
    return [personas[k] for k in ("admin", "fc", "chef", "hr", "politiker", "vo_chef", "outsider")]


def recipients(made):
    return sorted(n.recipient.username for n in made)


def test_nobody_is_notified_about_a_unit_they_may_not_read(personas, tree):
    made = notify(everyone(personas), Kind.COMMENT, "Kommentar", "/planering/", about=tree.SN)
    # The unit's line and support staff; not the other förvaltning, the politician, an outsider.
    assert recipients(made) == ["admin", "enhetschef", "forvaltningschef", "hr"]


def test_a_chef_is_not_notified_about_another_unit(personas, tree):
    assert notify([personas.chef], Kind.COMMENT, "Kommentar", "/planering/", about=tree.SS) == []
    assert Notification.objects.count() == 0


def test_handed_over_material_reaches_the_nämnd_s_politicians_only(personas, tree):
    other = UserFactory(username="von_politiker")
    from tests.factories import give_role
    from tillit.org.models import Role

    give_role(other, tree.VON, Role.FORTROENDEVALD)
    made = notify(
        [personas.politiker, other, personas.chef],
        Kind.KARTA_HANDED_OVER,
        "Karta",
        "/",
        about=Published(tree.BUN),
    )
    assert "politiker" in recipients(made) and "von_politiker" not in recipients(made)


def test_an_inactive_person_is_not_notified(personas, tree):
    personas.chef.is_active = False
    personas.chef.save()
    assert notify([personas.chef], Kind.COMMENT, "K", "/", about=tree.SN) == []


def test_a_key_gives_one_notification_per_person_and_kind(personas, tree):
    for _ in range(3):
        notify([personas.chef], Kind.DEADLINE_SOON, "Snart", "/", about=tree.SN, key="steg:1")
    notify([personas.chef], Kind.DEADLINE_OVERDUE, "Försenad", "/", about=tree.SN, key="steg:1")
    assert Notification.objects.filter(recipient=personas.chef).count() == 2


@pytest.mark.parametrize("url", ["https://evil.example/", "//evil.example/", "planering/"])
def test_the_url_must_be_a_page_of_this_site(personas, url):
    with pytest.raises(ValueError):
        notify([personas.chef], Kind.COMMENT, "K", url)


def test_an_unknown_kind_is_refused(personas):
    with pytest.raises(ValueError):
        notify([personas.chef], "okänd", "K", "/")


def test_the_header_shows_the_unread_count_on_every_page(client, personas, tree, period):
    notify([personas.chef], Kind.COMMENT, "Första", "/", about=tree.SN)
    notify([personas.chef], Kind.COMMENT, "Andra", "/", about=tree.SN)
    client.login(username="enhetschef", password=PASSWORD)
    for url in (reverse("home"), reverse("planning:index"), reverse("cycle:year")):
        page = client.get(url).content.decode()
        assert f'href="{reverse("notifications:list")}"' in page
        assert "Att göra och händelser" in page
        assert '<span class="badge badge--count">2<span class="visually-hidden"> olästa' in page


def test_the_unread_count_costs_one_query(client, personas, tree, period, settings):
    client.login(username="enhetschef", password=PASSWORD)
    notify([personas.chef], Kind.COMMENT, "K", "/", about=tree.SN)
    url = reverse("cycle:year")
    client.get(url)
    with CaptureQueriesContext(connection) as with_badge:
        client.get(url)
    processors = settings.TEMPLATES[0]["OPTIONS"]["context_processors"]
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "OPTIONS": {
                **settings.TEMPLATES[0]["OPTIONS"],
                "context_processors": [p for p in processors if "notifications" not in p],
            },
        }
    ]
    with CaptureQueriesContext(connection) as without:
        client.get(url)
    assert len(with_badge) - len(without) == 1


def test_the_list_marks_read_and_opens_the_exact_page(client, personas, tree):
    n = notify(
        [personas.chef], Kind.COMMENT, "Kommentar på nulägesanalysen", "/planering/", about=tree.SN
    )[0]
    other = notify([personas.fc], Kind.COMMENT, "Förvaltningschefens", "/", about=tree.SN)[0]
    client.login(username="enhetschef", password=PASSWORD)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "Kommentar på nulägesanalysen" in page and "Förvaltningschefens" not in page
    assert "oläst" in page
    response = client.post(reverse("notifications:read"), {"id": n.pk, "open": "1"})
    assert response.status_code == 302 and response["Location"] == "/planering/"
    n.refresh_from_db()
    assert n.read_at is not None
    # Someone else's notification cannot be marked or opened.
    client.post(reverse("notifications:read"), {"id": other.pk, "open": "1"})
    other.refresh_from_db()
    assert other.read_at is None
    page = client.get(reverse("home")).content.decode()
    assert "badge--count" not in page


def test_mark_all_read(client, personas, tree):
    for i in range(3):
        notify([personas.chef], Kind.COMMENT, f"K{i}", "/", about=tree.SN)
    client.login(username="enhetschef", password=PASSWORD)
    response = client.post(reverse("notifications:read"), follow=True)
    assert "3 markerade som lästa." in response.content.decode()
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_the_list_needs_a_login(client):
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 302 and "logga-in" in response["Location"]


def test_e_mail_immediately_by_default(personas, tree, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            [personas.chef, personas.fc], Kind.COMMENT, "Ny kommentar", "/planering/", about=tree.SN
        )
    assert sorted(m.to[0] for m in mail.outbox) == sorted([personas.chef.email, personas.fc.email])
    assert mail.outbox[0].subject == "Ny kommentar"
    assert "/planering/" in mail.outbox[0].body


def test_the_person_chooses_daily_digest_or_no_e_mail(
    client, personas, tree, django_capture_on_commit_callbacks
):
    client.login(username="enhetschef", password=PASSWORD)
    response = client.post(reverse("notifications:preference"), {"email": "daglig"}, follow=True)
    assert "Ditt val om e-post är sparat." in response.content.decode()
    NotificationPreference.objects.create(user=personas.fc, email=EmailChoice.NONE)
    with django_capture_on_commit_callbacks(execute=True):
        notify([personas.chef, personas.fc], Kind.COMMENT, "Första", "/a/", about=tree.SN)
        notify([personas.chef, personas.fc], Kind.COMMENT, "Andra", "/b/", about=tree.SN)
    assert mail.outbox == []
    assert send_daily_digests() == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [personas.chef.email]
    assert "Första" in mail.outbox[0].body and "Andra" in mail.outbox[0].body
    assert send_daily_digests() == 0  # each notification is e-mailed once
    assert len(mail.outbox) == 1


def test_a_bad_preference_is_refused_in_swedish(client, personas):
    client.login(username="enhetschef", password=PASSWORD)
    response = client.post(reverse("notifications:preference"), {"email": "x"}, follow=True)
    assert "Välj hur du vill få e-post." in response.content.decode()
    assert not NotificationPreference.objects.exists()
