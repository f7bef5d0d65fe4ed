"""What a user has to do in the årshjul: steps of their role, per node, not yet marked done."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from tillit.org.models import OrgNode
from tillit.org.permissions import assignments

from .models import CycleStep, Planperiod, StepCompletion


@dataclass(frozen=True)
class Task:
    step: CycleStep
    node: OrgNode
    today: date

    @property
    def overdue(self):
        return self.step.deadline < self.today

    @property
    def days_left(self):
        return (self.step.deadline - self.today).days


def open_tasks(assignment_list, period, today=None):
    """(step, node) pairs for the given role assignments that are not marked done."""
    today = today or timezone.localdate()
    if period is None or not assignment_list:
        return []
    steps = list(period.steps.all())
    node_ids = {a.node_id for a in assignment_list}
    done = set(
        StepCompletion.objects.filter(step__in=steps, node_id__in=node_ids).values_list(
            "step_id", "node_id"
        )
    )
    tasks = [
        Task(step=step, node=a.node, today=today)
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
