# Celery autodiscovers only `<app>/tasks.py`: each instrument's task module is imported here.
from .hme.tasks import compute_hme_round  # noqa: F401
from .kompass.tasks import compute_kompass_evaluation  # noqa: F401
