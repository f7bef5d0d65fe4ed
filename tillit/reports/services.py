from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q

from tillit.org.permissions import VIEW_PUBLISHED, authorize, node_q
from tillit.validation import parse_year

from . import registry
from .models import ReportJob


def report_request(*, user, kind, node, params):
    """Create a report job and queue its rendering (after the transaction commits)."""
    from .tasks import render_report

    report_type = registry.get(kind)
    if report_type is None:
        raise PermissionDenied("Okänd rapporttyp.")
    authorize(user, report_type.action, node)
    if not report_type.applies_to(node):
        raise PermissionDenied(f"{report_type.label} finns inte för {node.namn}.")
    clean = {name: str(params.get(name, "")) for name in report_type.params}
    if clean.get("year"):
        parse_year(clean["year"])  # 404 for a year outside 2000–2100
    job = ReportJob(kind=kind, node=node, params=clean, created_by=user)
    job.title = report_type.title(job)
    job.save()
    transaction.on_commit(lambda: render_report.delay(job.pk))
    return job


def readable_jobs_q(user):
    """Jobs the user may open: each kind needs its own action on the job's node (a dialogue
    agenda needs VIEW, published material VIEW_PUBLISHED). Unknown kinds need VIEW_PUBLISHED."""
    by_action = {}
    for t in registry.all_types():
        by_action.setdefault(t.action, []).append(t.kind)
    known = [k for kinds in by_action.values() for k in kinds]
    q = node_q(user, VIEW_PUBLISHED) & ~Q(kind__in=known)
    for action, kinds in by_action.items():
        q |= node_q(user, action) & Q(kind__in=kinds)
    return q
