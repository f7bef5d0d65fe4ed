from celery import shared_task

from surveys.models import HmeRound

from .results import compute_round


# The name stays the one the task had before the rooms (queued messages keep working).
@shared_task(name="surveys.tasks.compute_hme_round")
def compute_hme_round(round_id):
    """Compute a closed round's HME results (idempotent: replaces them)."""
    if HmeRound.objects.filter(pk=round_id).exclude(status=HmeRound.Status.OPEN).exists():
        compute_round(round_id)
