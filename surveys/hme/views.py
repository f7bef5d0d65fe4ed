"""HME pages: anonymous answering, personal invitations, results, handlingsplan and
administration."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from surveys.models import (
    ActionStatus,
    HmeAction,
    HmePlan,
    HmeReference,
    HmeResponse,
    HmeRound,
)
from tillit.locking import MISSING_MESSAGE, STALE_MESSAGE, StaleEdit, save_checked
from tillit.notifications.models import Kind
from tillit.notifications.service import notify
from tillit.org.importer import ImportError_
from tillit.org.models import OrgNode
from tillit.org.permissions import (
    EDIT,
    VIEW,
    VIEW_PUBLISHED,
    assignments,
    authorize,
    authorize_hme_issuer,
    authorize_kommun_admin,
    can,
    can_issue_hme_invitations,
    is_kommun_admin,
)

from . import rules, services
from .forms import (
    ActionForm,
    AnswerForm,
    HmeUploadForm,
    InvitationForm,
    PlanForm,
    ReferenceForm,
    RoundForm,
)
from .importer import import_hme
from .invitations import IssueError, issue_invitations, units_for
from .results import node_report, release_conflict_message, release_conflicts


def _node(kod):
    return get_object_or_404(OrgNode, kod=kod)


# --- answering (no account) ---------------------------------------------------------------


@never_cache
def answer(request, token):
    survey = services.find_survey(token)
    if survey is None:
        if services.is_retired_link(token):
            return render(request, "surveys/hme/retired.html", status=410)
        raise Http404("Länken finns inte.")
    rnd, node, invitation = survey
    if not rnd.is_open:
        return render(request, "surveys/hme/closed.html", {"round": rnd})
    if invitation.used:
        return render(request, "surveys/hme/closed.html", {"round": rnd, "used": True})
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = services.submit_response(token, form.answers(), form.cleaned_data.get("kon"))
        if outcome == "ok":
            return redirect("surveys:hme_thanks")
        return render(request, "surveys/hme/closed.html", {"round": rnd, "used": outcome == "used"})
    return render(request, "surveys/hme/answer.html", {"form": form, "round": rnd, "node": node})


def thanks(request):
    return render(request, "surveys/hme/thanks.html")


# --- managers -----------------------------------------------------------------------------


@login_required
def home(request):
    """Rounds, and for each of the user's places the pages they may open."""
    places = [a.node for a in assignments(request.user)]
    if request.user.is_superuser and not places:
        places = [root for root in [OrgNode.objects.kommun()] if root is not None]
    rows = []
    for place in places:
        issue = can_issue_hme_invitations(request.user, place)
        if can(request.user, VIEW, place):
            rows.append((place, True, issue))
        else:
            # Politicians: their nämnd (or the kommun above it).
            shown = place if place.depth <= rules.PUBLISHED_DEPTH else OrgNode.objects.kommun()
            rows.append((shown, False, issue))
    return render(
        request,
        "surveys/hme/home.html",
        {
            "rounds": HmeRound.objects.all(),
            "places": rows,
            "is_hme_admin": is_kommun_admin(request.user),
        },
    )


def _open_round(request, year):
    """The round, or a redirect to the HME start page when it is not open."""
    rnd = get_object_or_404(HmeRound, year=year)
    if rnd.is_open:
        return rnd, None
    messages.info(request, f"HME {rnd.year} är inte öppen: det skickas inga inbjudningar.")
    return rnd, redirect("surveys:hme_home")


@login_required
@require_GET
def progress(request, year, kod):
    """For the unit's managers while the round is open: how the survey reaches the staff and
    the round's total answers — never a unit's count, never which invitation was used."""
    node = _node(kod)
    authorize(request.user, VIEW, node)
    rnd, away = _open_round(request, year)
    if away:
        return away
    return render(
        request,
        "surveys/hme/progress.html",
        {
            "round": rnd,
            "node": node,
            "crumbs": node.ancestors(),
            "answered": services.answers_so_far(rnd),
            "can_issue": can_issue_hme_invitations(request.user, node),
            "min_group": rules.min_group(),
        },
    )


@login_required
def invitations(request, year, kod):
    """HR or the administratör e-mails a unit's staff their personal invitations."""
    node = _node(kod)
    authorize_hme_issuer(request.user, node)
    rnd, away = _open_round(request, year)
    if away:
        return away
    form = InvitationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            count = issue_invitations(
                rnd=rnd,
                node=node,
                addresses=form.cleaned_data["address_list"],
                headcount=form.cleaned_data["headcount"],
                issued_by=request.user,
                base_url=f"{request.scheme}://{request.get_host()}",
            )
        except IssueError as exc:
            for error in exc.errors:
                form.add_error(None, error)
        else:
            messages.success(
                request, f"{count} personliga inbjudningar skickas med e-post till {node.namn}."
            )
            return redirect("surveys:hme_invitations", year=year, kod=kod)
    return render(
        request,
        "surveys/hme/invitations.html",
        {
            "round": rnd,
            "node": node,
            "crumbs": node.ancestors(),
            "form": form,
            "units": units_for(rnd, node),
        },
    )


