"""Factories of the surveys: HME rounds."""

from factory.django import DjangoModelFactory

from surveys.models import HmeRound


class HmeRoundFactory(DjangoModelFactory):
    class Meta:
        model = HmeRound
        django_get_or_create = ("year",)

    year = 2026
    status = HmeRound.Status.OPEN
