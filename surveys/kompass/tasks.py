"""Celery tasks for Kommunkompassen. Imported by surveys/tasks.py so the worker registers them."""

from celery import shared_task
from django.db import transaction

from surveys.models import KompassEvaluation

from .services import compute_evaluation


# The name stays the one the task had before the rooms (queued messages keep working).
@shared_task(name="surveys.tasks_kompass.compute_kompass_evaluation")
def compute_kompass_evaluation(evaluation_id):
    """Recompute an evaluation's area scores and total from its points. Idempotent."""
    with transaction.atomic():
        evaluation = KompassEvaluation.objects.select_for_update().filter(pk=evaluation_id).first()
        if evaluation is None:
            return
        compute_evaluation(evaluation)
