from celery import shared_task

from .service import run_daily_checks, send_daily_digests, send_immediate_emails


@shared_task
def send_immediate(ids):
    """E-mail new notifications to those who chose e-mail immediately."""
    return send_immediate_emails(ids)


@shared_task
def daily():
    """Daily (Celery beat, early morning): the registered checks (deadlines, dialogues to
    prepare, controls due) make their notifications, then the daily digests go out."""
    run_daily_checks()
    return send_daily_digests()
