import logging

from celery import shared_task
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from tillit.csvimport import ImportError_, reporting_progress

from . import progress, registry
from .models import ImportJob

log = logging.getLogger(__name__)


@shared_task
def run_import(job_id):
    """Import a queued job's file in one transaction: a rejected or failing file saves nothing.
    Idempotent: a job that is running or finished is left alone. The file is deleted after."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update(of=("self",)).get(pk=job_id)
        if job.status != ImportJob.Status.QUEUED:
            return
        job.status, job.started_at = ImportJob.Status.RUNNING, timezone.now()
        job.save(update_fields=["status", "started_at"])
    kind = registry.get(job.kind)
    try:
        if kind is None:
            raise ImportError_([f"Importtypen ”{job.kind}” finns inte längre."])
        with (
            reporting_progress(lambda number: progress.store(job.pk, number)),
            job.file.open("rb") as stream,
            transaction.atomic(),
        ):
            summary = kind.run(job, stream)
    except ImportError_ as exc:
        job.status = ImportJob.Status.FAILED
        job.set_errors(exc.shown, exc.count)
    except (PermissionDenied, Http404):
        job.status = ImportJob.Status.FAILED
        job.set_errors(["Du har inte längre behörighet att importera den här filen."], 1)
    except Exception:  # recorded on the job for the person who uploaded it
        log.exception("import job %s failed", job_id)
        job.status = ImportJob.Status.FAILED
        job.set_errors(["Importen avbröts av ett tekniskt fel. Ingenting har sparats."], 1)
    else:
        job.status, job.summary = ImportJob.Status.DONE, summary
        job.rows_done = job.rows_total
    job.finished_at = timezone.now()
    if job.status == ImportJob.Status.FAILED:
        job.rows_done = progress.rows_done(job)
    if job.file:
        job.file.delete(save=False)
    job.save()
    progress.clear(job.pk)
