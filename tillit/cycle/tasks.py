from celery import shared_task

from .reminders import send_due_reminders


@shared_task
def send_reminders():
    """Hourly (Celery beat): e-mail the reminders that are due and not yet sent."""
    return send_due_reminders()
