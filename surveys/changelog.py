"""Surveys' entries in the Ändringslogg (tillit/reports/changelog.py): published
Kommunkompassen evaluations (publishing and imports)."""

from tillit.reports.changelog import Change, register_changes

from .models import KompassEvaluation


@register_changes
def published_evaluations(limit):
    rows = []
    evaluations = (
        KompassEvaluation.objects.published()
        .select_related("node", "imported_by")
        .order_by("-published_at")[:limit]
    )
    for e in evaluations:
        if e.published_at:
            rows.append(Change(e.published_at, None, str(e), "Publicerad", _url(e)))
        if e.imported_at:
            rows.append(Change(e.imported_at, e.imported_by, str(e), "Poäng importerade", _url(e)))
    return rows


def _url(evaluation):
    try:
        return evaluation.get_absolute_url()
    except Exception:  # a reference profile has no kommun page
        return ""
