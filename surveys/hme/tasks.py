from celery import shared_task

# Celery autodiscovers only `<app>/tasks.py`: each instrument's task module is imported here.
from .tasks_kompass import compute_kompass_evaluation  # noqa: F401


@shared_task
def compute_hme_round(round_id):
    """Compute a closed round's HME results (idempotent: replaces them)."""
    from surveys.hme import compute_round
    from surveys.models import HmeRound

    if HmeRound.objects.filter(pk=round_id).exclude(status=HmeRound.Status.OPEN).exists():
        compute_round(round_id)
