"""Tillit maturity pages: the heat map for a node and the yearly self-assessment form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from surveys.models import MaturityAssessment
from surveys.models.maturity import PRINCIPLES
from tillit.org.models import NodeType, OrgNode
from tillit.org.permissions import (
    EDIT,
    VIEW,
    VIEW_PUBLISHED,
    assignments,
    can,
    get_node,
    nodes_where,
)

from . import rules
from .forms import MaturityForm

# Those who may only read published material (politicians) see aggregates at these levels.
AGGREGATE_LEVELS = {NodeType.KOMMUN, NodeType.NAMND, NodeType.STYRELSE}


def _year(request):
    try:
        return int(request.GET.get("ar", ""))
    except ValueError:
        return timezone.localdate().year


@login_required
def home(request):
    """The main menu's entry: the user's own unit (or the kommun)."""
    roles = assignments(request.user)
    node = roles[0].node if roles else OrgNode.objects.kommun()
    if node is None:
        raise Http404("Det finns ingen enhet upplagd.")
    return redirect("surveys:maturity:overview", kod=node.kod)


@login_required
def overview(request, kod):
    node = get_node(request.user, kod, VIEW_PUBLISHED)
    full = can(request.user, VIEW, node)
    if not full and node.typ not in AGGREGATE_LEVELS:
        raise PermissionDenied("Tillitsmognaden visas sammanställd per nämnd och kommun.")
    year = _year(request)
    children = list(nodes_where(request.user, VIEW_PUBLISHED, OrgNode.objects.get_children(node)))
    per_child = rules.children_aggregates(node, children, year)
    rows = [(c, per_child[c.pk]) for c in children]
    own = MaturityAssessment.objects.filter(node=node, year=year).first() if full else None
    return render(
        request,
        "surveys/maturity/overview.html",
        {
            "node": node,
            "crumbs": [*node.ancestors(), node],
            "year": year,
            "years": [year - 1, year + 1],
            "total": rules.subtree_aggregate(node, year),
            "rows": rows,
            "principles": PRINCIPLES,
            "own": own,
            "full": full,
            "trend": rules.overall_by_year(node),
            "can_edit": can(request.user, EDIT, node),
        },
    )


@login_required
def edit(request, kod, year):
    node = get_node(request.user, kod, EDIT)
    instance = MaturityAssessment.objects.filter(node=node, year=year).first()
    form = MaturityForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        assessment = form.save(commit=False)
        assessment.node, assessment.year = node, year
        assessment.updated_by, assessment.updated_at = request.user, timezone.now()
        assessment.save()
        messages.success(request, f"Självskattningen för {year} har sparats.")
        return redirect(reverse("surveys:maturity:overview", args=[node.kod]) + f"?ar={year}")
    return render(
        request,
        "surveys/maturity/form.html",
        {"node": node, "year": year, "form": form, "crumbs": [*node.ancestors(), node]},
    )
