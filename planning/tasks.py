"""Celery finds an app's tasks in `<app>.tasks`; planning's live in their rooms."""

from .nyckeltal.tasks import kolada_sync_task  # noqa: F401
