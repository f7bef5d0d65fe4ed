"""Comments on a unit's drafts and kvittering (issue 18, item 2), through HTTP.

The cast (tests/conftest.py): the förvaltningschef on BUF is the line above Skolan Norr (SN),
whose chef writes the documents; HR on BUF is the unit's support staff; the politician sits on
BUN; vo_chef is the förvaltningschef of another förvaltning."""

import pytest
from django.urls import reverse

from planning.models import Comment, GoalStatus, Uppfoljning
from planning.services import comments as sc
from tests.factories import UserFactory, give_role
from tillit.org.models import Role
from tillit.org.permissions import COMMENT, can, can_acknowledge, nodes_where

from .test_published_frozen import _media, pdf_text  # noqa: F401  (the fixture is used)

pytestmark = pytest.mark.django_db

SECRET = "Hemlig synpunkt om tryggheten"


def add_url(kod, doc, pk):
    return reverse("planning:comment_add", args=[kod, doc, pk])


def comment(client, user, kod, doc, pk, section, text, **extra):
    client.force_login(user)
    return client.post(add_url(kod, doc, pk), {"section": section, "text": text, **extra})


@pytest.fixture
def other_chef(tree):
    user = UserFactory(username="chef_soder")
    give_role(user, tree.SS, Role.CHEF)
    return user


@pytest.fixture
def verksamhetschef(tree):
    user = UserFactory(username="verksamhetschef")
    give_role(user, tree.GS, Role.CHEF)
    return user


# --- the rule, in the permission module ----------------------------------------------------


def test_the_line_above_and_support_staff_comment_and_nobody_else(
    tree, personas, other_chef, verksamhetschef
):
    sn = tree.SN
    assert can(personas.fc, COMMENT, sn)
    assert can(verksamhetschef, COMMENT, sn)
    assert can(personas.hr, COMMENT, sn)
    assert can(personas.hr, COMMENT, tree.BUF)  # support staff on their own place
    assert not can(personas.chef, COMMENT, sn)  # the author answers, he does not comment
    assert not can(personas.fc, COMMENT, tree.BUF)  # her own förvaltning's documents
    assert not can(other_chef, COMMENT, sn)
    assert not can(personas.vo_chef, COMMENT, sn)
    assert not can(personas.politiker, COMMENT, sn)
    assert not can(personas.outsider, COMMENT, sn)
    assert set(nodes_where(personas.fc, COMMENT).values_list("kod", flat=True)) == {
        "GS",
        "SN",
        "SS",
        "FS",
    }
    assert can_acknowledge(personas.fc, sn) and can_acknowledge(verksamhetschef, sn)
    assert not can_acknowledge(personas.chef, sn)
    assert not can_acknowledge(personas.hr, sn)


# --- comments on the nulägesanalys ---------------------------------------------------------


def test_the_forvaltningschef_comments_and_the_chef_answers_and_resolves(client, chain, personas):
    analysis = chain.sn
    response = comment(client, personas.fc, "SN", "nulagesanalys", analysis.pk, "resultat", SECRET)
    assert response.status_code == 302
    assert response["Location"].endswith("#kommentarer-resultat")
    first = Comment.objects.get()
    assert first.author == personas.fc and first.analysis == analysis

    client.force_login(personas.chef)
    page = client.get(analysis.get_absolute_url()).content.decode()
    assert SECRET in page and "Markera löst" in page
    assert "Kommentera" not in page  # the author answers, he does not open threads
    response = comment(
        client,
        personas.chef,
        "SN",
        "nulagesanalys",
        analysis.pk,
        "resultat",
        "Vi ses om det.",
        parent=first.pk,
    )
    assert response.status_code == 302
    assert Comment.objects.filter(parent=first, author=personas.chef).exists()
    # The chef may not open a thread of his own.
    response = comment(client, personas.chef, "SN", "nulagesanalys", analysis.pk, "resultat", "x")
    assert response.status_code == 403

    response = client.post(reverse("planning:comment_resolve", args=[first.pk]))
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.resolved_by == personas.chef and first.resolved_at
    page = client.get(analysis.get_absolute_url()).content.decode()
    assert "Lösta kommentarer (1)" in page and SECRET in page  # kept, not deleted


def test_support_staff_comment_on_the_units_draft(client, chain, personas):
    response = comment(
        client, personas.hr, "SN", "nulagesanalys", chain.sn.pk, "behov", "Se sjukfrånvaron."
    )
    assert response.status_code == 302
    assert Comment.objects.get().section == "behov"


