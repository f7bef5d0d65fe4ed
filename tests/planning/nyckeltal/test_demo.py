"""The demo: real-shaped Kolada figures shipped as fixture data, a nulägeskoll on every unit."""

import pytest

from planning.models import NulageskollItem, NulageskollSnapshot
from planning.models.nyckeltal import NyckeltalValue
from planning.nyckeltal.demo import seed_kolada
from planning.nyckeltal.nulageskoll import figures
from tillit.org import demo as org_demo
from tillit.org.models import NodeType

pytestmark = pytest.mark.django_db


def seed():
    ctx = {"log": []}
    org_demo.seed(ctx)
    seed_kolada(ctx)
    return ctx


def test_the_demo_seeds_tomelilla_riket_and_every_unit_idempotently(settings):
    settings.KOLADA_MUNICIPALITY = ""  # the kommun root's kod, 1270, is used
    ctx = seed()
    counts = (NyckeltalValue.objects.count(), NulageskollItem.objects.count())
    seed()
    assert (NyckeltalValue.objects.count(), NulageskollItem.objects.count()) == counts
    assert NulageskollSnapshot.objects.count() == 1

    kolada = NyckeltalValue.objects.filter(nyckeltal__code="N15419", gender="T")
    assert set(kolada.filter(municipality="1270").values_list("period", flat=True)) == set(
        range(2019, 2026)
    )
    assert kolada.filter(municipality="0000").count() == 7
    # Osby's suppressed 2020 survey value stays missing, not 0.
    osby = NyckeltalValue.objects.get(nyckeltal__code="U21468", municipality="1273", period=2020)
    assert osby.value is None and osby.status == "B"

    units = [
        n
        for n in ctx["nodes"].values()
        if n.typ in (NodeType.VERKSAMHET, NodeType.AVDELNING, NodeType.ENHET)
    ]
    with_items = set(NulageskollItem.objects.values_list("node__kod", flat=True))
    assert {u.kod for u in units} <= with_items

    bya = {f["code"]: f for f in figures(ctx["nodes"]["GRU-BYA"])}
    assert bya["N15419"]["target"] == "80"
    assert [s[0] for s in bya["N15419"]["series"]] == [
        "Byavångsskolan",
        "Tomelilla",
        "Riket",
        "Svalöv",
        "Osby",
    ]
    assert bya["LOK-TRYGG"]["series"][0][0] == "Byavångsskolan"
    ht = {f["code"] for f in figures(ctx["nodes"]["HT-TOM"])}
    assert {"U21468", "U21401"} <= ht
