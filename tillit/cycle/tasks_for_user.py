"""What a user has to do in the årshjul: steps of their role, per node, not yet done.

A step carried by a document (tillit/cycle/documents.py) is done when the document is; the
others when marked done by hand."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from tillit.org.models import OrgNode
from tillit.org.permissions import assignments

from . import documents
from .models import CycleStep, Planperiod, StepCompletion


@dataclass(frozen=True)
class Task:
    step: CycleStep
    node: OrgNode
    today: date
    url: str | None = None  # the document (or page) the task is done in
    manual: bool = True  # marked done by hand (no document carries it)

    @property
    def overdue(self):
        return self.step.deadline < self.today

    @property
    def days_left(self):
        return (self.step.deadline - self.today).days


def done_pairs(steps, node_ids, period):
    """{(step_id, node_id)} done: marked by hand (steps without a document), or by the
    document."""
    manual = {s.id for s in steps if not documents.has_document(s.kind)}
    marked = set(
        StepCompletion.objects.filter(step_id__in=manual, node_id__in=node_ids).values_list(
            "step_id", "node_id"
        )
    )
    return marked | documents.done_by_document(steps, node_ids, period)


def open_tasks(assignment_list, period, today=None):
    """Tasks for the given role assignments that are not done."""
    today = today or timezone.localdate()
    if period is None or not assignment_list:
        return []
    steps = list(period.steps.all())
    node_ids = {a.node_id for a in assignment_list}
    done = done_pairs(steps, node_ids, period)
    tasks = [
        Task(
            step=step,
            node=a.node,
            today=today,
            url=documents.url_of(step.kind, a.node, period),
            manual=not documents.has_document(step.kind),
        )
        for step in steps
        for a in assignment_list
        if a.role == step.responsible_role
        and not a.node.is_closed
        and (step.id, a.node_id) not in done
    ]
    return sorted(tasks, key=lambda t: (t.step.deadline, t.node.path))


def tasks_for(user, today=None):
    """The user's open tasks in the current planperiod, soonest deadline first."""
    return open_tasks(assignments(user), Planperiod.current(), today)
