from celery import shared_task
from django.db import transaction
from django.utils import timezone

from ..models.nyckeltal import KoladaSyncRun, SyncStatus
from .kolada import KoladaError
from .sync import set_comparisons, sync


def kolada_sync_queue(*, user, first_year, last_year, compare, full=False):
    """Record a sync asked for on the Kolada page and queue it once the request commits."""
    set_comparisons(compare)
    run = KoladaSyncRun.objects.create(
        first_year=first_year,
        last_year=last_year,
        compare=compare,
        full=full,
        requested_by=user,
    )
    transaction.on_commit(lambda: kolada_sync_task.delay(run.pk))
    return run


# The name it had before the module moved, so queued runs survive a deploy.
@shared_task(name="planning.tasks.kolada_sync_task")
def kolada_sync_task(run_id):
    """Run one queued `KoladaSyncRun`. Idempotent: values are upserted; a finished run is left."""
    run = KoladaSyncRun.objects.filter(pk=run_id).first()
    if run is None or run.status == SyncStatus.OK:
        return
    run.status = SyncStatus.RUNNING
    run.save(update_fields=["status"])
    try:
        result = sync(run.first_year, run.last_year, kpis=run.kpis or None, full=run.full)
    except KoladaError as exc:
        run.status, run.message = SyncStatus.FAILED, str(exc)
    else:
        run.status, run.message = SyncStatus.OK, result.summary()
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "message", "finished_at"])
