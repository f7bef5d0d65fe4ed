from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef, Q

from tillit.org.permissions import VIEW, VIEW_PUBLISHED, authorize, node_q
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
    """Jobs the user may open now, in the reader's rights:

    - the kind's own action on the job's node (a dialogue agenda needs VIEW);
    - a finished job that holds working material: VIEW on every node it contains;
      one with published material only: VIEW_PUBLISHED on every node it contains;
    - a job not yet built (or failed) has no known contents: its orderer only.

    Unknown kinds need VIEW_PUBLISHED on the node.
    """
    by_action = {}
    for t in registry.all_types():
        by_action.setdefault(t.action, []).append(t.kind)
    known = [k for kinds in by_action.values() for k in kinds]
    kind_q = node_q(user, VIEW_PUBLISHED) & ~Q(kind__in=known)
    for action, kinds in by_action.items():
        kind_q |= node_q(user, action) & Q(kind__in=kinds)
    contained = ReportJob.contained_nodes.through.objects.filter(reportjob=OuterRef("pk"))
    unreadable = {
        audience: Exists(contained.exclude(node_q(user, action, prefix="orgnode__")))
        for audience, action in (
            (ReportJob.Audience.WORKING, VIEW),
            (ReportJob.Audience.PUBLISHED, VIEW_PUBLISHED),
        )
    }
    content_q = (
        (Q(audience=ReportJob.Audience.WORKING) & ~unreadable[ReportJob.Audience.WORKING])
        | (Q(audience=ReportJob.Audience.PUBLISHED) & ~unreadable[ReportJob.Audience.PUBLISHED])
        | Q(audience=ReportJob.Audience.UNKNOWN, created_by=user.pk)
    )
    if user.is_superuser:
        content_q = Q(pk__isnull=False)
    return kind_q & content_q


def record_contents(job, contents):
    """Store what a built job contains (`registry.Contents`, or None: working, its node)."""
    if contents is None:
        contents = registry.Contents(working=True, nodes=[])
    job.audience = ReportJob.Audience.WORKING if contents.working else ReportJob.Audience.PUBLISHED
    job.save(update_fields=["audience"])
    job.contained_nodes.set({job.node_id, *(n.pk for n in contents.nodes)})
