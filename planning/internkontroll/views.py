"""Internkontroll pages: the risk analysis with its matrix, the plan and its adopted versions,
the controls carried out, the follow-up, the risk register import and the kommun overview."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from surveys.models.actions import ActionStatus
from tillit.exports import export_format, table_response
from tillit.org.models import OrgNode
from tillit.org.permissions import (
    COMPILE,
    PREPARE,
    VIEW,
    VIEW_PUBLISHED,
    authorize_own,
    can,
    get_node,
    nodes_where,
)

from .. import exports
from . import rules, services
from .charts import risk_matrix_svg
from .forms import (
    STALE_MESSAGE,
    AdoptForm,
    ControlForm,
    IntroductionForm,
    ResultForm,
    RiskForm,
    UploadForm,
)
from .importer import HEADER, ImportError_, import_risker
from .models import (
    Internkontrollplan,
    KontrollAction,
    Kontrollmoment,
    PlanVersion,
    Risk,
)


def _crumbs(node):
    return [*node.ancestors(), node]


def _year(request):
    text = request.GET.get("ar", "")
    return int(text) if text.isdigit() and 2000 <= int(text) <= 2100 else timezone.localdate().year


def _ctx(node, year, **extra):
    return {"node": node, "year": year, "crumbs": _crumbs(node), **extra}


# -- overview ----------------------------------------------------------------------------------
@login_required
def index(request):
    """Per nämnd: plan adopted?, controls done / with deviations / overdue (uppsiktsplikt)."""
    year = _year(request)
    boards = nodes_where(request.user, VIEW_PUBLISHED, OrgNode.objects.boards())
    rows = services.kommun_summary(year, boards)
    return render(
        request,
        "planning/internkontroll/index.html",
        {
            "year": year,
            "rows": rows,
            "years": [year - 1, year, year + 1],
            "can_import": nodes_where(request.user, PREPARE, OrgNode.objects.boards()).exists(),
        },
    )


# -- risk analysis -----------------------------------------------------------------------------
@login_required
def risks(request, kod, year):
    node = get_node(request.user, kod, VIEW)
    analysis = services.riskanalys_for(node, year)
    grid = services.matrix_for(analysis)
    return render(
        request,
        "planning/internkontroll/risks.html",
        _ctx(
            node,
            year,
            analysis=analysis,
            risks=services.risks_of(analysis),
            grid=grid,
            svg=risk_matrix_svg(grid, label=f"Riskmatris {year} – {node.namn}"),
            konsekvens=rules.KONSEKVENS,
            can_prepare=can(request.user, PREPARE, node),
            has_previous=services.riskanalys_for(node, year - 1) is not None,
        ),
    )


@login_required
def risk_edit(request, kod, year, pk=None):
    node = get_node(request.user, kod, PREPARE)
    analysis = services.riskanalys_for(node, year, create=request.method == "POST")
    risk = (
        get_object_or_404(Risk, pk=pk, analysis__node=node, analysis__year=year)
        if pk
        else Risk(analysis=analysis)
    )
    form = RiskForm(request.POST or None, instance=risk, node=node)
    if request.method == "POST" and form.is_valid():
        try:
            services.risk_save(
                risk=form.save(commit=False), seen_revision=form.seen(), user=request.user
            )
        except services.StaleEdit:
            messages.error(request, STALE_MESSAGE)
        else:
            messages.success(request, f"Risken {risk.title} har sparats.")
            return redirect("internkontroll:risks", node.kod, year)
    return render(
        request, "planning/internkontroll/risk_form.html", _ctx(node, year, form=form, risk=risk)
    )


@login_required
@require_POST
def risks_carry_over(request, kod, year):
    node = get_node(request.user, kod, PREPARE)
    analysis = services.riskanalys_for(node, year, create=True)
    count = services.risks_carry_over(analysis=analysis, user=request.user)
    messages.success(request, f"{count} risker från {year - 1} har förts över för ny bedömning.")
    return redirect("internkontroll:risks", node.kod, year)


# -- the plan ----------------------------------------------------------------------------------
@login_required
def plan(request, kod, year):
    """The working plan for those who may read drafts; the adopted version for the others."""
    node = get_node(request.user, kod, VIEW_PUBLISHED)
    live = services.plan_for(node, year)
    if not can(request.user, VIEW, node):
        version = services.latest_version(live)
        if version is None:
            raise Http404("Ingen antagen internkontrollplan finns.")
        return redirect(version)
    controls = services.controls_of(live)
    if fmt := export_format(request):
        table = exports.internkontroll_plan_table(node, year, live, controls)
        return table_response(request, table, fmt)
    return render(
        request,
        "planning/internkontroll/plan.html",
        _ctx(
            node,
            year,
            plan=live,
            controls=controls,
            versions=list(live.versions.all()) if live else [],
            warning=rules.too_many_controls(len(controls)),
            can_prepare=can(request.user, PREPARE, node),
            can_adopt=can(request.user, COMPILE, node),
            adopt_form=AdoptForm(initial={"adopted_on": timezone.localdate()}),
            intro_form=IntroductionForm(
                initial={"introduction": live.introduction if live else ""}, record=live
            ),
        ),
    )


@login_required
@require_POST
def plan_introduction(request, kod, year):
    node = get_node(request.user, kod, PREPARE)
    live = services.plan_for(node, year, create=True)
    form = IntroductionForm(request.POST, record=live)
    if form.is_valid():
        live.introduction = form.cleaned_data["introduction"]
        try:
            services.plan_save(plan=live, seen_revision=form.seen(), user=request.user)
        except services.StaleEdit:
            messages.error(request, STALE_MESSAGE)
        else:
            messages.success(request, "Inledningen har sparats.")
    return redirect("internkontroll:plan", node.kod, year)


@login_required
@require_POST
def controls_from_risks(request, kod, year):
    node = get_node(request.user, kod, PREPARE)
    live = services.plan_for(node, year, create=True)
    count = services.controls_from_risks(plan=live, user=request.user)
    messages.success(request, f"{count} risker har lagts in i planen som kontrollmoment.")
    return redirect("internkontroll:plan", node.kod, year)


@login_required
def control_edit(request, kod, year, pk=None):
    node = get_node(request.user, kod, PREPARE)
    live = services.plan_for(node, year, create=request.method == "POST")
    control = (
        get_object_or_404(Kontrollmoment, pk=pk, plan__node=node, plan__year=year)
        if pk
        else Kontrollmoment(plan=live, order=live.controls.count() + 1 if live else 1)
    )
    form = ControlForm(
        request.POST or None,
        instance=control,
        plan=live or Internkontrollplan(node=node, year=year),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.control_save(
                control=form.save(commit=False), seen_revision=form.seen(), user=request.user
            )
        except services.StaleEdit:
            messages.error(request, STALE_MESSAGE)
        else:
            messages.success(request, f"Kontrollmomentet {control.title} har sparats.")
            return redirect("internkontroll:plan", node.kod, year)
    return render(
        request,
        "planning/internkontroll/control_form.html",
        _ctx(node, year, form=form, control=control),
    )


@login_required
@require_POST
def plan_adopt(request, kod, year):
    node = get_node(request.user, kod, COMPILE)
    live = services.plan_for(node, year)
    form = AdoptForm(request.POST)
    if live is None or not form.is_valid():
        messages.error(request, "Ange det datum då nämnden antog planen.")
        return redirect("internkontroll:plan", node.kod, year)
    try:
        version = services.plan_adopt(
            plan=live, user=request.user, adopted_on=form.cleaned_data["adopted_on"]
        )
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect("internkontroll:plan", node.kod, year)
    messages.success(request, f"Version {version.number} av planen är antagen och låst.")
    return redirect(version)


@login_required
def version(request, kod, year, number):
    node = get_node(request.user, kod, VIEW_PUBLISHED)
    frozen = get_object_or_404(
        PlanVersion.objects.select_related("plan", "adopted_by"),
        plan__node=node,
        plan__year=year,
        number=number,
    )
    return render(
        request,
        "planning/internkontroll/version.html",
        _ctx(node, year, version=frozen, controls=frozen.content.get("controls", [])),
    )


@login_required
def followup(request, kod, year):
    node = get_node(request.user, kod, VIEW_PUBLISHED)
    frozen = services.latest_version(services.plan_for(node, year))
    rows = services.followup_rows(frozen)
    if fmt := export_format(request):
        table = exports.internkontroll_followup_table(node, year, frozen, rows)
        return table_response(request, table, fmt)
    return render(
        request,
        "planning/internkontroll/followup.html",
        _ctx(node, year, version=frozen, rows=rows, counts=services.followup_counts(rows)),
    )


# -- controls carried out ----------------------------------------------------------------------
@login_required
def control(request, pk):
    """A control of an adopted plan: its responsible person (or whoever prepares the plan)
    records the result and, for a deviation, the actions."""
    item = get_object_or_404(
        Kontrollmoment.objects.select_related("plan__node", "risk", "responsible"), pk=pk
    )
    node = item.plan.node
    authorize_own(request.user, node, item.responsible_id)
    adopted = services.is_adopted(item)
    form = ResultForm(request.POST or None, initial={"performed_on": timezone.localdate()})
    if request.method == "POST" and adopted and form.is_valid():
        d = form.cleaned_data
        services.result_record(
            control=item,
            user=request.user,
            outcome=d["outcome"],
            findings=d["findings"],
            performed_on=d["performed_on"],
            actions=form.actions(),
        )
        messages.success(request, "Kontrollen är registrerad.")
        return redirect("internkontroll:control", item.pk)
    return render(
        request,
        "planning/internkontroll/control.html",
        {
            "item": item,
            "node": node,
            "year": item.plan.year,
            "crumbs": _crumbs(node),
            "adopted": adopted,
            "form": form,
            "results": item.results.prefetch_related("actions__responsible").select_related(
                "recorded_by"
            ),
            "statuses": ActionStatus.choices,
        },
    )


@login_required
@require_POST
def action_status(request, pk):
    action = get_object_or_404(
        KontrollAction.objects.select_related("node", "result__control"), pk=pk
    )
    authorize_own(request.user, action.node, action.responsible_id)
    status = request.POST.get("status")
    if status in ActionStatus.values:
        services.action_set_status(action=action, status=status)
        messages.success(request, f"Åtgärden är {action.get_status_display().lower()}.")
    return redirect("internkontroll:control", action.result.control_id)


# -- import ------------------------------------------------------------------------------------
@login_required
def risk_import(request):
    if not nodes_where(request.user, PREPARE, OrgNode.objects.boards()).exists():
        raise Http404("Sidan finns inte.")
    form = UploadForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            result = import_risker(form.cleaned_data["file"].read(), user=request.user)
        except ImportError_ as exc:
            errors = exc.errors
        else:
            messages.success(request, f"Importen är klar: {result.summary()}")
            return redirect("internkontroll:index")
    return render(
        request,
        "planning/internkontroll/import.html",
        {"form": form, "errors": errors, "header": ";".join(HEADER)},
    )
