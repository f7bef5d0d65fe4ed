from django.core.exceptions import PermissionDenied
from django.db import transaction

from tillit.org.permissions import authorize

from . import registry
from .models import ReportJob


def report_request(*, user, kind, node, params):
    """Create a report job and queue its rendering (after the transaction commits)."""
    from .tasks import render_report

    report_type = registry.get(kind)
    if report_type is None:
        raise PermissionDenied("Okänd rapporttyp.")
    authorize(user, report_type.action, node)
    clean = {name: str(params.get(name, "")) for name in report_type.params}
    job = ReportJob(kind=kind, node=node, params=clean, created_by=user)
    job.title = report_type.title(job)
    job.save()
    transaction.on_commit(lambda: render_report.delay(job.pk))
    return job
