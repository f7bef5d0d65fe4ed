from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from tillit.org.models import OrgNode, Role
from tillit.org.permissions import EDIT, PREPARE, authorize_kommun_admin, get_node
from tillit.validation import safe_next

from . import documents
from .forms import PlanperiodForm, StepFormSet
from .models import CycleStep, Planperiod, StepCompletion, planperiod_create
from .tasks_for_user import tasks_for

MONTHS = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
]


@login_required
def year_view(request, budget_year=None):
    """The årshjul as twelve months per calendar year, with the user's own open tasks marked."""
    period = (
        get_object_or_404(Planperiod, budget_year=budget_year)
        if budget_year
        else Planperiod.current()
    )
    if period is None:
        return render(request, "cycle/year.html", {"period": None})
    steps = list(period.steps.all())
    by_month = defaultdict(list)
    for step in steps:
        by_month[(step.deadline.year, step.deadline.month)].append(step)
    today = timezone.localdate()
    months = [
        {
            "year": y,
            "month": m,
            "name": f"{MONTHS[m - 1]} {y}",
            "steps": by_month[(y, m)],
            "now": (y, m) == (today.year, today.month),
        }
        for y in sorted({k[0] for k in by_month} | {period.budget_year})
        for m in range(1, 13)
        if by_month[(y, m)] or y == period.budget_year - 1 or y == period.budget_year
    ]
    return render(
        request,
        "cycle/year.html",
        {
            "period": period,
            "periods": Planperiod.objects.all(),
            "months": months,
            "tasks": tasks_for(request.user),
            "root": OrgNode.objects.kommun(),
            "report_params": {"year": period.budget_year},
        },
    )


@login_required
def complete_step(request, step_id, kod):
    """Mark (or unmark) a node's part of a step as done, after a confirmation page (GET).

    Only steps without a document: a step carried by a document (a plan, an analysis) is done
    when the document is marked klar (tillit/cycle/documents.py)."""
    step = get_object_or_404(CycleStep, pk=step_id)
    node = get_node(request.user, kod, EDIT if step.responsible_role != Role.STOD else PREPARE)
    done = StepCompletion.objects.filter(step=step, node=node)
    back = safe_next(request) or reverse("home")
    if documents.has_document(step.kind):
        messages.error(
            request,
            f"{step.display_title} för {node.namn} blir klar när dokumentet markeras som klart.",
        )
        return redirect(documents.url_of(step.kind, node, step.planperiod) or back)
    if request.method != "POST":
        return render(
            request,
            "cycle/complete_confirm.html",
            {"step": step, "node": node, "is_done": done.exists(), "next": back},
        )
    if done.exists():
        done.delete()
        messages.success(request, f"{step.display_title} för {node.namn} är inte längre klar.")
    else:
        StepCompletion.objects.create(step=step, node=node, completed_by=request.user)
        messages.success(request, f"{step.display_title} för {node.namn} är markerad som klar.")
    return redirect(back)


@login_required
def periods(request):
    authorize_kommun_admin(request.user)
    form = PlanperiodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        period = planperiod_create(
            budget_year=form.cleaned_data["budget_year"],
            plan_years=form.cleaned_data["plan_years"],
            make_current=not Planperiod.objects.exists(),
        )
        messages.success(request, f"{period} har skapats med årshjulets standardsteg.")
        return redirect("cycle:period", budget_year=period.budget_year)
    return render(
        request, "cycle/periods.html", {"form": form, "periods": Planperiod.objects.all()}
    )


@login_required
def period_edit(request, budget_year):
    authorize_kommun_admin(request.user)
    period = get_object_or_404(Planperiod, budget_year=budget_year)
    formset = StepFormSet(request.POST or None, instance=period)
    if request.method == "POST":
        if "make_current" in request.POST:
            with transaction.atomic():
                Planperiod.objects.filter(is_current=True).update(is_current=False)
                period.is_current = True
                period.save(update_fields=["is_current"])
            messages.success(request, f"{period} är nu aktuell planperiod.")
            return redirect("cycle:period", budget_year=period.budget_year)
        if formset.is_valid():
            formset.save()
            messages.success(request, "Årshjulet har sparats.")
            return redirect("cycle:period", budget_year=period.budget_year)
        messages.error(request, "Årshjulet sparades inte. Rätta de markerade fälten.")
    return render(request, "cycle/period_edit.html", {"period": period, "formset": formset})
