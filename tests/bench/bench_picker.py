"""The nyckeltal picker on a large catalogue: 6 000 Kolada KPIs in 40 operating areas with the
kommun's and riket's values for 7 years, and 50 local nyckeltal measured on 200 units for 7
years (about 154 000 values). The picker of one unit — its first page and a search — takes
the same number of queries whatever the catalogue's size. Everything is rolled back."""

from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.test import Client
from django.utils import timezone

from planning.models import NulageskollItem, Nyckeltal, NyckeltalSource
from planning.models.nyckeltal import NyckeltalValue
from tests.bench.harness import measure
from tillit.org.models import NodeType, OrgNode, Role, RoleAssignment, User

KPIS, AREAS, LOCAL, UNITS = 6000, 40, 50, 200
YEARS = range(2019, 2026)


def build():
    now = timezone.now()
    root = OrgNode.objects.kommun() or OrgNode.add_root(
        kod="BENCH-K", namn="Benchkommun", typ=NodeType.KOMMUN
    )
    board = root.add_child(kod="BENCH-PN", namn="Nämnden", typ=NodeType.NAMND)
    forv = board.add_child(kod="BENCH-PF", namn="Förvaltningen", typ=NodeType.FORVALTNING)
    units = [
        forv.add_child(kod=f"BENCH-PU{i}", namn=f"Enhet {i}", typ=NodeType.ENHET)
        for i in range(UNITS)
    ]
    kolada = Nyckeltal.objects.bulk_create(
        Nyckeltal(
            code=f"BP{i:05d}",
            source=NyckeltalSource.KOLADA,
            title=f"Nyckeltal {i} andel (%)",
            unit="%",
            operating_area=f"Område {i % AREAS}",
        )
        for i in range(KPIS)
    )
    local = Nyckeltal.objects.bulk_create(
        Nyckeltal(code=f"BPL{i:03d}", source=NyckeltalSource.LOCAL, title=f"Lokalt {i}", unit="%")
        for i in range(LOCAL)
    )
    values = [
        NyckeltalValue(
            nyckeltal=n, municipality=m, period=y, value=Decimal(50 + y % 7), fetched_at=now
        )
        for n in kolada
        for m in ("9999", "0000")
        for y in YEARS
    ]
    values += [
        NyckeltalValue(
            nyckeltal=n,
            node=u,
            period=y,
            value=Decimal(40 + y % 9),
            source=NyckeltalSource.LOCAL,
            fetched_at=now,
        )
        for n in local
        for u in units
        for y in YEARS
    ]
    NyckeltalValue.objects.bulk_create(values, batch_size=5000)
    # The förvaltning follows two areas; the unit follows three KPIs.
    NulageskollItem.objects.bulk_create(
        [NulageskollItem(node=units[1], nyckeltal=kolada[i], position=i) for i in (1, 2)]
        + [NulageskollItem(node=units[0], nyckeltal=kolada[i], position=i) for i in (41, 81, 3)]
    )
    user, _ = User.objects.get_or_create(username="bench-picker")
    RoleAssignment.objects.get_or_create(user=user, node=units[0], role=Role.CHEF)
    return units[0], user, len(values)


def bench():
    unit, user, count = build()
    client = Client()
    client.force_login(user)
    url = f"/planering/nyckeltal/enhet/{unit.kod}/lagg-till/"

    def page():
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        assert b"Visar 25 av" in response.content

    def search():
        response = client.get(url + "sok/", {"q": "Nyckeltal 12"}, HTTP_HX_REQUEST="true")
        assert response.status_code == 200, response.status_code

    def everything():
        response = client.get(url + "sok/", {"q": "BP0001", "alla": "1"})
        assert b"BP00010" in response.content

    note = f"{KPIS} Kolada-KPI, {LOCAL} lokala, {count} värden"
    return [
        measure("nyckeltalsväljaren: första sidan", page, runs=5, note=note),
        measure("nyckeltalsväljaren: sökning (htmx)", search, runs=5, note=note),
        measure("nyckeltalsväljaren: hela katalogen", everything, runs=5, note=note),
    ]


def run():
    settings.ALLOWED_HOSTS = ["*"]
    old = getattr(settings, "KOLADA_MUNICIPALITY", "")
    settings.KOLADA_MUNICIPALITY = "9999"
    results = []
    try:
        with transaction.atomic():
            results = bench()
            raise _Done
    except _Done:
        pass
    finally:
        settings.KOLADA_MUNICIPALITY = old
    return results


class _Done(Exception):
    pass
