"""Planning's entries in the Ändringslogg (tillit/reports/changelog.py): nulägeskartor handed
over to a nämnd (each hand-over, and every change to a karta, its themes or conclusions after
its first hand-over, from the simple-history tables), and goal statuses and uppdrag reports in
published follow-ups (who saved them last)."""

from django.db.models import Min

from tillit.reports.changelog import CHANGE, Change, register_changes

from .models import (
    Conclusion,
    GoalStatus,
    KartaTheme,
    Nulageskarta,
    NulageskartaVersion,
    UppdragReport,
)


@register_changes
def handed_over_kartor(limit):
    rows = []
    versions = NulageskartaVersion.objects.select_related(
        "karta__node", "karta__planperiod", "handed_over_by"
    ).order_by("-handed_over_at")[:limit]
    for v in versions:
        rows.append(
            Change(
                v.handed_over_at,
                v.handed_over_by,
                _karta_name(v.karta),
                f"Överlämnad till nämnden (version {v.number})",
                v.get_absolute_url(),
            )
        )
    first = dict(
        NulageskartaVersion.objects.values("karta")
        .annotate(first=Min("handed_over_at"))
        .values_list("karta", "first")
    )
    kartor = {
        k.pk: k
        for k in Nulageskarta.objects.filter(pk__in=first).select_related("node", "planperiod")
    }
    theme_karta = dict(
        KartaTheme.history.filter(karta_id__in=first).values_list("id", "karta_id").distinct()
    )
    sources = [
        (Nulageskarta.history.filter(id__in=first), lambda h: h.id, "sammanfattning och status"),
        (KartaTheme.history.filter(karta_id__in=first), lambda h: h.karta_id, "tema"),
        (
            Conclusion.history.filter(theme_id__in=list(theme_karta)),
            lambda h: theme_karta.get(h.theme_id),
            "slutsats",
        ),
    ]
    for qs, karta_of, what in sources:
        for h in qs.select_related("history_user").order_by("-history_date")[:limit]:
            karta_id = karta_of(h)
            if karta_id not in first or h.history_date <= first[karta_id]:
                continue
            karta = kartor[karta_id]
            label = getattr(h, "title", "") or getattr(h, "text", "")[:60]
            rows.append(
                Change(
                    h.history_date,
                    h.history_user,
                    _karta_name(karta),
                    f"{CHANGE.get(h.history_type, h.history_type)} {what}"
                    + (f": {label}" if label and what != "sammanfattning och status" else ""),
                    karta.get_absolute_url(),
                )
            )
    return rows


@register_changes
def published_goal_statuses(limit):
    statuses = (
        GoalStatus.objects.filter(followup__published=True)
        .select_related("followup", "node", "namndmal", "overarching", "updated_by")
        .order_by("-updated_at")[:limit]
    )
    return [
        Change(
            s.updated_at,
            s.updated_by,
            f"{s.followup} – {s.node.namn}",
            f"Status {s.get_status_display().lower()} för {s.goal}",
            s.followup.get_absolute_url(),
        )
        for s in statuses
    ]


@register_changes
def published_uppdrag_reports(limit):
    reports = (
        UppdragReport.objects.filter(followup__published=True)
        .select_related("followup", "uppdrag", "updated_by")
        .order_by("-updated_at")[:limit]
    )
    return [
        Change(
            r.updated_at,
            r.updated_by,
            str(r.followup),
            f"Återrapportering av uppdraget {r.uppdrag}: {r.get_status_display().lower()}",
            r.followup.get_absolute_url(),
        )
        for r in reports
    ]


def _karta_name(karta):
    return f"Nulägeskarta {karta.node.namn} {karta.planperiod.budget_year}"
