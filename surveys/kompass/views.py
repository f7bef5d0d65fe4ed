"""Kommunkompassen pages: the comparison, an evaluation, the upload, findings, handlingsplan."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from surveys.models import EvaluationKind, KompassAction, KompassEvaluation, KompassVersion
from tillit.exports import export_format, table_response
from tillit.locking import StaleEdit, save_checked
from tillit.org.importer import ImportError_
from tillit.org.models import OrgNode
from tillit.org.permissions import (
    VIEW,
    VIEW_PUBLISHED,
    authorize_kommun_admin,
    authorize_kompass_assessor,
    can,
    can_self_assess_kompass,
    get_node,
    is_kommun_admin,
)

from .. import exports
from . import charts, services
from .forms import ActionForm, FindingsForm, PointsUploadForm, SelfAssessmentForm
from .importer import import_points
from .services import findings_initial, findings_save, plan_for


def _kommun(user, kod, action=VIEW_PUBLISHED):
    node = get_node(user, kod, action)
    if node.depth != 1:
        raise Http404("Kommunkompassen gäller hela kommunen.")
    return node


def _kommun_admin(user, kod):
    """The kommun for its administrators (the kommun-wide gate); any other node is 404."""
    kommun = authorize_kommun_admin(user)
    if kommun is None or kommun.kod != kod:
        raise Http404("Kommunkompassen gäller hela kommunen.")
    return kommun


def _evaluation(user, kommun, pk):
    """An evaluation the user may read (drafts need VIEW: politicians get 404 for a draft)."""
    return get_object_or_404(services.visible_evaluations(user, kommun), pk=pk)


@login_required
def home(request):
    """The main menu's entry: the kommun's Kommunkompassen page."""
    root = OrgNode.objects.kommun()
    if root is None:
        raise Http404("Det finns ingen kommun upplagd.")
    return redirect("surveys:kompass:overview", kod=root.kod)


@login_required
def overview(request, kod):
    kommun = _kommun(request.user, kod)
    evaluations = list(services.visible_evaluations(request.user, kommun))
    computed = [e for e in evaluations if e.computed_at]
    version = computed[0].version if computed else KompassVersion.objects.first()
    areas = list(version.areas.order_by("number")) if version else []
    reference = services.latest_reference(computed[0].year if computed else None)
    if fmt := export_format(request):
        table = exports.kompass_overview_table(kommun, evaluations, reference)
        return table_response(request, table, fmt)
    return render(
        request,
        "surveys/kompass/overview.html",
        {
            "node": kommun,
            "crumbs": [*kommun.ancestors(), kommun],
            "evaluations": evaluations,
            "reference": reference,
            "chart": charts.comparison(computed, reference, areas),
            "can_manage": is_kommun_admin(request.user),
            "can_assess": can_self_assess_kompass(request.user, kommun),
            "this_year": timezone.localdate().year,
        },
    )


@login_required
def evaluation_detail(request, kod, pk):
    kommun = _kommun(request.user, kod)
    evaluation = _evaluation(request.user, kommun, pk)
    areas = list(evaluation.version.areas.order_by("number"))
    earlier = [
        e
        for e in services.visible_evaluations(request.user, kommun)
        if e.year < evaluation.year and e.computed_at
    ]
    reference = services.latest_reference(evaluation.year)
    findings = list(evaluation.findings.all())
    profile = services.evaluation_profile(evaluation)
    if fmt := export_format(request):
        table = exports.kompass_evaluation_table(kommun, evaluation, profile)
        return table_response(request, table, fmt)
    plans = evaluation.plans.prefetch_related("actions__area", "actions__subarea")
    if fmt := export_format(request, "handlingsplan"):
        table = exports.handlingsplan_table(
            f"Handlingsplan Kommunkompassen {evaluation.year} {kommun.namn}",
            [a for plan in plans for a in plan.actions.all()],
            filename=f"handlingsplan-kommunkompassen-{evaluation.year}-{kommun.kod}",
            source="Tillit (Kommunkompassens handlingsplan)",
            plan_of=_kompass_area,
        )
        return table_response(request, table, fmt)
    return render(
        request,
        "surveys/kompass/evaluation.html",
        {
            "node": kommun,
            "evaluation": evaluation,
            "profile": profile,
            "areas": _with_findings(profile, findings) if profile else [],
            "chart": charts.comparison([evaluation, *earlier], reference, areas)
            if evaluation.computed_at
            else None,
            "plans": plans,
            "report_params": {"year": str(evaluation.year), "typ": evaluation.kind},
            "can_manage": is_kommun_admin(request.user),
            "can_assess": evaluation.kind == EvaluationKind.SJALV
            and can_self_assess_kompass(request.user, kommun),
            "comments": {
                p.subarea.code: p.comment
                for p in evaluation.points.select_related("subarea")
                if p.comment
            },
            "can_view": can(request.user, VIEW, kommun),
        },
    )


def _kompass_area(action):
    area = f"{action.plan.title}: {action.area.number} {action.area.name}"
    return f"{area}, {action.subarea.code} {action.subarea.name}" if action.subarea else area


def _with_findings(profile, findings):
    by_area = {}
    for f in findings:
        by_area.setdefault((f.area.number, f.kind), []).append(f.text)
    return [
        (a, by_area.get((a.number, "styrka"), []), by_area.get((a.number, "forbattring"), []))
        for a in profile.areas
    ]


@login_required
def upload(request, kod):
    kommun = _kommun_admin(request.user, kod)
    form = PointsUploadForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            evaluation = import_points(
                data=data["file"].read(),
                year=data["year"],
                kind=data["kind"],
                node=kommun,
                user=request.user,
            )
        except ImportError_ as exc:
            errors = exc.errors
        else:
            messages.success(
                request, f"{evaluation} har importerats ({evaluation.points.count()} delområden)."
            )
            if evaluation.kind == EvaluationKind.REFERENS:
                return redirect("surveys:kompass:overview", kod=kommun.kod)
            return redirect(evaluation)
    return render(
        request, "surveys/kompass/upload.html", {"node": kommun, "form": form, "errors": errors}
    )


@login_required
@require_POST
def publish(request, kod, pk):
    kommun = _kommun_admin(request.user, kod)
    evaluation = _evaluation(request.user, kommun, pk)
    if evaluation.is_published:
        evaluation.unpublish()
        messages.success(request, f"{evaluation} är åter ett utkast.")
    else:
        evaluation.publish()
        messages.success(request, f"{evaluation} är publicerad och syns för förtroendevalda.")
    return redirect(evaluation)


@login_required
def findings(request, kod, pk):
    kommun = _kommun_admin(request.user, kod)
    evaluation = _evaluation(request.user, kommun, pk)
    areas = list(evaluation.version.areas.order_by("number"))
    form = FindingsForm(
        request.POST or None,
        areas=areas,
        initial=findings_initial(evaluation, areas),
        record=evaluation,
    )
    if request.method == "POST" and form.is_valid():
        findings_save(evaluation=evaluation, areas=areas, data=form.cleaned_data, seen=form.seen())
        messages.success(request, "Styrkor och förbättringsområden har sparats.")
        return redirect(evaluation)
    return render(
        request,
        "surveys/kompass/findings.html",
        {"node": kommun, "evaluation": evaluation, "form": form},
    )


@login_required
def action_form(request, kod, pk, action_pk=None):
    """Create or change an action in the evaluation's handlingsplan."""
    kommun = _kommun_admin(request.user, kod)
    evaluation = _evaluation(request.user, kommun, pk)
    action = (
        get_object_or_404(KompassAction, pk=action_pk, plan__evaluation=evaluation)
        if action_pk
        else None
    )
    initial = {}
    if action is None and request.GET.get("omrade"):
        initial["area"] = evaluation.version.areas.filter(number=request.GET["omrade"]).first()
    form = ActionForm(
        request.POST or None,
        instance=action,
        initial=initial,
        evaluation=evaluation,
        kommun=kommun,
    )
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.plan = action.plan if action else plan_for(evaluation)
        save_checked(saved, form.seen())
        messages.success(request, "Åtgärden har sparats i handlingsplanen.")
        return redirect(evaluation)
    return render(
        request,
        "surveys/kompass/action_form.html",
        {"node": kommun, "evaluation": evaluation, "form": form, "action": action},
    )


