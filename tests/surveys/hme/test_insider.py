"""HME anonymity that survives an insider: nobody who can see a unit's results can cause more
than one counted answer there (invitations are issued centrally, single-use, e-mailed, never
shown), and no later recomputation of a released round can be compared with an earlier one to
give someone's answers (finding 1 and 2 of issue 14). Each attack is made through HTTP or the
command line."""

import html
import re

import pytest
from django.apps import apps
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import NoReverseMatch, reverse

from surveys.hme.importer import import_hme
from surveys.hme.services import close_round
from surveys.models import (
    HmeInvitation,
    HmeInvitationBatch,
    HmeLink,
    HmeRelease,
    HmeResponse,
    HmeResult,
    HmeRound,
)
from tests.factories import PASSWORD
from tests.surveys.hme.helpers import csv_file
from tillit.org.importer import ImportError_

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r"/svara/([\w-]+)/")
EMPLOYEE = {"f1": "2", "f2": "1", "f3": "3", "f4": "2", "f5": "5", "f6": "1", "f7": "3"}
EMPLOYEE |= {"f8": "2", "f9": "4", "kon": "K"}
KNOWN = {f"f{i}": "5" for i in range(1, 10)} | {"kon": "M"}


def login(client, user):
    client.logout()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def answer_url(token):
    return reverse("surveys:hme_answer", args=[token])


def url_or_none(name, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def tokens_in(text):
    return set(TOKEN.findall(text))


def every_token():
    return set(HmeInvitation.objects.values_list("token", flat=True)) | set(
        HmeLink.objects.values_list("token", flat=True)
    )


@pytest.fixture
def open_round(tree):
    return HmeRound.objects.create(year=2026, status=HmeRound.Status.OPEN)


def close(rnd, captured):
    with captured(execute=True):
        close_round(rnd)
    rnd.refresh_from_db()


# --- finding 1: padding through the answer links ------------------------------------------


def test_a_chef_answering_four_times_by_every_route_he_can_reach_counts_once(
    client, personas, open_round, tree, django_capture_on_commit_callbacks
):
    # One real employee of Skolan Norr answers with her personal invitation.
    hers = HmeInvitation.objects.create(round=open_round, node=tree.SN)
    assert client.post(answer_url(hers.token), EMPLOYEE).status_code == 302
    # The chef works there too and got his own invitation; a unit link from before is on the
    # staff-room wall.
    his = HmeInvitation.objects.create(round=open_round, node=tree.SN)
    wall = HmeLink.objects.create(round=open_round, node=tree.SN)
    login(client, personas.chef)
    found = {his.token, wall.token}
    for name in ("surveys:hme_links", "surveys:hme_invitations", "surveys:hme_progress"):
        url = url_or_none(name, 2026, "SN")
        if url is None:
            continue
        found |= tokens_in(client.get(url).text)
        post = {"count": "4", "addresses": "chef@example.se\nchef+1@example.se", "headcount": ""}
        found |= tokens_in(client.post(url, post, follow=True).text)
    found |= {t for m in mail.outbox for t in tokens_in(m.body)}
    # Four answers with known values, through every token he could get hold of.
    for token in sorted(found):
        for _ in range(4):
            client.post(answer_url(token), KNOWN)

    mine = HmeResponse.objects.filter(node=tree.SN).exclude(f1=2)
    assert mine.count() <= 1
    close(open_round, django_capture_on_commit_callbacks)
    result = HmeResult.objects.get(round=open_round, node=tree.SN, group="T")
    assert result.respondents == 2 and result.suppressed  # her answers do not follow


def test_a_retired_unit_link_says_to_use_the_personal_invitation(client, open_round, tree):
    link = HmeLink.objects.create(round=open_round, node=tree.SN)
    page = client.get(answer_url(link.token))
    assert "Länken används inte längre – använd din personliga inbjudan." in page.text
    assert "Mitt arbete känns meningsfullt." not in page.text
    posted = client.post(answer_url(link.token), KNOWN)
    assert "Länken används inte längre" in posted.text
    assert not HmeResponse.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [("chef", 403), ("fc", 403), ("politiker", 403), ("vo_chef", 404), ("outsider", 404)],
)
def test_a_chef_or_forvaltningschef_cannot_issue_invitations(
    client, personas, open_round, who, status
):
    login(client, personas[who])
    url = reverse("surveys:hme_invitations", args=[2026, "SN"])
    assert client.get(url).status_code == status
    data = {"addresses": "a@example.se\nb@example.se", "headcount": ""}
    assert client.post(url, data).status_code == status
    assert not HmeInvitation.objects.exists() and not mail.outbox


