"""Step 3, the nulägeskarta: the förvaltningschef compiles the units' analyses into themes and
conclusions for the nämnd and hands it over; every hand-over freezes a version."""

from django.db import transaction
from django.db.models import Count, Prefetch, Q

from ..models import (
    SECTION_SHORT,
    AnalysisSection,
    Conclusion,
    DocStatus,
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
    units) that their unit has marked klar, to draw from. A draft is never offered: it may
    still change, and what the nämnd receives must be the unit's own conclusion."""
    path = under.path if under is not None else karta.node.path
    return (
        AnalysisSection.objects.filter(
            analysis__planperiod=karta.planperiod,
            analysis__node__path__startswith=path,
            analysis__status=DocStatus.DONE,
        )
        .exclude(text="")
        .select_related("analysis__node")
        .prefetch_related("nyckeltal")
        .order_by("analysis__node__path", "id")
    )


def draft_sections(karta, under=None):
    """Answered sections of analyses still in utkast: shown, clearly marked, never offered."""
    path = under.path if under is not None else karta.node.path
    return (
        AnalysisSection.objects.filter(
            analysis__planperiod=karta.planperiod,
            analysis__node__path__startswith=path,
            analysis__status=DocStatus.DRAFT,
        )
        .exclude(text="")
        .select_related("analysis__node")
        .order_by("analysis__node__path", "id")
    )


def compile_rows(karta, bound=None, under=None):
    """The units' sections to draw from, each with what is already used and a form state.

    `bound`: {section id: bound ConclusionForm} for the rows of a refused submission, whose
    typed text, theme and choice come back as they were sent. Sections of analyses in utkast
    come as rows with `draft` set and no form."""
    bound = bound or {}
    used = set(
        Conclusion.objects.filter(theme__karta=karta, source__isnull=False).values_list(
            "source_id", flat=True
        )
    )
    themes = list(karta.themes.all())
    rows = []
    for section in source_sections(karta, under):
        form = bound.get(section.pk)
        rows.append(
            {
                "section": section,
                "used": section.pk in used,
                "form": form,
                "chosen": form is not None,
                "text": form.data.get(f"s{section.pk}-text", "") if form else section.text,
                "theme_id": form.data.get(f"s{section.pk}-theme", "") if form else "",
                "themes": themes,
                "draft": False,
            }
        )
    for section in draft_sections(karta, under):
        rows.append({"section": section, "draft": True, "text": section.text})
    rows.sort(key=lambda r: (r["section"].analysis.node.path, r["draft"], r["section"].pk))
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
    stored = Nulageskarta.objects.filter(pk=karta.pk).values_list("summary", flat=True).first()
    if karta.pk is not None and stored == karta.summary:
        return karta  # a re-save that changes nothing starts no new version
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


def conclusions_add(*, karta, chosen, user=None):
    """Add several conclusions at once, [(section, theme, text)], in one transaction and as one
    change of the karta."""
    with transaction.atomic():
        made = []
        for section, theme, text in chosen:
            order = theme.conclusions.count() + 1
            made.append(
                Conclusion.objects.create(theme=theme, text=text, source=section, order=order)
            )
        karta_note_changed(karta=karta, user=user)
    return made


# --- what a hand-over changes ----------------------------------------------------------------


def _conclusions(content):
    """{conclusion id: (theme title, text, source label)} of a snapshot."""
    out = {}
    for theme in (content or {}).get("themes", []):
        for c in theme["conclusions"]:
            src = c.get("source")
            label = f"{src['node_namn']} – {src['label']}" if src else ""
            out[c["id"]] = {"theme": theme["title"], "text": c["text"], "source": label}
    return out


def karta_diff(old, new):
    """What changed from the snapshot `old` (the last handed-over version's content, or None)
    to `new`: added, removed and changed conclusions, added and removed themes, and whether the
    summary changed. Conclusions are matched by id, so an edited text is a change, not a
    removal and an addition."""
    before, after = _conclusions(old), _conclusions(new)
    changed = []
    for cid in before.keys() & after.keys():
        b, a = before[cid], after[cid]
        if b["text"] != a["text"] or b["theme"] != a["theme"]:
            changed.append({"id": cid, "before": b, "after": a})
    old_themes = {t["id"]: t["title"] for t in (old or {}).get("themes", [])}
    new_themes = {t["id"]: t["title"] for t in new.get("themes", [])}
    return {
        "first": old is None,
        "added": [{"id": i, **after[i]} for i in after if i not in before],
        "removed": [{"id": i, **before[i]} for i in before if i not in after],
        "changed": sorted(changed, key=lambda c: c["id"]),
        # Before the first hand-over every theme is new: the list of conclusions says it all.
        "themes_added": []
        if old is None
        else [new_themes[i] for i in new_themes if i not in old_themes],
        "themes_removed": [old_themes[i] for i in old_themes if i not in new_themes],
        "themes_renamed": [
            (old_themes[i], new_themes[i])
            for i in new_themes
            if i in old_themes and old_themes[i] != new_themes[i]
        ],
        "summary_changed": old is not None and old.get("summary") != new.get("summary"),
        "summary_before": (old or {}).get("summary", ""),
    }


def karta_changes(karta):
    """The diff between the last handed-over version and the karta as it is now."""
    last = latest_version(karta)
    return karta_diff(last.content if last else None, karta_snapshot(karta))


def unsent_conclusion_ids(karta, themes=None):
    """Ids of conclusions that are new or edited since the last hand-over (all of them before
    the first): the karta page marks them as utkast."""
    last = latest_version(karta)
    sent = _conclusions(last.content if last else None)
    out = set()
    for theme in themes if themes is not None else themes_of(karta):
        for c in theme.conclusions.all():
            was = sent.get(c.pk)
            if was is None or was["text"] != c.text or was["theme"] != theme.title:
                out.add(c.pk)
    return out


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
