"""The förvaltningschef's overview of late units: only units expected to deliver are counted,
with their Ansvarig, and Påminn sends one reminder to the responsible people, logged, once a
day per unit."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from planning.models import DocStatus, Verksamhetsplan
from planning.services.overview import ReminderRefused, remind_units
from tests.factories import PASSWORD, UserFactory, give_role
from tillit.notifications.models import Kind, Notification, UnitReminder
from tillit.org.models import Role


def reminders():
    return list(Notification.objects.filter(kind=Kind.REMINDER))


def page(client, user):
    client.logout()
    client.login(username=user.username, password=PASSWORD)
    return client.get(reverse("planning:index")).content.decode()


def test_the_overview_counts_only_units_expected_to_deliver(client, chain, personas):
    text = page(client, personas.fc)
    # Skolan Norr has a chef; BUF, Grundskola, Skolan Söder and Förskola have none and no
    # document begun, so they are not expected to deliver.
    assert "0 av 1 har ingen klar nulägesanalys" in text
    assert "1 av 1 har ingen klar verksamhetsplan" in text
    assert "4 enheter utan ansvarig chef räknas inte" in text
    assert ">Ansvarig</th>" in text and personas.chef.get_full_name() in text
    assert "Skolan Söder" not in text


def test_pamin_reaches_the_responsible_people_once_a_day(client, chain, personas, tree):
    second = UserFactory(username="bitradande")
    give_role(second, tree.SN, Role.CHEF)
    text = page(client, personas.fc)
    assert 'name="enhet" value="SN"' in text and "Påminn valda enheter" in text
    response = client.post(reverse("planning:remind"), {"enhet": ["SN"]}, follow=True)
    assert "Påminnelse skickad till ansvariga för Skolan Norr." in response.content.decode()
    assert sorted(n.recipient.username for n in reminders()) == ["bitradande", "enhetschef"]
    log = UnitReminder.objects.get()
    assert log.node == tree.SN and log.sent_by == personas.fc and log.what == "verksamhetsplan 2027"
    assert "Påmind" in response.content.decode()  # and no checkbox for it today
    assert 'name="enhet" value="SN"' not in response.content.decode()
    # Again the same day: refused, in Swedish, nothing more sent.
    response = client.post(reverse("planning:remind"), {"enhet": ["SN"]}, follow=True)
    assert "Skolan Norr har redan fått en påminnelse i dag" in response.content.decode()
    assert len(reminders()) == 2 and UnitReminder.objects.count() == 1
    # The reminder opens the missing document for the chef.
    n = Notification.objects.get(kind=Kind.REMINDER, recipient=personas.chef)
    assert n.url.startswith(reverse("planning:plan", args=["SN"]))
    assert "Påminnelse från" in n.title and "Skolan Norr" in n.title
    client.logout()
    client.login(username="enhetschef", password=PASSWORD)
    assert client.get(n.url).status_code == 200


def test_pamin_again_the_next_day(chain, personas, period):
    today = timezone.localdate()
    remind_units(user=personas.fc, period=period, kods=["SN"], today=today)
    with pytest.raises(ReminderRefused):
        remind_units(user=personas.fc, period=period, kods=["SN"], today=today)
    remind_units(
        user=personas.fc, period=period, kods=["SN"], today=today + datetime.timedelta(days=1)
    )
    assert UnitReminder.objects.count() == 2 and len(reminders()) == 2


def test_only_the_line_above_may_remind(client, chain, personas):
    for who in (personas.vo_chef, personas.chef, personas.hr, personas.politiker):
        text = page(client, who)
        assert "Påminn valda enheter" not in text
        response = client.post(reverse("planning:remind"), {"enhet": ["SN"]}, follow=True)
        assert "Du kan inte påminna SN" in response.content.decode()
    assert reminders() == [] and not UnitReminder.objects.exists()


def test_nothing_selected_is_refused(client, chain, personas):
    page(client, personas.fc)
    response = client.post(reverse("planning:remind"), {}, follow=True)
    assert "Välj minst en enhet att påminna." in response.content.decode()


def test_a_refused_unit_stops_the_whole_reminder(chain, personas, period, tree):
    give_role(UserFactory(username="ss_chef"), tree.SS, Role.CHEF)
    Verksamhetsplan.objects.filter(node=tree.SN).update(status=DocStatus.DONE)
    with pytest.raises(ReminderRefused) as e:
        remind_units(user=personas.fc, period=period, kods=["SS", "SN", "GS"], today=None)
    message = str(e.value)
    assert "Skolan Norr har klar nulägesanalys och verksamhetsplan." in message
    assert "Grundskola har ingen ansvarig chef att påminna." in message
    assert message.endswith("Ingen påminnelse skickades.")
    assert reminders() == [] and not UnitReminder.objects.exists()