@login_required
def results(request, year, kod):
    node = _node(kod)
    full = can(request.user, VIEW, node)
    if not full:
        authorize(request.user, VIEW_PUBLISHED, node)
        if node.depth > rules.PUBLISHED_DEPTH:
            raise PermissionDenied
    rnd = get_object_or_404(HmeRound, year=year)
    report = node_report(rnd, node, max_depth=None if full else rules.PUBLISHED_DEPTH)
    if not rnd.is_computed:
        report = None  # never a live figure while answers come in
    elif not full:
        report.rows = [(n, r) for n, r in report.rows if can(request.user, VIEW_PUBLISHED, n)]
    return render(
        request,
        "surveys/hme/results.html",
        {
            "round": rnd,
            "node": node,
            "crumbs": node.ancestors(),
            "report": report,
            "full": full,
            "min_group": rules.min_group(),
            "can_plan": full and rnd.is_computed,
        },
    )


def _notify_assigned(action, by, year, node):
    """The person named responsible for an HME action is told (not when they named themselves)."""
    if action.responsible_user is None or action.responsible_user_id == by.pk:
        return
    notify(
        [action.responsible_user],
        Kind.ACTION_ASSIGNED,
        f"Åtgärd till dig i HME-handlingsplanen {year} ({node.namn}): {action.text}",
        reverse("surveys:hme_plan", args=[year, node.kod]) + f"#hme-atgard-{action.pk}",
        about=node,
        key=f"hme-atgard:{action.pk}",
    )


@login_required
def plan(request, year, kod):
    node = _node(kod)
    authorize(request.user, VIEW, node)
    rnd = get_object_or_404(HmeRound, year=year, status=HmeRound.Status.COMPUTED)
    editable = can(request.user, EDIT, node)
    current = HmePlan.objects.filter(round=rnd, node=node).first() or HmePlan(round=rnd, node=node)
    plan_form = PlanForm(request.POST if "save_plan" in request.POST else None, instance=current)
    action_form = ActionForm(request.POST if "add_action" in request.POST else None, node=node)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if plan_form.is_bound and plan_form.is_valid():
            plan_form.save()
            messages.success(request, "Fokusområdena har sparats.")
            return redirect("surveys:hme_plan", year=year, kod=kod)
        if action_form.is_bound and action_form.is_valid():
            with transaction.atomic():
                current.save()
                action_form.instance.plan = current
                action = action_form.save()
                _notify_assigned(action, request.user, year, node)
            messages.success(request, "Åtgärden har lagts till.")
            return redirect("surveys:hme_plan", year=year, kod=kod)
    return render(
        request,
        "surveys/hme/plan.html",
        {
            "round": rnd,
            "node": node,
            "crumbs": node.ancestors(),
            "plan": current,
            "plan_form": plan_form,
            "action_form": action_form,
            "actions": current.actions.select_related("responsible_user") if current.pk else [],
            "editable": editable,
            "statuses": ActionStatus.choices,
        },
    )


@login_required
@require_POST
def action_status(request, pk):
    action = get_object_or_404(HmeAction.objects.select_related("plan__round", "plan__node"), pk=pk)
    authorize(request.user, EDIT, action.plan.node)
    seen = request.POST.get("seen_revision", "")
    if request.POST.get("status") in ActionStatus.values:
        action.set_status(request.POST["status"])
        try:
            save_checked(
                action, int(seen) if seen.isdigit() else None, update_fields=["status", "done_on"]
            )
        except StaleEdit:
            messages.error(request, STALE_MESSAGE if seen.isdigit() else MISSING_MESSAGE)
        else:
            messages.success(
                request, f"Status för ”{action.text}” är nu {action.get_status_display().lower()}."
            )
    return redirect("surveys:hme_plan", year=action.plan.round.year, kod=action.plan.node.kod)


# --- administration -----------------------------------------------------------------------


@login_required
def rounds(request):
    authorize_kommun_admin(request.user)
    form = RoundForm(request.POST if "add_round" in request.POST else None)
    reference = ReferenceForm(request.POST if "save_reference" in request.POST else None)
    if form.is_bound and form.is_valid():
        rnd = form.save()
        messages.success(request, f"HME {rnd.year} är öppen för svar.")
        return redirect("surveys:hme_rounds")
    if reference.is_bound and reference.is_valid():
        data = reference.cleaned_data
        HmeReference.objects.update_or_create(
            year=data["year"],
            defaults={k: data[k] for k in ("motivation", "ledarskap", "styrning", "hme")},
        )
        messages.success(request, f"Rikets värden för {data['year']} har sparats.")
        return redirect("surveys:hme_rounds")
    return render(
        request,
        "surveys/hme/rounds.html",
        {
            "rounds": HmeRound.objects.all(),
            "references": HmeReference.objects.all(),
            "form": form,
            "reference_form": reference,
            "counts": dict(
                HmeResponse.objects.values_list("round__year").order_by().annotate(n=Count("pk"))
            ),
        },
    )


@login_required
@require_POST
def round_close(request, year):
    authorize_kommun_admin(request.user)
    with transaction.atomic():
        rnd = get_object_or_404(HmeRound.objects.select_for_update(), year=year)
        if changes := release_conflicts(rnd):
            messages.error(request, release_conflict_message(changes, "en ny beräkning"))
            return redirect("surveys:hme_rounds")
        services.close_round(rnd)
    messages.success(request, f"HME {year} är stängd. Resultaten beräknas nu.")
    return redirect("surveys:hme_rounds")


@login_required
def import_view(request):
    authorize_kommun_admin(request.user)
    form = HmeUploadForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            result = import_hme(form.cleaned_data["year"], form.cleaned_data["file"].read())
        except ImportError_ as exc:
            errors = exc.errors
        else:
            messages.success(request, result.summary())
            return redirect("surveys:hme_rounds")
    return render(
        request,
        "surveys/hme/import.html",
        {"form": form, "errors": errors, "min_group": rules.min_group()},
    )
