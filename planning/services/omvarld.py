"""Step 1, the omvärldsanalys: the kommun's trends, and each verksamhet's answers to them."""

from django.db import transaction

from ..models import Omvarldsanalys


def omvarldsanalys_ensure(*, period):
    """The planperiod's omvärldsanalys, created on first use."""
    return Omvarldsanalys.objects.get_or_create(planperiod=period)[0]


def trend_responses_save(*, forms, user):
    """Save a verksamhet's answers; an untouched empty answer is not stored."""
    with transaction.atomic():
        for _trend, f in forms:
            obj = f.save(commit=False)
            if obj.pk is None and obj.is_empty:
                continue
            obj.updated_by = user
            obj.save()
