# Celery autodiscovers only `<app>/tasks.py`: import each instrument's task module here.
from .tasks_kompass import compute_kompass_evaluation  # noqa: F401
