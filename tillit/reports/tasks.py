import logging

from celery import shared_task
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from tillit.org.models import OrgNode
from tillit.org.permissions import can

from . import registry
from .models import ReportJob
from .render import html_to_pdf
from .services import record_contents

log = logging.getLogger(__name__)

# A report that fits in fewer pages than this has no cover page and no table of contents: a
# title block opens the first page and the chapters follow one another (issue 18 item 6).
COMPACT_BELOW_PAGES = 8


def _render(job, template, context):
    """(pdf, pages): first compact; longer reports again with a cover and contents."""
    html = render_to_string(template, {**context, "compact": True})
    ReportJob.objects.filter(pk=job.pk).update(progress=40)
    pdf, pages = html_to_pdf(html, title=job.title)
    if pages >= COMPACT_BELOW_PAGES:
        ReportJob.objects.filter(pk=job.pk).update(progress=70)
        html = render_to_string(template, {**context, "compact": False})
        pdf, pages = html_to_pdf(html, title=job.title)
    return pdf, pages


@shared_task
def render_report(job_id):
    """Render a queued report to PDF. Idempotent: a finished or running job is left alone."""
    with transaction.atomic():
        job = (
            ReportJob.objects.select_for_update(of=("self",))
            .select_related("node", "created_by")
            .get(pk=job_id)
        )
        if job.status != ReportJob.Status.QUEUED:
            return
        job.status, job.progress = ReportJob.Status.RUNNING, 10
        job.save(update_fields=["status", "progress"])
    report_type = registry.get(job.kind)
    try:
        # Permission is checked again: the role may have been removed since the request.
        if report_type is None or (
            job.created_by and not can(job.created_by, report_type.action, job.node)
        ):
            raise PermissionError("Behörigheten saknas eller rapporttypen finns inte längre.")
        now = timezone.now()
        root = OrgNode.objects.kommun()
        context = {
            "job": job,
            "node": job.node,
            "kommun_name": root.namn if root else "",
            "generated_at": now,
            **report_type.build_context(job),
        }
        contents = context.pop("contents", None)
        context.setdefault("data_as_of", now)
        pdf, pages = _render(job, report_type.template, context)
    except Exception as exc:  # any failure is recorded on the job for the user
        log.exception("report %s failed", job_id)
        job.status, job.error = ReportJob.Status.FAILED, f"Rapporten kunde inte skapas: {exc}"
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "error", "finished_at"])
        return
    with transaction.atomic():
        # A finished job is never overwritten: its file is what was read (and maybe handed
        # over); only the run that moved this job to RUNNING may store a file.
        current = ReportJob.objects.select_for_update().get(pk=job.pk)
        if current.status != ReportJob.Status.RUNNING or current.file:
            return
        record_contents(job, contents)
        job.file.save(job.filename, ContentFile(pdf), save=False)
        job.pages, job.status, job.progress = pages, ReportJob.Status.DONE, 100
        job.data_as_of = context["data_as_of"]
        job.finished_at = timezone.now()
        job.save()
