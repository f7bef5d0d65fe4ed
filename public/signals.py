"""Clear the cached public results whenever what they are read from changes: a follow-up
published or unpublished, a nulägeskarta handed over, a Kommunkompassen evaluation published or
unpublished, an HME round computed, the administratör's choices, and the goals the page
prints (a renamed nämnd or Kolada figures written in bulk show after the cache's timeout).
The core does not know this app; the app listens to the models' own signals."""

from django.db.models.signals import post_delete, post_save


def _clear(sender, **kwargs):
    from .results import invalidate

    invalidate()


def watched_models():
    from planning.models import (
        Malvarde,
        Namndmal,
        Nulageskarta,
        NulageskartaVersion,
        OverarchingGoal,
        StrategicArea,
        Uppfoljning,
    )
    from surveys.models import HmeReference, HmeRound, KompassEvaluation
    from tillit.cycle.models import Planperiod

    from .models import PublicChoice

    return [
        PublicChoice,
        Uppfoljning,  # publish / unpublish (the frozen version is written before it is saved)
        Nulageskarta,
        NulageskartaVersion,  # hand-over
        Namndmal,
        Malvarde,
        OverarchingGoal,
        StrategicArea,
        KompassEvaluation,  # publish / unpublish / computed
        HmeRound,  # computed / reopened
        HmeReference,
        Planperiod,  # the current period
    ]


def connect():
    for model in watched_models():
        uid = f"public-results-{model._meta.label}"
        post_save.connect(_clear, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(_clear, sender=model, dispatch_uid=uid + "-delete")
