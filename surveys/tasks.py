from celery import shared_task


@shared_task
def compute_hme_round(round_id):
    """Compute a closed round's HME results (idempotent: replaces them)."""
    from surveys.hme import compute_round
    from surveys.models import HmeRound

    if HmeRound.objects.filter(pk=round_id).exclude(status=HmeRound.Status.OPEN).exists():
        compute_round(round_id)
