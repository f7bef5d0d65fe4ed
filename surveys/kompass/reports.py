"""The Kommunkompassen PDF: radar against the national average, a table per area, findings."""

from django.http import Http404

from surveys.models import EvaluationKind, KompassAction, KompassEvaluation
from tillit.org.importer import ImportError_
from tillit.org.models import NodeType
from tillit.reports.registry import ReportType, register

from . import charts, services
from .importer import parse_kind


def _year(job):
    # Tolerate a year posted with a thousand separator ("2 020") from a localized template.
    text = str(job.params.get("year") or "0")
    return int("".join(c for c in text if c.isdigit()) or 0)


def _evaluation(job):
    try:
        kind = parse_kind(job.params.get("typ") or "extern")
        year = _year(job)
    except (ImportError_, ValueError) as exc:
        raise Http404("Utvärderingen finns inte.") from exc
    qs = KompassEvaluation.objects.filter(node=job.node, year=year, kind=kind)
    if (
        job.created_by
        and not services.visible_evaluations(job.created_by, job.node)
        .filter(year=year, kind=kind)
        .exists()
    ):
        qs = qs.none()  # a draft is not printed for someone who may not read it
    evaluation = qs.select_related("version", "node").first()
    if evaluation is None:
        raise Http404("Utvärderingen finns inte eller är inte publicerad.")
    return evaluation


def build(job):
    evaluation = _evaluation(job)
    areas = list(evaluation.version.areas.order_by("number"))
    profile = services.evaluation_profile(evaluation)
    if profile is None:
        raise Http404("Utvärderingen har inga poäng.")
    earlier = [
        e
        for e in KompassEvaluation.objects.of_kommun(job.node).filter(
            year__lt=evaluation.year, computed_at__isnull=False
        )
        if e.is_published or not evaluation.is_published
    ]
    reference = services.latest_reference(evaluation.year)
    findings = {}
    for f in evaluation.findings.select_related("area"):
        findings.setdefault((f.area.number, f.kind), []).append(f.text)
    label = "extern utvärdering" if evaluation.kind == EvaluationKind.EXTERN else "självskattning"
    sources = [f"Källa: SKR Kommunkompassen, {label} {evaluation.year}."]
    if evaluation.kind == EvaluationKind.SJALV:
        sources = [f"Kommunens självskattning enligt Kommunkompassen {evaluation.year}."]
    if reference:
        sources.append(f"Nationellt snitt: SKR Kommunkompassen {reference.year}.")
    if evaluation.is_example:
        sources.append("Observera: exempeldata i demonstrationssyfte.")
    return {
        "evaluation": evaluation,
        "profile": profile,
        "areas": [
            (a, findings.get((a.number, "styrka"), []), findings.get((a.number, "forbattring"), []))
            for a in profile.areas
        ],
        "chart": charts.comparison([evaluation, *earlier], reference, areas),
        "actions": KompassAction.objects.filter(plan__evaluation=evaluation).select_related("area"),
        "sources": sources,
        "data_as_of": evaluation.computed_at or evaluation.imported_at,
    }


def _title(job):
    kind = job.params.get("typ") or "extern"
    what = "självskattning" if kind in ("själv", "sjalv") else "extern utvärdering"
    return f"Kommunkompassen {_year(job)}, {what} – {job.node.namn}"


def _choices(node, user):
    evaluations = services.visible_evaluations(user, node).filter(computed_at__isnull=False)
    return {
        "year": sorted({(e.year, str(e.year)) for e in evaluations}, reverse=True),
        "typ": [("extern", "Extern utvärdering"), ("själv", "Självskattning")],
    }


register(
    ReportType(
        kind="kommunkompassen",
        label="Kommunkompassen",
        template="reports/kommunkompassen.html",
        build_context=build,
        title=_title,
        params=["year", "typ"],
        node_types=(NodeType.KOMMUN,),
        param_choices=_choices,
    )
)
