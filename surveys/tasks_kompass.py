"""Celery tasks for Kommunkompassen. Imported by surveys/tasks.py so the worker registers them."""

from celery import shared_task
from django.db import transaction


@shared_task
def compute_kompass_evaluation(evaluation_id):
    """Recompute an evaluation's area scores and total from its points. Idempotent."""
    from .kompass import compute_evaluation
    from .models import KompassEvaluation

    with transaction.atomic():
        evaluation = KompassEvaluation.objects.select_for_update().filter(pk=evaluation_id).first()
        if evaluation is None:
            return
        compute_evaluation(evaluation)
