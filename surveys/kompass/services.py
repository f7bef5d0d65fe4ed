"""Kommunkompassen over the database: findings and handlingsplaner (writes outside the
import), computing an evaluation's stored scores, and the reads the pages and reports share."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from surveys.models import (
    EvaluationStatus,
    FindingKind,
    KompassAction,
    KompassActionPlan,
    KompassArea,
    KompassAreaScore,
    KompassEvaluation,
    KompassFinding,
)
from tillit.locking import save_checked
from tillit.org.permissions import VIEW, VIEW_PUBLISHED, can

from .rules import frame_of, score


@transaction.atomic
def findings_save(*, evaluation, areas, data, seen):
    """Replace evaluators, strengths and improvement opportunities from a FindingsForm's data,
    if nobody saved them since revision `seen` (StaleEdit otherwise)."""
    evaluation.evaluators = data.get("evaluators", "").strip()
    save_checked(evaluation, seen, update_fields=["evaluators"])
    evaluation.findings.all().delete()
    rows = []
    for area in areas:
        for kind in (FindingKind.STYRKA, FindingKind.FORBATTRING):
            lines = [x.strip() for x in data.get(f"{kind}_{area.number}", "").splitlines()]
            rows += [
                KompassFinding(evaluation=evaluation, area=area, kind=kind, text=text, position=i)
                for i, text in enumerate(x for x in lines if x)
            ]
    KompassFinding.objects.bulk_create(rows)


def findings_initial(evaluation, areas):
    initial = {"evaluators": evaluation.evaluators}
    for f in evaluation.findings.select_related("area"):
        key = f"{f.kind}_{f.area.number}"
        initial[key] = (initial.get(key, "") + "\n" + f.text).strip()
    return initial


def plan_for(evaluation):
    """The evaluation's handlingsplan (created on first use)."""
    plan, _ = KompassActionPlan.objects.get_or_create(
        evaluation=evaluation,
        node=evaluation.node,
        defaults={"title": f"Handlingsplan efter Kommunkompassen {evaluation.year}"},
    )
    return plan


# Computing and reading stored evaluations ------------------------------------------------------


def evaluation_profile(evaluation):
    """The profile of a stored evaluation, computed from its unrounded points (3 queries)."""
    frame = frame_of(evaluation.version)
    points = {p.subarea.code: p.points for p in evaluation.points.select_related("subarea")}
    if not points:
        return None
    return score(frame, points)


def area_percentages(evaluations):
    """{evaluation id: [pct per area 1..8]} from the stored area scores (one query)."""
    result = {e.pk: {} for e in evaluations}
    for s in KompassAreaScore.objects.filter(evaluation__in=list(result)).select_related("area"):
        result[s.evaluation_id][s.area.number] = s.pct
    return {pk: [by_area.get(n) for n in sorted(by_area)] for pk, by_area in result.items()}


def compute_evaluation(evaluation):
    """Store area scores and the total of an evaluation from its unrounded points. Idempotent."""
    profile = evaluation_profile(evaluation)
    KompassAreaScore.objects.filter(evaluation=evaluation).delete()
    if profile is None:
        evaluation.total_points = evaluation.total_pct = None
    else:
        areas = {a.number: a for a in KompassArea.objects.filter(version=evaluation.version_id)}
        KompassAreaScore.objects.bulk_create(
            KompassAreaScore(
                evaluation=evaluation,
                area=areas[a.number],
                points=a.points,
                max_points=a.max_points,
                pct=a.pct,
            )
            for a in profile.areas
        )
        evaluation.total_points, evaluation.total_pct = profile.total.points, profile.total.pct
    evaluation.computed_at = timezone.now()
    evaluation.save(update_fields=["total_points", "total_pct", "computed_at"])
    return profile


def visible_evaluations(user, kommun):
    """The kommun's evaluations `user` may read: drafts need VIEW, the rest VIEW_PUBLISHED."""
    qs = KompassEvaluation.objects.of_kommun(kommun).select_related("version")
    if can(user, VIEW, kommun):
        return qs
    if can(user, VIEW_PUBLISHED, kommun):
        return qs.filter(status=EvaluationStatus.PUBLICERAD)
    return qs.none()


def latest_reference(year=None, published_only=True):
    """The national average closest before (or in) `year`, else the newest one."""
    qs = KompassEvaluation.objects.references().select_related("version")
    if published_only:
        qs = qs.filter(status=EvaluationStatus.PUBLICERAD)
    if year is not None:
        before = qs.filter(year__lte=year).order_by("-year").first()
        if before:
            return before
    return qs.order_by("-year").first()


def kompass_open_actions(node):
    """Open handlingsplan actions that concern `node`: plans on the node or above it, and actions
    a unit in its subtree is responsible for. For the verksamhetsdialog and follow-up."""
    paths = [*node.ancestor_paths(), node.path]
    return (
        KompassAction.objects.open()
        .filter(Q(plan__node__path__in=paths) | Q(responsible_node__path__startswith=node.path))
        .select_related("plan", "area", "subarea", "responsible_node")
        .order_by("due_on", "area__number", "pk")
    )


def self_assessment_initial(evaluation):
    """The form's initial values from a stored self-assessment (points as typed, Swedish)."""
    if evaluation is None:
        return {}
    initial = {"note": evaluation.note}
    for p in evaluation.points.select_related("subarea"):
        key = p.subarea.code.replace(".", "_")
        text = format(p.points.normalize(), "f").replace(".", ",")
        initial[f"poang_{key}"] = text
        initial[f"kommentar_{key}"] = p.comment
    return initial


def self_assessment_save(*, kommun, year, version, data, seen, user, evaluation=None):
    """Store the kommun's self-assessment for `year` from a SelfAssessmentForm's data: every
    sub-area's points and comment replace the earlier ones, all or nothing, if nobody saved
    since revision `seen` (StaleEdit otherwise); the area scores are computed on commit."""
    from surveys.models import EvaluationKind, EvaluationStatus, KompassPoints, KompassSubArea

    from .tasks import compute_kompass_evaluation

    with transaction.atomic():
        if evaluation is None:
            evaluation = KompassEvaluation(
                node=kommun,
                year=year,
                kind=EvaluationKind.SJALV,
                version=version,
                status=EvaluationStatus.UTKAST,
            )
        evaluation.note = data.get("note", "")
        evaluation.imported_at, evaluation.imported_by = timezone.now(), user
        save_checked(evaluation, seen)
        subareas = {s.code: s for s in KompassSubArea.objects.filter(area__version=version)}
        evaluation.points.all().delete()
        KompassPoints.objects.bulk_create(
            KompassPoints(
                evaluation=evaluation,
                subarea=subareas[code],
                points=value,
                comment=data["comments"].get(code, ""),
            )
            for code, value in data["points"].items()
        )
        transaction.on_commit(lambda: compute_kompass_evaluation.delay(evaluation.pk))
    return evaluation
