"""Compiling the nulägeskarta (issue 18, item 6): many conclusions in one form, drafts marked,
and a hand-over confirmed on a page that shows what changed since the last version."""

import pytest
from django.urls import reverse

from planning.models import AnalysisSection, Conclusion, DocStatus, KartaTheme, Nulagesanalys
from planning.services.karta import (
    conclusion_add,
    karta_diff,
    karta_note_changed,
    karta_snapshot,
)

pytestmark = pytest.mark.django_db


def url(name, kod):
    return reverse(f"planning:{name}", args=[kod])


@pytest.fixture
def two_more(chain, tree):
    """Skolan Söder's klar analysis with two answers, and Förskola's analysis in utkast."""
    ss = Nulagesanalys.objects.create(node=tree.SS, planperiod=chain.sn.planperiod, status="klar")
    needs = AnalysisSection.objects.create(analysis=ss, key="behov", text="Fler elever med NPF.")
    staff = AnalysisSection.objects.create(
        analysis=ss, key="arbetsgivare", text="Svårt att rekrytera lärare."
    )
    fs = Nulagesanalys.objects.create(
        node=tree.FS, planperiod=chain.sn.planperiod, status=DocStatus.DRAFT
    )
    draft = AnalysisSection.objects.create(analysis=fs, key="behov", text="Förskolans utkasttext.")
    return {"needs": needs, "staff": staff, "draft": draft}


def test_many_conclusions_are_added_with_one_form(client, chain, personas, two_more):
    client.force_login(personas.fc)
    needs, staff = two_more["needs"], two_more["staff"]
    staffing = KartaTheme.objects.create(karta=chain.bun, title="Kompetens", order=2)
    response = client.post(
        url("karta_compile", "BUN"),
        {
            "valj": [needs.pk, staff.pk, chain.section.pk],
            "tema": chain.theme.pk,
            f"s{needs.pk}-text": "Behoven av stöd ökar.",
            f"s{staff.pk}-text": "Lärare är svåra att rekrytera.",
            f"s{staff.pk}-theme": staffing.pk,  # its own theme
            f"s{chain.section.pk}-text": "Tryggheten har minskat.",
            # a row not chosen is not added, whatever it holds
            f"s{999999}-text": "x",
        },
    )
    assert response.status_code == 302
    made = {c.text: c for c in Conclusion.objects.filter(source__isnull=False)}
    assert made["Behoven av stöd ökar."].theme == chain.theme
    assert made["Behoven av stöd ökar."].source == needs
    assert made["Lärare är svåra att rekrytera."].theme == staffing
    assert made["Tryggheten har minskat."].source == chain.section
    page = client.get(response["Location"]).content.decode()
    assert "3 slutsatser har lagts till i nulägeskartan." in page