def test_hr_issues_one_single_use_invitation_per_address_by_e_mail_and_never_sees_a_token(
    client, personas, open_round, tree, django_capture_on_commit_callbacks
):
    login(client, personas.hr)
    url = reverse("surveys:hme_invitations", args=[2026, "SN"])
    page = client.get(url)
    assert page.status_code == 200 and "Skolan Norr" in page.text
    addresses = "anna@example.se\nBo@Example.se; cecilia@example.se\nbo@example.se"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"addresses": addresses, "headcount": "12"}, follow=True)
    assert response.status_code == 200
    assert "3 personliga inbjudningar skickas" in response.text
    assert HmeInvitation.objects.filter(node=tree.SN, used=False).count() == 3
    # One e-mail per address, in Swedish, each with its own link.
    assert sorted(m.to[0].lower() for m in mail.outbox) == [
        "anna@example.se",
        "bo@example.se",
        "cecilia@example.se",
    ]
    sent = [tokens_in(m.body) for m in mail.outbox]
    assert all(len(t) == 1 for t in sent) and len(set.union(*sent)) == 3
    assert set.union(*sent) == set(HmeInvitation.objects.values_list("token", flat=True))
    assert all("HME" in m.subject and "personliga" in m.body for m in mail.outbox)
    # The issuer's pages never show a token.
    pages = [response.text, client.get(url).text, client.get(reverse("surveys:hme_home")).text]
    pages += [client.get(reverse("surveys:hme_progress", args=[2026, "BUF"])).text]
    for text in pages:
        assert not any(token in text for token in every_token())
    # No address is kept, anywhere. (Whole addresses: the personas' first names are random
    # Swedish names, and one of them may well be Cecilia.)
    sent_to = ("anna@example.se", "bo@example.se", "cecilia@example.se")
    kept = [
        f"{m._meta.label}: {row}"
        for m in apps.get_models()
        for row in m._base_manager.values_list()
        if any(address in str(row).lower() for address in sent_to)
    ]
    assert kept == []
    batch = HmeInvitationBatch.objects.get()
    assert (batch.count, batch.headcount, batch.issued_by) == (3, 12, personas.hr)


def test_an_invitation_answers_once(client, personas, open_round, tree):
    invitation = HmeInvitation.objects.create(round=open_round, node=tree.SN)
    for _ in range(4):
        client.post(answer_url(invitation.token), KNOWN)
    assert HmeResponse.objects.count() == 1


def test_invitations_beyond_the_headcount_are_refused_in_swedish(
    client, personas, open_round, tree, django_capture_on_commit_callbacks
):
    login(client, personas.admin)
    url = reverse("surveys:hme_invitations", args=[2026, "SN"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"addresses": "a@x.se\nb@x.se\nc@x.se", "headcount": "4"})
    assert HmeInvitation.objects.count() == 3
    # The headcount given once holds for later batches of the round.
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(url, {"addresses": "d@x.se\ne@x.se", "headcount": ""})
    assert page.status_code == 200
    assert "Skolan Norr har 4 anställda" in page.text and "3 inbjudningar har redan" in page.text
    assert HmeInvitation.objects.count() == 3 and len(mail.outbox) == 3
    assert "d@x.se\ne@x.se" in page.text  # what was typed is kept


def test_the_personal_feeds_headcount_caps_invitations_over_what_the_issuer_types(
    client, personas, open_round, tree, django_capture_on_commit_callbacks
):
    import datetime

    from planning.ekonomi.models import PersonalRow

    PersonalRow.objects.create(
        period=datetime.date(2026, 8, 1),
        node=tree.SN,
        anstallda=2,
        ordinarie_timmar=320,
        sjuktimmar=0,
        sjuktimmar_60=0,
        avslutade=0,
    )
    login(client, personas.admin)
    url = reverse("surveys:hme_invitations", args=[2026, "SN"])
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(url, {"addresses": "a@x.se\nb@x.se\nc@x.se", "headcount": "40"})
    assert "Skolan Norr har 2 anställda" in page.text
    assert HmeInvitation.objects.count() == 0 and len(mail.outbox) == 0


def test_a_bad_address_is_named_by_its_row_and_nothing_is_sent(
    client, personas, open_round, django_capture_on_commit_callbacks
):
    login(client, personas.hr)
    url = reverse("surveys:hme_invitations", args=[2026, "SN"])
    upload = SimpleUploadedFile("adresser.csv", "e-post\nanna@x.se\nåsa.at.x.se\n".encode())
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(url, {"addresses": "", "file": upload, "headcount": ""})
    assert "Rad 3: 'åsa.at.x.se' är ingen giltig e-postadress." in html.unescape(page.text)
    assert not HmeInvitation.objects.exists() and not mail.outbox


