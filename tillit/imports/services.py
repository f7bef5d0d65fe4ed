from django.conf import settings
from django.db import transaction

from tillit.csvimport import count_lines

from .models import ImportJob


def start_if_large(*, user, kind, upload, node=None, params=None):
    """A queued ImportJob for an upload bigger than IMPORT_ASYNC_BYTES, or None: a small file
    is imported in the request, as before. The caller has checked the user's permission."""
    if upload.size <= settings.IMPORT_ASYNC_BYTES:
        return None
    from .tasks import run_import

    upload.open("rb")
    upload.seek(0)
    rows = max(count_lines(upload) - 1, 0)  # the header is not a data row
    job = ImportJob(
        kind=kind,
        node=node,
        params=params or {},
        created_by=user,
        filename=(upload.name or "")[:255],
        size=upload.size,
        rows_total=rows,
    )
    job.file.save(f"{kind}.csv", upload, save=False)
    job.save()
    transaction.on_commit(lambda: run_import.delay(job.pk))
    return job