def test_one_wrong_row_adds_nothing_and_keeps_every_row_as_typed(client, chain, personas, two_more):
    client.force_login(personas.fc)
    needs, staff = two_more["needs"], two_more["staff"]
    before = Conclusion.objects.count()
    response = client.post(
        url("karta_compile", "BUN"),
        {
            "valj": [needs.pk, staff.pk],
            "tema": "",
            f"s{needs.pk}-text": "Min första text",
            f"s{needs.pk}-theme": chain.theme.pk,
            f"s{staff.pk}-text": "Min andra text",  # no theme of its own, none for all
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert Conclusion.objects.count() == before
    assert "Inget lades till – rätta 1 fel" in page
    assert (
        f'<a href="#s{staff.pk}">Skolan Söder – Attraktiv arbetsgivare: Välj ett tema.</a>' in page
    )
    assert "Min första text" in page and "Min andra text" in page
    assert f'value="{needs.pk}" checked' in page and f'value="{staff.pk}" checked' in page


def test_nothing_chosen_says_so(client, chain, personas):
    client.force_login(personas.fc)
    response = client.post(url("karta_compile", "BUN"), {"tema": chain.theme.pk})
    assert "Välj minst en slutsats att lägga till." in response.content.decode()


def test_htmx_adds_the_chosen_without_a_reload_and_gets_the_form_back(
    client, chain, personas, two_more
):
    client.force_login(personas.fc)
    needs = two_more["needs"]
    response = client.post(
        url("karta_compile", "BUN"),
        {"valj": [needs.pk], "tema": chain.theme.pk, f"s{needs.pk}-text": "Via htmx."},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    fragment = response.content.decode()
    assert fragment.lstrip().startswith('<form method="post" id="compile-form"')
    assert "<html" not in fragment
    assert "Slutsatsen från Skolan Söder har lagts till." in fragment  # the message, out of band
    assert Conclusion.objects.filter(text="Via htmx.", source=needs).exists()
    # The row now says it is used; its box is no longer checked.
    assert f'value="{needs.pk}" checked' not in fragment


def test_draft_sections_are_marked_and_cannot_be_chosen(client, chain, personas, two_more):
    client.force_login(personas.fc)
    draft = two_more["draft"]
    page = client.get(url("karta_compile", "BUN")).content.decode()
    assert "Förskolans utkasttext." in page and "Utkast – kan inte väljas" in page
    assert f'name="s{draft.pk}-text"' not in page and f'value="{draft.pk}"' not in page
    response = client.post(
        url("karta_compile", "BUN"),
        {"valj": [draft.pk], "tema": chain.theme.pk, f"s{draft.pk}-text": "Från utkastet"},
    )
    assert response.status_code == 404
    assert not Conclusion.objects.filter(text="Från utkastet").exists()


def test_handing_over_asks_first_and_shows_what_changed_since_the_last_version(
    client, chain, personas, two_more
):
    client.force_login(personas.fc)
    karta_page = client.get(url("karta", "BUN")).content.decode()
    assert "Utkast – inte överlämnad" in karta_page  # nothing handed over yet
    page = client.get(url("karta_handover", "BUN")).content.decode()
    assert "Det här är den första versionen" in page
    assert "Tryggheten i skolan behöver stärkas." in page
    assert chain.bun.versions.count() == 0
    assert client.post(url("karta_handover", "BUN"), {"bekrafta": "1"}).status_code == 302
    assert chain.bun.versions.count() == 1
    assert "Utkast – inte överlämnad" not in client.get(url("karta", "BUN")).content.decode()

    # Change one conclusion, add one, remove one.
    removed = conclusion_add(theme=chain.theme, text="Den som försvinner.", user=personas.fc)
    client.post(url("karta_handover", "BUN"), {"bekrafta": "1"})
    assert chain.bun.versions.count() == 2
    chain.conclusion.text = "Tryggheten i skolan måste stärkas nu."
    chain.conclusion.save()
    removed.delete()
    karta_note_changed(karta=chain.bun, user=personas.fc)
    needs = two_more["needs"]
    client.post(
        url("karta_compile", "BUN"),
        {"valj": [needs.pk], "tema": chain.theme.pk, f"s{needs.pk}-text": "Behoven ökar."},
    )
    karta_page = client.get(url("karta", "BUN")).content.decode()
    assert karta_page.count("Utkast – inte överlämnad") == 2  # the edited and the new one
    page = client.get(url("karta_handover", "BUN")).content.decode()
    assert "Så här skiljer sig nulägeskartan från version 2" in page
    assert "Nya slutsatser (1)" in page and "Behoven ökar." in page
    assert "Ändrade slutsatser (1)" in page
    assert "<del>Tryggheten i skolan behöver stärkas.</del>" in page
    assert "Tryggheten i skolan måste stärkas nu." in page
    assert "Borttagna slutsatser (1)" in page and "<del>Den som försvinner.</del>" in page
    response = client.post(url("karta_handover", "BUN"), {"bekrafta": "1"}, follow=True)
    assert "(version 3)" in response.content.decode()


def test_the_old_hand_over_button_leads_to_the_confirmation(client, chain, personas):
    client.force_login(personas.fc)
    response = client.post(url("karta_status", "BUN"), {"action": "overlamna"})
    assert response.status_code == 302
    assert response["Location"].startswith(url("karta_handover", "BUN"))
    assert chain.bun.versions.count() == 0


def test_only_the_compiler_reaches_the_hand_over(client, chain, personas):
    for who in ("politiker", "chef", "hr"):
        client.force_login(personas[who])
        assert client.get(url("karta_handover", "BUN")).status_code in (403, 404), who
        assert client.post(url("karta_handover", "BUN"), {"bekrafta": "1"}).status_code in (
            403,
            404,
        ), who
    assert chain.bun.versions.count() == 0


def test_the_diff_matches_conclusions_by_id(chain):
    old = karta_snapshot(chain.bun)
    assert karta_diff(None, old)["first"] and len(karta_diff(None, old)["added"]) == 1
    same = karta_diff(old, old)
    assert not (same["added"] or same["removed"] or same["changed"] or same["summary_changed"])
    chain.conclusion.text = "Ny lydelse"
    chain.conclusion.save()
    chain.theme.title = "Trygghet och studiero"
    chain.theme.save()
    diff = karta_diff(old, karta_snapshot(chain.bun))
    assert [c["after"]["text"] for c in diff["changed"]] == ["Ny lydelse"]
    assert diff["themes_renamed"] == [("Trygghet", "Trygghet och studiero")]
    assert not diff["added"] and not diff["removed"]
