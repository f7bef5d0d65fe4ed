"""HME anonymity end to end: answering through a personal invitation leaves the answers, the
unit, the gender and the date — and nothing about the request (who, from which address, with which
browser, at what time) anywhere in the database: not in other tables, not in history tables,
not in the sessions, not in the login-throttling (axes) logs; nor in the application log."""

import logging

import pytest
from django.apps import apps
from django.utils import timezone

from surveys.models import HmeInvitation, HmeResponse, HmeRound
from tests.factories import PASSWORD

IP = "203.0.113.77"
AGENT = "Unik-webbläsare/9.9 (respondent-spår-4711)"


def everything():
    """Every row of every model, as text, keyed by model label."""
    return {
        m._meta.label: {str(row) for row in m._base_manager.values_list()}
        for m in apps.get_models()
    }


@pytest.mark.parametrize("logged_in", [False, True], ids=["anonym", "inloggad i samma webbläsare"])
def test_answering_stores_nothing_about_the_request(client, personas, caplog, logged_in):
    rnd = HmeRound.objects.create(year=2026, status=HmeRound.Status.OPEN)
    link = HmeInvitation.objects.create(round=rnd, node=personas.chef.roles.first().node)
    if logged_in:  # the person happens to be signed in to Tillit in the same browser
        assert client.login(username=personas.chef.username, password=PASSWORD)
    before = everything()
    caplog.set_level(logging.DEBUG)
    url = f"/enkater/hme/svara/{link.token}/"
    headers = {"REMOTE_ADDR": IP, "HTTP_USER_AGENT": AGENT, "HTTP_X_FORWARDED_FOR": IP}
    assert client.get(url, **headers).status_code == 200
    data = {f"f{i}": "4" for i in range(1, 10)} | {"kon": "K"}
    response = client.post(url, data, **headers)
    assert response.status_code == 302

    after = everything()
    changed = {label for label in after if after[label] != before.get(label, set())}
    # Only the answer itself is new, and the invitation is spent (its one flag, nothing else);
    # logging in (above) happened before the snapshot.
    assert changed == {"surveys.HmeResponse", "surveys.HmeInvitation"}, changed
    assert HmeInvitation.objects.values_list("used", flat=True).get() is True
    [spent] = after["surveys.HmeInvitation"] - before["surveys.HmeInvitation"]
    [fresh] = before["surveys.HmeInvitation"] - after["surveys.HmeInvitation"]
    assert fresh.endswith(", False)") and spent == fresh.removesuffix("False)") + "True)"
    stored = HmeResponse.objects.get()
    assert (stored.gender, stored.f1, stored.f9) == ("K", 4, 4)
    assert stored.answered_on == timezone.localdate()
    new_rows = " ".join(after["surveys.HmeResponse"] - before["surveys.HmeResponse"])
    everything_text = " ".join(" ".join(rows) for rows in after.values())
    for trace in (IP, "respondent-spår-4711", personas.chef.username):
        assert trace not in new_rows
    assert IP not in everything_text and "respondent-spår-4711" not in everything_text
    # No time of day: the response has no time field, and (above) no other row changed.
    assert all(f.get_internal_type() != "DateTimeField" for f in HmeResponse._meta.concrete_fields)
    log = caplog.text
    assert IP not in log and "respondent-spår-4711" not in log
    assert str(stored.pk) not in log
