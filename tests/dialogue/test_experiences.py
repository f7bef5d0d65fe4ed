"""Delade erfarenheter: drafts stay home, shared ones reach the kommun, searchable three ways."""

import pytest
from django.urls import reverse

from dialogue.models import AlsoTried, Experience
from dialogue.services import save_experience, search_experiences, share_experience

pytestmark = pytest.mark.django_db


def _exp(node, author, title, principles, shared=True, **fields):
    exp = Experience(
        node=node,
        author=author,
        title=title,
        topic=fields.get("topic", "Allmänt"),
        problem=fields.get("problem", "Ett problem"),
        measure="En åtgärd",
        outcome="Ett utfall",
        analysis="En analys",
    )
    save_experience(exp, principles)
    if shared:
        share_experience(exp)
    return exp


@pytest.fixture
def library(tree, cast):
    return {
        "rast": _exp(
            tree.SN, cast.chef, "Rastaktiviteter", ["samverkan", "kundfokus"], topic="Trygghet"
        ),
        "team": _exp(
            tree.HT,
            cast.vo_chef,
            "Fasta team",
            ["tillit", "delegering"],
            problem="Många olika personal hos brukaren",
        ),
        "bedomning": _exp(tree.SS, cast.sibling, "Sambedömning", ["kunskap"]),
        "utkast": _exp(tree.SN, cast.chef, "Halvfärdig idé", ["tillit"], shared=False),
    }


def _titles(qs):
    return sorted(e.title for e in qs)


def test_text_search_looks_in_topic_and_the_story(cast, library):
    assert _titles(search_experiences(cast.fc, text="trygghet")) == ["Rastaktiviteter"]
    assert _titles(search_experiences(cast.fc, text="BRUKAREN")) == ["Fasta team"]


def test_principles_match_any_of_those_chosen(cast, library):
    found = search_experiences(cast.vo_chef, principles=["tillit", "kunskap"])
    assert _titles(found) == ["Fasta team", "Sambedömning"]
    assert _titles(search_experiences(cast.vo_chef, principles=["samverkan"])) == [
        "Rastaktiviteter"
    ]


def test_a_unit_filter_includes_the_units_below_it(tree, cast, library):
    assert _titles(search_experiences(cast.vo_chef, unit=tree.GS)) == [
        "Rastaktiviteter",
        "Sambedömning",
    ]


def test_filters_combine(tree, cast, library):
    found = search_experiences(cast.vo_chef, text="a", principles=["kunskap"], unit=tree.GS)
    assert _titles(found) == ["Sambedömning"]


def test_a_draft_is_seen_by_its_unit_line_but_not_by_the_rest_of_the_kommun(cast, library, login):
    url = library["utkast"].get_absolute_url()
    assert login(cast.chef).get(url).status_code == 200
    assert login(cast.fc).get(url).status_code == 200
    assert login(cast.sibling).get(url).status_code == 404
    assert login(cast.politiker).get(url).status_code == 404
    assert "Halvfärdig idé" not in _titles(search_experiences(cast.vo_chef))


def test_a_shared_experience_is_for_everyone_in_the_kommun_with_a_role(cast, library, login):
    url = library["rast"].get_absolute_url()
    for who in ("vo_chef", "politiker", "sibling"):
        assert login(cast[who]).get(url).status_code == 200, who
    assert login(cast.outsider).get(url).status_code == 404
    assert login(cast.outsider).get(reverse("dialogue:experiences")).status_code == 404


def test_the_search_page_filters_by_all_three(cast, library, login):
    response = login(cast.politiker).get(
        reverse("dialogue:experiences"), {"q": "", "principle": ["tillit"], "enhet": "HT"}
    )
    page = response.content.decode()
    assert "Fasta team" in page and "Rastaktiviteter" not in page
    response = login(cast.politiker).get(reverse("dialogue:experiences"), {"enhet": "NOPE"})
    assert "NOPE finns inte bland tillgängliga alternativ" in response.content.decode()


def test_writing_and_sharing_needs_a_role_on_the_unit(tree, cast, login):
    url = reverse("dialogue:experience_create", args=["SN"])
    data = {
        "title": "Ny erfarenhet",
        "topic": "Schema",
        "problem": "p",
        "measure": "m",
        "outcome": "o",
        "analysis": "a",
        "principles": ["oppenhet", "stod"],
    }
    assert login(cast.politiker).post(url, data).status_code == 403
    assert login(cast.sibling).post(url, data).status_code == 404
    assert login(cast.chef).post(url, data).status_code == 302
    exp = Experience.objects.get(title="Ny erfarenhet")
    assert exp.status == "draft"
    assert sorted(p.principle for p in exp.principles.all()) == ["oppenhet", "stod"]
    share = reverse("dialogue:experience_share", args=[exp.pk])
    assert login(cast.sibling).post(share).status_code == 404
    assert login(cast.chef).post(share).status_code == 302
    exp.refresh_from_db()
    assert exp.is_shared and exp.shared_at
    assert login(cast.sibling).post(share).status_code == 403  # may read now, not change
    edit = reverse("dialogue:experience_edit", args=[exp.pk])
    assert login(cast.sibling).get(edit).status_code == 403


def test_others_mark_that_they_tried_it_too_with_a_note_or_their_own_experience(
    cast, library, login
):
    url = reverse("dialogue:also_tried", args=[library["rast"].pk])
    response = login(cast.sibling).post(url, {"note": "", "linked": ""})
    assert response.status_code == 400
    assert "Skriv ert resultat eller länka en egen erfarenhet." in response.content.decode()
    login(cast.sibling).post(url, {"linked": library["bedomning"].pk})
    login(cast.vo_chef).post(url, {"note": "Vi provade på hemtjänstens personalrum."})
    rows = AlsoTried.objects.filter(experience=library["rast"]).order_by("created_at")
    assert [(r.user, r.linked, r.note) for r in rows] == [
        (cast.sibling, library["bedomning"], ""),
        (cast.vo_chef, None, "Vi provade på hemtjänstens personalrum."),
    ]
    page = login(cast.politiker).get(library["rast"].get_absolute_url()).content.decode()
    assert "Vi har också provat (2)" in page and "Sambedömning" in page
    # Someone else's experience cannot be linked as one's own.
    login(cast.vo_chef).post(url, {"linked": library["bedomning"].pk})
    assert AlsoTried.objects.get(user=cast.vo_chef).linked is None