def test_a_one_column_csv_of_addresses_sends_one_invitation_each(
    client, personas, open_round, tree, django_capture_on_commit_callbacks
):
    login(client, personas.hr)
    url = reverse("surveys:hme_invitations", args=[2026, "SS"])
    data = "E-postadress\r\nanna@x.se\r\nbo@x.se\r\n".encode("cp1252")
    upload = SimpleUploadedFile("adresser.csv", data)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"addresses": "", "file": upload, "headcount": ""})
    assert HmeInvitation.objects.filter(node=tree.SS).count() == 2 and len(mail.outbox) == 2


def test_no_invitations_once_the_round_has_closed(client, personas, tree):
    HmeRound.objects.create(year=2025, status=HmeRound.Status.CLOSED)
    login(client, personas.hr)
    url = reverse("surveys:hme_invitations", args=[2025, "SN"])
    assert client.post(url, {"addresses": "a@x.se", "headcount": ""}).status_code == 302
    assert not HmeInvitation.objects.exists()


def _pages(client, personas):
    """Every HME page each insider can open, as text (the CSRF token taken out)."""
    texts = []
    for who in ("admin", "hr", "fc", "chef"):
        login(client, personas[who])
        for url in [
            reverse("surveys:hme_home"),
            reverse("surveys:hme_rounds"),
            reverse("surveys:hme_progress", args=[2026, "SN"]),
            reverse("surveys:hme_progress", args=[2026, "BUF"]),
            reverse("surveys:hme_invitations", args=[2026, "SN"]),
            reverse("surveys:hme_results", args=[2026, "SN"]),
            reverse("org:node", args=["SN"]),
        ]:
            text = client.get(url).text
            texts.append(re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text))
            texts[-1] = re.sub(r'"X-CSRFToken": "[^"]+"', "", texts[-1])
    return texts


def test_which_invitation_was_used_shows_on_no_page(client, personas, open_round, tree):
    first = HmeInvitation.objects.create(round=open_round, node=tree.SN)
    second = HmeInvitation.objects.create(round=open_round, node=tree.SN)
    HmeInvitationBatch.objects.create(round=open_round, node=tree.SN, count=2)
    client.post(answer_url(first.token), KNOWN)
    one_world = _pages(client, personas)
    # The other world: the same answer came through the second invitation.
    HmeInvitation.objects.filter(pk=first.pk).update(used=False)
    HmeInvitation.objects.filter(pk=second.pk).update(used=True)
    other_world = _pages(client, personas)
    assert one_world == other_world
    assert not any(first.token in t or second.token in t for t in one_world)


def test_a_manager_sees_the_rounds_total_while_it_is_open_not_the_units(
    client, personas, open_round, tree
):
    for node in (tree.SN, tree.SN, tree.HT):
        invitation = HmeInvitation.objects.create(round=open_round, node=node)
        client.post(answer_url(invitation.token), KNOWN)
    login(client, personas.chef)
    page = client.get(reverse("surveys:hme_progress", args=[2026, "SN"]))
    assert page.status_code == 200
    assert "3 svar har kommit in i hela kommunen" in page.text
    assert "2 svar" not in page.text and "2 svarande" not in page.text  # Skolan Norr's two


# --- finding 2: differencing between releases ---------------------------------------------

SIX = ["SN;K;4;4;4;4;4;4;4;4;4"] * 3 + ["SN;M;3;3;3;3;3;3;3;3;3"] * 3


def released(rows, captured, year=2024):
    with captured(execute=True):
        import_hme(year, csv_file(rows))
    rnd = HmeRound.objects.get(year=year)
    assert rnd.is_computed and rnd.released_at is not None
    return rnd


def snapshot():
    return sorted(HmeResult.objects.values_list("node_id", "group", "respondents", "hme"))


def test_importing_one_more_answer_into_a_released_round_is_refused_by_the_command(
    tree, tmp_path, django_capture_on_commit_callbacks
):
    rnd = released(SIX, django_capture_on_commit_callbacks)
    before, answers_before = snapshot(), HmeResponse.objects.count()
    one_more = tmp_path / "hme.csv"
    one_more.write_bytes(csv_file([*SIX, "SN;K;1;1;1;1;1;1;1;1;1"]))
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(CommandError) as exc,
    ):
        call_command("import_hme", "--year", "2024", str(one_more))
    message = str(exc.value)
    assert message.startswith("Filen importerades inte:")
    assert "skulle ändra antalet svarande för Skolan Norr med 1 (från 6 till 7)" in message
    assert "Testkommun med 1" in message and "Testkommun, kvinnor" not in message
    assert (
        "minst 5 krävs mellan två publiceringar för att ingen enskild persons svar ska kunna "
        "räknas fram." in message
    )
    assert snapshot() == before and HmeResponse.objects.count() == answers_before
    rnd.refresh_from_db()
    assert rnd.releases.count() == 1