@login_required
def self_assessment(request, kod, year):
    """The kommun's own assessment (kind själv) for `year`, entered per sub-area with comments.

    A published self-assessment is read as published: make it a draft first to change it."""
    kommun = get_node(request.user, kod, VIEW_PUBLISHED)
    if kommun.depth != 1:
        raise Http404("Kommunkompassen gäller hela kommunen.")
    authorize_kompass_assessor(request.user, kommun)
    evaluation = KompassEvaluation.objects.filter(
        node=kommun, year=year, kind=EvaluationKind.SJALV
    ).first()
    version = evaluation.version if evaluation else KompassVersion.for_year(year)
    if version is None:
        raise Http404("Det finns ingen version av Kommunkompassen inlagd.")
    if evaluation is not None and evaluation.is_published:
        messages.error(
            request,
            f"{evaluation} är publicerad. Gör den till utkast för att ändra poäng och kommentarer.",
        )
        return redirect(evaluation)
    form = SelfAssessmentForm(
        request.POST or None,
        frame=services.frame_of(version),
        initial=services.self_assessment_initial(evaluation),
        record=evaluation,
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.self_assessment_save(
                kommun=kommun,
                year=year,
                version=version,
                data=form.cleaned_data,
                seen=form.seen(),
                user=request.user,
                evaluation=evaluation,
            )
        except StaleEdit:
            form.mark_stale()
        else:
            messages.success(request, f"Självskattningen {year} är sparad.")
            return redirect(saved)
    return render(
        request,
        "surveys/kompass/self_assessment.html",
        {
            "node": kommun,
            "year": year,
            "version": version,
            "evaluation": evaluation,
            "form": form,
        },
    )
