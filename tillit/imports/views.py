from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from tillit.org.permissions import can_follow_job

from . import progress, registry
from .models import ImportJob


@login_required
def job_detail(request, pk):
    """The job's progress, polled by htmx while it runs; its result when it has run. Only the
    person who uploaded the file and the kommun's administrators see it (others: 404)."""
    job = get_object_or_404(ImportJob.objects.select_related("node", "created_by"), pk=pk)
    if not can_follow_job(request.user, job.created_by_id):
        raise Http404("Sidan finns inte.")
    kind = registry.get(job.kind)
    done = progress.rows_done(job)
    percent = min(100, done * 100 // job.rows_total) if job.rows_total else 0
    template = "imports/job.html#status" if request.htmx else "imports/job.html"
    return render(
        request,
        template,
        {
            "job": job,
            "label": kind.label if kind else job.kind,
            "back": kind.back(job) if kind else None,
            "rows_done": min(done, job.rows_total),
            "percent": percent,
        },
    )
