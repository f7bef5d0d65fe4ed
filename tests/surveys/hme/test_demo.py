"""The demo kommun gets two computed HME rounds and a handlingsplan, idempotently."""

from io import StringIO

import pytest
from django.core.management import call_command

from surveys.hme.results import export_round
from surveys.models import HmeAction, HmeResponse, HmeRound

pytestmark = pytest.mark.django_db


def test_the_demo_has_two_computed_rounds_near_tomelillas_figures():
    call_command("seed_demo", stdout=StringIO())
    count = HmeResponse.objects.count()
    call_command("seed_demo", stdout=StringIO())
    assert HmeResponse.objects.count() == count
    rounds = HmeRound.objects.order_by("year")
    assert [r.year for r in rounds] == [2024, 2026]
    assert all(r.is_computed for r in rounds)
    kommun = export_round(rounds[0])["results"][0]
    assert kommun["unit"] == "1270" and 1000 <= kommun["respondents"] <= 1300
    for key, target in (("motivation", 78), ("ledarskap", 78), ("styrning", 76)):
        assert abs(kommun[key] - target) <= 2
    assert HmeAction.objects.filter(plan__node__kod="GRU-BYA").count() == 3