def test_a_change_of_zero_or_of_the_minimum_group_is_allowed(
    tree, django_capture_on_commit_callbacks
):
    rnd = released(SIX, django_capture_on_commit_callbacks)
    first = rnd.released_at
    corrected = ["SN;K;5;5;5;5;5;5;5;5;5", *SIX[1:]]  # the vendor corrects one row: change 0
    with django_capture_on_commit_callbacks(execute=True):
        import_hme(2024, csv_file(corrected))
    five_more = [*corrected, *["SN;M;2;2;2;2;2;2;2;2;2"] * 5]
    with django_capture_on_commit_callbacks(execute=True):
        import_hme(2024, csv_file(five_more))
    assert HmeResult.objects.get(node=tree.SN, group="T").respondents == 11
    rnd.refresh_from_db()
    assert rnd.released_at == first  # when results were first released
    assert rnd.releases.count() == 2  # the correction moved no group: the same release


def test_no_two_releases_may_differ_by_a_few_even_through_a_release_between_them(
    tree, django_capture_on_commit_callbacks
):
    released(SIX, django_capture_on_commit_callbacks)  # Skolan Norr 6
    with django_capture_on_commit_callbacks(execute=True):
        import_hme(2024, csv_file(SIX * 2))  # 12: six more, allowed
    with pytest.raises(ImportError_) as exc:
        import_hme(2024, csv_file([*SIX, "SN;K;1;1;1;1;1;1;1;1;1"]))  # 7: 5 from 12, 1 from 6
    assert "Skolan Norr med 1 (från 6 till 7)" in exc.value.errors[0]
    assert HmeResult.objects.get(node=tree.SN, group="T").respondents == 12


def test_moving_one_respondent_between_women_and_men_is_refused(
    tree, django_capture_on_commit_callbacks
):
    rows = ["SN;K;4;4;4;4;4;4;4;4;4"] * 6 + ["HT;M;3;3;3;3;3;3;3;3;3"] * 6
    released(rows, django_capture_on_commit_callbacks)
    assert HmeResult.objects.get(node=tree.K, group="K").suppressed is False
    with pytest.raises(ImportError_) as exc:
        import_hme(2024, csv_file(["SN;M;4;4;4;4;4;4;4;4;4", *rows[1:]]))
    assert "Testkommun, kvinnor med 1 (från 6 till 5)" in exc.value.errors[0]
    assert "Testkommun, män med 1 (från 6 till 7)" in exc.value.errors[0]


def test_the_upload_page_refuses_an_import_that_would_reveal_an_answer(
    client, personas, tree, django_capture_on_commit_callbacks
):
    released(SIX, django_capture_on_commit_callbacks)
    before = snapshot()
    login(client, personas.admin)
    upload = SimpleUploadedFile("hme.csv", csv_file([*SIX, "SN;K;1;1;1;1;1;1;1;1;1"]))
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(reverse("surveys:hme_import"), {"year": "2024", "file": upload})
    assert page.status_code == 200
    assert "skulle ändra antalet svarande för Skolan Norr med 1" in page.text
    assert "minst 5 krävs mellan två publiceringar" in page.text
    assert snapshot() == before and HmeResponse.objects.count() == 6


def test_recomputing_a_released_round_with_the_same_answers_is_allowed(
    client, personas, tree, django_capture_on_commit_callbacks
):
    rnd = released(SIX, django_capture_on_commit_callbacks)
    login(client, personas.admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("surveys:hme_round_close", args=[2024]))
    assert HmeRelease.objects.filter(round=rnd).count() == 1
    assert HmeResult.objects.get(node=tree.SN, group="T").respondents == 6


def test_a_recomputation_that_would_reveal_an_answer_keeps_the_released_figures(
    tree, django_capture_on_commit_callbacks
):
    from surveys.hme.results import ReleaseConflict, compute_round

    rnd = released(SIX, django_capture_on_commit_callbacks)
    before = snapshot()
    HmeResponse.objects.create(round=rnd, node=tree.SN, f1=1)  # behind the importer's back
    with pytest.raises(ReleaseConflict):
        compute_round(rnd.pk)
    assert snapshot() == before


def test_computing_again_says_why_it_will_not_recompute_a_round_whose_answers_moved(
    client, personas, tree, django_capture_on_commit_callbacks
):
    rnd = released(SIX, django_capture_on_commit_callbacks)
    before = snapshot()
    HmeResponse.objects.create(round=rnd, node=tree.SN, f1=1)  # behind the importer's back
    login(client, personas.admin)
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(reverse("surveys:hme_round_close", args=[2024]), follow=True)
    assert "en ny beräkning skulle ändra antalet svarande för Skolan Norr med 1" in page.text
    assert snapshot() == before