def test_a_chef_of_another_unit_can_neither_comment_nor_read_comments(
    client, chain, personas, other_chef
):
    comment(client, personas.fc, "SN", "nulagesanalys", chain.sn.pk, "resultat", SECRET)
    response = comment(client, other_chef, "SN", "nulagesanalys", chain.sn.pk, "resultat", "Hej")
    assert response.status_code == 404
    assert Comment.objects.count() == 1
    client.force_login(other_chef)
    assert SECRET.encode() not in client.get(chain.sn.get_absolute_url()).content
    # Nor by answering the thread.
    first = Comment.objects.get()
    response = comment(
        client, other_chef, "SN", "nulagesanalys", chain.sn.pk, "resultat", "Hej", parent=first.pk
    )
    assert response.status_code == 404
    assert client.post(reverse("planning:comment_resolve", args=[first.pk])).status_code == 404
    first.refresh_from_db()
    assert first.resolved_at is None


def test_a_politician_can_neither_comment_nor_resolve(client, chain, personas):
    comment(client, personas.fc, "SN", "nulagesanalys", chain.sn.pk, "resultat", SECRET)
    response = comment(
        client, personas.politiker, "SN", "nulagesanalys", chain.sn.pk, "resultat", "Hej"
    )
    assert response.status_code in (403, 404)
    first = Comment.objects.get()
    client.force_login(personas.politiker)
    assert client.post(reverse("planning:comment_resolve", args=[first.pk])).status_code in (
        403,
        404,
    )
    assert Comment.objects.count() == 1


