"""Step 3, the nulägeskarta: the förvaltningschef compiles the units' analyses into themes and
conclusions for the nämnd and hands it over; every hand-over freezes a version."""

from django.db import transaction
from django.db.models import Count, Prefetch, Q

from ..models import (
    SECTION_SHORT,
    AnalysisSection,
    Conclusion,
    KartaStatus,
    KartaTheme,
    Nulagesanalys,
    Nulageskarta,
    NulageskartaVersion,
)
from .common import save_checked

COMPILE_ALL_LIMIT = 20  # above this many analyses, the compile page asks for a unit first


class HandoverError(Exception):
    pass


# --- reads ---------------------------------------------------------------------------------


def themes_of(karta):
    """The karta's themes with conclusions, their sources, the source nodes and nyckeltal."""
    return list(
        karta.themes.prefetch_related(
            Prefetch(
                "conclusions",
                queryset=Conclusion.objects.select_related("source__analysis__node")
                .prefetch_related("source__nyckeltal")
                .order_by("order", "id"),
            )
        )
    )


def latest_version(karta):
    return karta.versions.order_by("-number").first() if karta else None


def compile_units(karta):
    """The nulägesanalyser in the nämnd's subtree, with the number of answered questions."""
    return list(
        Nulagesanalys.objects.filter(
            planperiod=karta.planperiod, node__path__startswith=karta.node.path
        )
        .select_related("node")
        .annotate(answered=Count("sections", filter=~Q(sections__text="")))
        .order_by("node__path")
    )


def source_sections(karta, under=None):
    """Non-empty sections of the nulägesanalyser in the nämnd's subtree (or under one of its
    units), to draw from."""
    path = under.path if under is not None else karta.node.path
    return (
        AnalysisSection.objects.filter(
            analysis__planperiod=karta.planperiod,
            analysis__node__path__startswith=path,
        )
        .exclude(text="")
        .select_related("analysis__node")
        .prefetch_related("nyckeltal")
        .order_by("analysis__node__path", "id")
    )


def compile_rows(karta, bound=None, under=None):
    """The units' sections to draw from, each with what is already used and a form state."""
    used = set(
        Conclusion.objects.filter(theme__karta=karta, source__isnull=False).values_list(
            "source_id", flat=True
        )
    )
    themes = list(karta.themes.all())
    rows = []
    for section in source_sections(karta, under):
        form = bound[1] if bound and bound[0] == section.pk else None
        rows.append(
            {
                "section": section,
                "used": section.pk in used,
                "form": form,
                "text": form.data.get(f"s{section.pk}-text", "") if form else section.text,
                "theme_id": form.data.get(f"s{section.pk}-theme", "") if form else "",
                "themes": themes,
            }
        )
    return rows


def karta_snapshot(karta):
    """The karta's content as plain data: what a hand-over freezes."""
    themes = []
    for theme in themes_of(karta):
        conclusions = []
        for c in theme.conclusions.all():
            source = None
            if c.source is not None:
                s = c.source
                source = {
                    "section_id": s.pk,
                    "analysis_id": s.analysis_id,
                    "node_kod": s.analysis.node.kod,
                    "node_namn": s.analysis.node.namn,
                    "key": s.key,
                    "label": SECTION_SHORT.get(s.key, s.key),
                    "text": s.text,
                    "nyckeltal": [
                        {"code": n.code, "title": n.title, "source_label": n.source_label}
                        for n in s.nyckeltal.all()
                    ],
                }
            conclusions.append({"id": c.pk, "text": c.text, "source": source})
        themes.append(
            {
                "id": theme.pk,
                "title": theme.title,
                "summary": theme.summary,
                "conclusions": conclusions,
            }
        )
    return {
        "node_kod": karta.node.kod,
        "node_namn": karta.node.namn,
        "budget_year": karta.planperiod.budget_year,
        "summary": karta.summary,
        "themes": themes,
    }


def karta_revisions(karta, limit=50):
    rows = []
    for rec in karta.history.select_related("history_user").order_by("-history_date")[:limit]:
        rows.append(
            {
                "when": rec.history_date,
                "who": rec.history_user,
                "what": f"Nulägeskartan sparades ({rec.get_status_display()})",
            }
        )
    theme_ids = list(karta.themes.values_list("pk", flat=True))
    verbs = {"+": "Nytt", "~": "Ändrat", "-": "Borttaget"}
    for rec in (
        KartaTheme.history.filter(karta_id=karta.pk)
        .select_related("history_user")
        .order_by("-history_date")[:limit]
    ):
        rows.append(
            {
                "when": rec.history_date,
                "who": rec.history_user,
                "what": f"{verbs[rec.history_type]} tema: {rec.title}",
            }
        )
    for rec in (
        Conclusion.history.filter(theme_id__in=theme_ids)
        .select_related("history_user")
        .order_by("-history_date")[:limit]
    ):
        verb = {"+": "Ny", "~": "Ändrad", "-": "Borttagen"}[rec.history_type]
        rows.append(
            {
                "when": rec.history_date,
                "who": rec.history_user,
                "what": f"{verb} slutsats: {rec.text[:80]}",
            }
        )
    for v in karta.versions.select_related("handed_over_by"):
        rows.append(
            {
                "when": v.handed_over_at,
                "who": v.handed_over_by,
                "what": f"Lämnades över till nämnden som version {v.number}",
            }
        )
    rows.sort(key=lambda r: r["when"], reverse=True)
    return rows[:limit]


# --- writes --------------------------------------------------------------------------------


def karta_ensure(*, node, period):
    """The nämnd's nulägeskarta for the planperiod, created on first use."""
    return Nulageskarta.objects.get_or_create(node=node, planperiod=period)[0]


def karta_note_changed(*, karta, user):
    """An edit after a hand-over starts a new version: the handed-over one stays as it was."""
    if karta.status != KartaStatus.DRAFT:
        karta.status = KartaStatus.DRAFT
    save_checked(karta, None, user)


def karta_save(*, karta, seen, user):
    if karta.status == KartaStatus.HANDED_OVER:
        karta.status = KartaStatus.DRAFT
    return save_checked(karta, seen, user)


def karta_mark_ready(*, karta, user):
    karta.status = KartaStatus.READY
    return save_checked(karta, None, user)


def theme_add(*, karta, title, summary="", user=None):
    theme = KartaTheme.objects.create(
        karta=karta, title=title, summary=summary, order=karta.themes.count() + 1
    )
    karta_note_changed(karta=karta, user=user)
    return theme


def conclusion_add(*, theme, text, source=None, user=None):
    order = theme.conclusions.count() + 1
    conclusion = Conclusion.objects.create(theme=theme, text=text, source=source, order=order)
    karta_note_changed(karta=theme.karta, user=user)
    return conclusion


def karta_hand_over(*, karta, user):
    """Freeze the karta as a new immutable version and mark it handed over to the nämnd."""
    with transaction.atomic():
        karta = Nulageskarta.objects.select_for_update().get(pk=karta.pk)
        if karta.status == KartaStatus.HANDED_OVER:
            raise HandoverError(
                "Nulägeskartan är redan överlämnad och har inte ändrats sedan dess."
            )
        if not karta.themes.exists():
            raise HandoverError("Lägg till minst ett tema med slutsatser innan du lämnar över.")
        last = karta.versions.order_by("-number").values_list("number", flat=True).first() or 0
        version = NulageskartaVersion.objects.create(
            karta=karta, number=last + 1, content=karta_snapshot(karta), handed_over_by=user
        )
        karta.status = KartaStatus.HANDED_OVER
        save_checked(karta, None, user)
    return version
