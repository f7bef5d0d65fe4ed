from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from tillit.org.models import OrgNode
from tillit.org.permissions import (
    COMPILE,
    VIEW_PUBLISHED,
    assignments,
    authorize,
    can,
    get_node,
)

from . import registry
from .models import ReportJob
from .services import readable_jobs_q, report_request


@login_required
def report_list(request):
    """Reports the user may read, newest first, and the kinds they can order here."""
    jobs = ReportJob.objects.filter(readable_jobs_q(request.user)).select_related(
        "node", "created_by"
    )[:100]
    kod = request.GET.get("enhet")
    node = get_node(request.user, kod, VIEW_PUBLISHED) if kod else _home_node(request.user)
    types = []
    if node is not None:
        types = [
            (t, t.choices(node, request.user))
            for t in registry.all_types()
            if t.listed and t.applies_to(node) and can(request.user, t.action, node)
        ]
    types = [(t, c) for t, c in types if all(c.values())]  # nothing to choose: nothing to order
    return render(request, "reports/list.html", {"jobs": jobs, "types": types, "node": node})


def _home_node(user):
    roles = assignments(user)
    if roles:
        return roles[0].node
    return OrgNode.objects.kommun() if user.is_superuser else None


@login_required
@require_POST
def report_create(request):
    node = get_node(request.user, request.POST.get("kod", ""), VIEW_PUBLISHED)
    job = report_request(
        user=request.user, kind=request.POST.get("kind", ""), node=node, params=request.POST
    )
    messages.success(request, f"Rapporten {job.title} skapas.")
    return redirect(job)


def _job_for(user, pk):
    job = get_object_or_404(ReportJob.objects.select_related("node"), pk=pk)
    report_type = registry.get(job.kind)
    authorize(user, report_type.action if report_type else VIEW_PUBLISHED, job.node)
    return job


@login_required
def job_detail(request, pk):
    job = _job_for(request.user, pk)
    template = "reports/job.html#status" if request.htmx else "reports/job.html"
    return render(
        request, template, {"job": job, "can_hand_over": can(request.user, COMPILE, job.node)}
    )


@login_required
def job_download(request, pk):
    job = _job_for(request.user, pk)
    if job.status != ReportJob.Status.DONE or not job.file:
        raise Http404("Rapporten är inte klar.")
    return FileResponse(
        job.file.open("rb"),
        content_type="application/pdf",
        filename=job.filename,
        as_attachment=request.GET.get("ladda-ner") == "1",
    )


@login_required
@require_POST
def job_hand_over(request, pk):
    """Mark a finished report as handed to the nämnd: its file is kept as it is."""
    job = _job_for(request.user, pk)
    authorize(request.user, COMPILE, job.node)
    if job.status == ReportJob.Status.DONE and job.handed_over_at is None:
        job.handed_over_at = timezone.now()
        job.save(update_fields=["handed_over_at"])
        messages.success(request, "Rapporten är markerad som överlämnad och ändras inte mer.")
    return redirect(job)
