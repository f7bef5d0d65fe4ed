"""Render a nulägeskoll of 15 indicators × 10 years × 3 comparisons (plus kommun and riket),
as the page and as a snapshot, on a unit of its own under the scale kommun; then 45
indicators to show the query count does not grow."""

from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.test import Client
from django.utils import timezone

from planning.models import NulageskollItem, Nyckeltal, NyckeltalSource
from planning.models.nyckeltal import KoladaComparison, KoladaMunicipality, NyckeltalValue
from planning.nyckeltal.nulageskoll import nulageskoll_snapshot_create
from tests.bench.harness import measure
from tests.bench.scale import KOMMUN, ensure_scale
from tillit.org.models import NodeType, OrgNode, Role, RoleAssignment, User

YEARS = range(2016, 2026)
COMPARISONS = ["1214", "1273", "1291"]


def build(indicators):
    """A unit of its own under the scale kommun, with its own nyckeltal (codes BN…) and only
    the three comparison kommuner of this bench (all rolled back afterwards)."""
    now = timezone.now()
    ensure_scale()
    root = OrgNode.objects.get(kod=KOMMUN)
    unit = OrgNode.objects.add_child(
        root, {"kod": f"BENCH-NK{indicators}", "namn": "Enheten", "typ": NodeType.ENHET}
    )
    KoladaComparison.objects.exclude(municipality__in=COMPARISONS).delete()
    for i, m in enumerate([KOMMUN, "0000", *COMPARISONS]):
        KoladaMunicipality.objects.update_or_create(id=m, defaults={"title": f"Kommun {m}"})
        if m in COMPARISONS:
            KoladaComparison.objects.update_or_create(municipality=m, defaults={"position": i})
    values, items = [], []
    for k in range(indicators):
        n = Nyckeltal.objects.create(
            code=f"BN{indicators}-{k:05d}", source=NyckeltalSource.KOLADA, title=f"Nyckeltal {k}"
        )
        items.append(NulageskollItem(node=unit, nyckeltal=n, target=Decimal("70"), position=k))
        for m in [KOMMUN, "0000", *COMPARISONS]:
            for y in YEARS:
                for g in "TKM":
                    values.append(
                        NyckeltalValue(
                            nyckeltal=n,
                            municipality=m,
                            period=y,
                            gender=g,
                            value=None
                            if (y + k) % 7 == 0
                            else Decimal(f"{60 + (y + k) % 13}.{k % 10}"),
                            fetched_at=now,
                        )
                    )
    NyckeltalValue.objects.bulk_create(values, batch_size=2000)
    NulageskollItem.objects.bulk_create(items)
    user, _ = User.objects.get_or_create(username="bench-chef")
    RoleAssignment.objects.get_or_create(user=user, node=unit, role=Role.CHEF)
    return unit, user


def bench(indicators):
    unit, user = build(indicators)
    client = Client()
    client.force_login(user)

    def page():
        response = client.get(f"/planering/nyckeltal/enhet/{unit.kod}/")
        assert response.status_code == 200, response.status_code
        assert response.content.count(b"<svg") == indicators

    return [
        measure(
            f"nulägeskoll: {indicators} nyckeltal × 10 år × 5 serier (sida)",
            page,
            runs=5,
            note="inloggad chef, hela sidan med SVG",
        ),
        measure(
            f"nulägeskoll: {indicators} nyckeltal (sida, utan tracemalloc)",
            page,
            runs=5,
            trace_memory=False,
        ),
        measure(
            f"nulägeskoll: {indicators} nyckeltal, ögonblicksbild",
            lambda: nulageskoll_snapshot_create(node=unit, user=user, title="Bench"),
            runs=3,
        ),
    ]


def run():
    settings.ALLOWED_HOSTS = ["*"]
    ensure_scale()
    results = []
    try:
        with transaction.atomic():  # everything this bench adds is rolled back afterwards
            results = bench(15) + bench(45)
            raise _Done
    except _Done:
        pass
    return results


class _Done(Exception):
    pass