def test_a_refused_comment_keeps_the_typed_text_with_and_without_htmx(client, chain, personas):
    too_long = "å" * 5001
    response = comment(
        client, personas.fc, "SN", "nulagesanalys", chain.sn.pk, "resultat", too_long
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert too_long in page and "Texten får vara högst 5\xa0000 tecken (nu 5\xa0001)." in page
    response = comment(client, personas.fc, "SN", "nulagesanalys", chain.sn.pk, "resultat", "  ")
    assert "Skriv en kommentar innan du skickar den." in response.content.decode()
    response = client.post(
        add_url("SN", "nulagesanalys", chain.sn.pk),
        {"section": "resultat", "text": too_long},
        HTTP_HX_REQUEST="true",
    )
    fragment = response.content.decode()
    assert response.status_code == 200 and too_long in fragment
    assert fragment.startswith('<div class="comments" id="kommentarer-resultat">')
    assert Comment.objects.count() == 0


def test_htmx_adds_a_comment_and_gets_the_thread_back(client, chain, personas):
    client.force_login(personas.fc)
    response = client.post(
        add_url("SN", "nulagesanalys", chain.sn.pk),
        {"section": "resultat", "text": SECRET},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    fragment = response.content.decode()
    assert 'id="kommentarer-resultat"' in fragment and SECRET in fragment
    assert "<html" not in fragment


def test_a_comment_on_an_unknown_section_or_another_units_document_is_404(client, chain, personas):
    client.force_login(personas.fc)
    assert (
        comment(client, personas.fc, "SN", "nulagesanalys", chain.sn.pk, "nope", "x").status_code
        == 404
    )
    # HT's analysis under SN's code: not SN's document.
    assert (
        comment(
            client, personas.fc, "SN", "nulagesanalys", chain.ht.pk, "resultat", "x"
        ).status_code
        == 404
    )
    assert Comment.objects.count() == 0


# --- verksamhetsplan: comments, history, kvittering ------------------------------------------


def test_plan_comments_are_in_the_history_and_kvittering_shows_who_and_when(
    client, chain, personas, tree
):
    plan = tree.SN.verksamhetsplaner.get()
    assert (
        comment(client, personas.fc, "SN", "verksamhetsplan", plan.pk, "aims", SECRET).status_code
        == 302
    )
    client.force_login(personas.chef)
    history = client.get(
        reverse("planning:plan_history", args=["SN"]) + f"?period={plan.planperiod_id}"
    ).content.decode()
    assert SECRET in history
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "Ännu inte kvitterad" in page and "Kvittera verksamhetsplanen" not in page
    # The chef cannot kvittera his own plan, nor can support staff.
    url = reverse("planning:acknowledge", args=["SN", "verksamhetsplan", plan.pk])
    assert client.post(url).status_code == 403
    client.force_login(personas.hr)
    assert client.post(url).status_code == 403
    client.force_login(personas.fc)
    assert "Kvittera verksamhetsplanen" in client.get(plan.get_absolute_url()).content.decode()
    assert client.post(url).status_code == 302
    client.force_login(personas.chef)
    page = client.get(plan.get_absolute_url()).content.decode()
    ack = plan.acknowledgements.get()
    assert "Kvitterad" in page and str(personas.fc) in page
    assert f"{ack.at:%Y-%m-%d}" in page
    assert "Ändrad efter kvitteringen" not in page
    plan.mission = "Nytt uppdrag"
    plan.revision += 1
    plan.save()
    assert "Ändrad efter kvitteringen" in client.get(plan.get_absolute_url()).content.decode()


def test_another_forvaltningschef_cannot_kvittera(client, chain, personas, tree):
    plan = tree.SN.verksamhetsplaner.get()
    client.force_login(personas.vo_chef)
    url = reverse("planning:acknowledge", args=["SN", "verksamhetsplan", plan.pk])
    assert client.post(url).status_code == 404
    assert not plan.acknowledgements.exists()


# --- follow-up: comments never reach a published version ---------------------------------------


@pytest.fixture
def unit_followup(chain, tree, period):
    plan = tree.SN.verksamhetsplaner.get()
    plan.goals.add(chain.goal)
    fu = Uppfoljning.objects.create(planperiod=period, year=2027, kind="delar")
    GoalStatus.objects.create(
        followup=fu, node=tree.SN, namndmal=chain.goal, status="gul", analysis="Vi är halvvägs."
    )
    GoalStatus.objects.create(
        followup=fu, node=tree.BUN, namndmal=chain.goal, status="gul", analysis="Nämnden halvvägs."
    )
    return fu


def test_support_staff_read_the_unit_followup_and_comment_but_do_not_assess(
    client, chain, personas, unit_followup
):
    fu = unit_followup
    url = reverse("planning:followup_node", args=[fu.pk, "SN"])
    client.force_login(personas.hr)
    page = client.get(url).content.decode()
    assert "Vi är halvvägs." in page and "Kommentarer på utkastet" in page
    assert client.post(url, {}).status_code == 403
    key = f"g{chain.goal.pk}"
    assert comment(client, personas.hr, "SN", "uppfoljning", fu.pk, key, SECRET).status_code == 302
    client.force_login(personas.chef)
    assert SECRET in client.get(url).content.decode()


def test_kvittera_a_followup(client, chain, personas, unit_followup):
    fu = unit_followup
    client.force_login(personas.fc)
    url = reverse("planning:acknowledge", args=["SN", "uppfoljning", fu.pk])
    assert client.post(url).status_code == 302
    client.force_login(personas.chef)
    page = client.get(reverse("planning:followup_node", args=[fu.pk, "SN"])).content.decode()
    assert "Kvitterad" in page and str(personas.fc) in page


def test_comments_never_reach_a_published_followup_or_its_pdf(
    client, chain, personas, unit_followup, django_capture_on_commit_callbacks
):
    fu = unit_followup
    key = f"g{chain.goal.pk}"
    comment(client, personas.fc, "SN", "uppfoljning", fu.pk, key, SECRET)
    comment(client, personas.fc, "SN", "nulagesanalys", chain.sn.pk, "resultat", SECRET + " 2")
    client.force_login(personas.admin)
    assert client.post(reverse("planning:followup_publish", args=[fu.pk])).status_code == 302
    client.force_login(personas.politiker)
    for url in [
        fu.get_absolute_url(),
        reverse("planning:summary", args=["BUN"]),
        reverse("planning:goal", args=[chain.goal.pk]),
        reverse("planning:karta", args=["BUN"]),
        reverse("planning:followup_node", args=[fu.pk, "SN"]),
        reverse("planning:analysis", args=["SN"]),
    ]:
        response = client.get(url, follow=True)
        assert SECRET not in response.content.decode(), url
    for kind, kod, params in [
        ("namndrapport", "BUN", {"year": "2027"}),
        ("uppfoljning", "K", {"year": "2027", "typ": "delar"}),
    ]:
        text = pdf_text(
            client, django_capture_on_commit_callbacks, personas.politiker, kind, kod, **params
        )
        assert SECRET not in text, kind
    # The comment is still with the draft for those who work on it.
    assert sc.threads(personas.chef, "uppfoljning", fu, chain.sn.node)[key].open


def test_support_staff_reach_the_unit_followup_from_the_followup_page(
    client, chain, personas, unit_followup
):
    client.force_login(personas.hr)
    page = client.get(unit_followup.get_absolute_url()).content.decode()
    link = reverse("planning:followup_node", args=[unit_followup.pk, "SN"])
    assert f'href="{link}">Läs och kommentera Skolan Norr' in page


# --- notifications -------------------------------------------------------------------------


def test_a_comment_notifies_the_units_chef_with_a_link_to_its_section_and_an_answer_the_writer(
    client, chain, personas, other_chef, django_capture_on_commit_callbacks
):
    from tillit.notifications.models import Kind, Notification

    analysis = chain.sn
    with django_capture_on_commit_callbacks(execute=True):
        comment(client, personas.fc, "SN", "nulagesanalys", analysis.pk, "resultat", SECRET)
    sent = Notification.objects.get(kind=Kind.COMMENT)
    assert sent.recipient == personas.chef  # not the writer, not the chef of Skolan Söder
    assert sent.url == analysis.get_absolute_url() + "#kommentarer-resultat"
    client.force_login(personas.chef)
    assert client.get(sent.url).status_code == 200

    first = Comment.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        comment(
            client,
            personas.chef,
            "SN",
            "nulagesanalys",
            analysis.pk,
            "resultat",
            "Ja.",
            parent=first.pk,
        )
    answer = Notification.objects.filter(kind=Kind.COMMENT).exclude(pk=sent.pk).get()
    assert answer.recipient == personas.fc
    assert not Notification.objects.filter(recipient=other_chef).exists()
