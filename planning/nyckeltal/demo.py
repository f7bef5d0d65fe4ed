"""Demo nyckeltal: real Kolada KPI ids with made-up (clearly demo) values, no network.

The Kolada figures are shipped as `planning/fixtures/kolada_demo.json` in Kolada's own v3
response shape and go through the same parser and upsert as a real `kolada_sync`, for
Tomelilla (1270), riket (0000) and two comparison kommuner (Svalöv 1214, Osby 1273), 2019–2025.
Byavångsskolan and Lindesborgsskolan are linked to (made-up) Kolada unit ids with unit-level
figures (oudata shape, `kolada_demo_oudata.json`). Every demo unit gets a nulägeskoll;
Byavångsskolan (GRU-BYA) and Hemtjänst Tomelilla (HT-TOM) have targets and comments, and
Byavångsskolan has a snapshot for its verksamhetsdialog.

Call `seed_kolada(ctx)` after the organisation seed; idempotent.
"""

import json
import random
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

from tillit.org.models import NodeType

from ..models.nulageskoll import NulageskollItem, NulageskollSnapshot
from ..models.nyckeltal import (
    Direction,
    KoladaComparison,
    KoladaMunicipality,
    KoladaOuLink,
    Nyckeltal,
    NyckeltalSource,
    NyckeltalValue,
)
from .kolada import parse_data
from .nulageskoll import nulageskoll_snapshot_create
from .sync import SyncResult, _upsert, _upsert_ou

FIXTURE = Path(__file__).parent.parent / "fixtures" / "kolada_demo.json"
OU_FIXTURE = Path(__file__).parent.parent / "fixtures" / "kolada_demo_oudata.json"
# Demo links between our schools and (made-up) Kolada unit ids.
OU_LINKS = [("GRU-BYA", "V15E127000301"), ("GRU-LIN", "V15E127000401")]
DEMO_NOTE = " (Demo: värdena i Tillits demodata är påhittade; se kolada.se för de verkliga.)"

# code, title, operating area, unit, direction, gender split, description
KOLADA = [
    (
        "N15419",
        "Elever i åk 9 som uppnått kunskapskraven i alla ämnen, kommunala skolor, andel (%)",
        "Grundskola",
        "%",
        Direction.HIGHER,
        True,
        "Andel elever i årskurs 9 i kommunala skolor som uppnått kunskapskraven i alla ämnen.",
    ),
    (
        "N15436",
        "Elever i åk 9 som är behöriga till yrkesprogram, hemkommun, andel (%)",
        "Grundskola",
        "%",
        Direction.HIGHER,
        True,
        "Andel elever i årskurs 9 folkbokförda i kommunen som är behöriga till ett yrkesprogram.",
    ),
    (
        "U21468",
        "Brukarbedömning hemtjänst äldreomsorg - helhetssyn, andel (%)",
        "Äldreomsorg",
        "%",
        Direction.HIGHER,
        False,
        "Andel personer 65 år och äldre med hemtjänst som är mycket eller ganska nöjda "
        "med hemtjänsten sammantaget (Socialstyrelsens brukarundersökning).",
    ),
    (
        "U21401",
        "Personalkontinuitet, antal personal som en hemtjänsttagare möter under 14 dagar, "
        "medelvärde",
        "Äldreomsorg",
        "antal",
        Direction.LOWER,
        False,
        "Antal olika personal som en hemtjänsttagare med minst två besök per dag möter "
        "under en 14-dagarsperiod.",
    ),
    (
        "N01951",
        "Invånare totalt, antal",
        "Befolkning",
        "antal",
        Direction.NONE,
        True,
        "Antal invånare i kommunen den 31/12.",
    ),
]

# code, title, unit, direction, description
LOCAL = [
    (
        "LOK-SJUK",
        "Sjukfrånvaro bland medarbetarna, andel av arbetad tid (%)",
        "%",
        Direction.LOWER,
        "Sjukfrånvarotimmar i procent av tillgänglig ordinarie arbetstid, ur lönesystemet.",
    ),
    (
        "LOK-TRYGG",
        "Elever som känner sig trygga i skolan, andel (%)",
        "%",
        Direction.HIGHER,
        "Andel elever som svarar ”stämmer helt” eller ”stämmer ganska bra” på påståendet "
        "”Jag känner mig trygg i skolan” i kommunens elevenkät.",
    ),
    (
        "LOK-TIMANST",
        "Andel arbetade timmar utförda av timanställda (%)",
        "%",
        Direction.LOWER,
        "Timanställdas arbetade timmar i procent av alla arbetade timmar på enheten.",
    ),
]

MUNICIPALITIES = [
    ("1270", "Tomelilla", "K"),
    ("0000", "Riket", "L"),
    ("1214", "Svalöv", "K"),
    ("1273", "Osby", "K"),
]
YEARS = range(2019, 2026)


def _catalogue(now):
    by_code = {}
    for code, title, area, unit, direction, split, description in KOLADA:
        by_code[code], _ = Nyckeltal.objects.update_or_create(
            code=code,
            defaults={
                "source": NyckeltalSource.KOLADA,
                "title": title,
                "operating_area": area,
                "unit": unit,
                "direction": direction,
                "has_gender_split": split,
                "description": description + DEMO_NOTE,
                # Not "seen" from Kolada yet: a real sync fills it without reporting drift.
                "kolada_title_seen": "",
                "fetched_at": now,
            },
        )
    for code, title, unit, direction, description in LOCAL:
        by_code[code], _ = Nyckeltal.objects.update_or_create(
            code=code,
            defaults={
                "source": NyckeltalSource.LOCAL,
                "title": title,
                "unit": unit,
                "direction": direction,
                "description": description + " (Demovärden.)",
            },
        )
    return by_code


def _local_values(units, by_code, now):
    existing = set(
        NyckeltalValue.objects.filter(node__in=units).values_list(
            "nyckeltal_id", "node_id", "period"
        )
    )
    plan = {"LOK-SJUK": (6.5, -0.1, 1.5), "LOK-TRYGG": (84, 0.4, 3), "LOK-TIMANST": (14, -0.3, 2)}
    rows = []
    for node in units:
        for code, (base, trend, spread) in plan.items():
            if code == "LOK-TRYGG" and not node.kod.startswith("GRU-"):
                continue
            rnd = random.Random(f"tillit-demo-{code}-{node.kod}")
            for i, year in enumerate(YEARS):
                if (by_code[code].pk, node.pk, year) in existing:
                    continue
                value = Decimal(str(round(base + trend * i + rnd.uniform(-spread, spread), 1)))
                rows.append(
                    NyckeltalValue(
                        nyckeltal=by_code[code],
                        node=node,
                        period=year,
                        value=value,
                        source=NyckeltalSource.LOCAL,
                        fetched_at=now,
                    )
                )
    NyckeltalValue.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def _choices_for(node):
    if node.kod.startswith("GRU-") or node.kod == "BUF-GRU":
        return ["N15419", "N15436", "LOK-TRYGG", "LOK-SJUK"]
    if node.kod.startswith(("HT-", "VOF-HT")):
        return ["U21468", "U21401", "LOK-TIMANST", "LOK-SJUK"]
    if node.kod.startswith(("SÄBO", "VOF", "LSS")):
        return ["U21468", "LOK-SJUK", "LOK-TIMANST"]
    return ["N01951", "LOK-SJUK"]


TARGETS = {
    ("GRU-BYA", "N15419"): ("80", "Vi vill nå 80 % till 2027; läsfrämjande arbete i åk 4–6."),
    ("GRU-BYA", "LOK-TRYGG"): ("90", "Tryggheten sjönk i åk 7; rastvärdar och ny schemaläggning."),
    ("GRU-BYA", "LOK-SJUK"): ("5", ""),
    ("HT-TOM", "U21401"): ("12", "Färre personal per brukare: fasta team i varje område."),
    ("HT-TOM", "U21468"): ("90", "Brukarna ska känna sig delaktiga i hur hjälpen ges."),
    ("HT-TOM", "LOK-TIMANST"): ("10", "Fler tillsvidareanställda i stället för timanställda."),
}


def seed_kolada(ctx):
    now = timezone.now()
    for mid, title, typ in MUNICIPALITIES:
        KoladaMunicipality.objects.update_or_create(id=mid, defaults={"title": title, "type": typ})
    for position, (mid, title) in enumerate([("1214", "Svalöv"), ("1273", "Osby")]):
        KoladaComparison.objects.update_or_create(
            municipality=mid, defaults={"title": title, "position": position}
        )
    by_code = _catalogue(now)

    points = parse_data(json.loads(FIXTURE.read_text(encoding="utf-8"))["values"])
    result = SyncResult()
    _upsert(points, {c: by_code[c] for c, *_ in KOLADA}, now, result)

    nodes = ctx["nodes"]
    links = {}
    for kod, ou in OU_LINKS:
        if kod in nodes:
            KoladaOuLink.objects.update_or_create(
                node=nodes[kod], defaults={"ou": ou, "title": f"{nodes[kod].namn} (demo)"}
            )
            links[ou] = nodes[kod].pk
    ou_points = parse_data(json.loads(OU_FIXTURE.read_text(encoding="utf-8"))["values"], owner="ou")
    _upsert_ou(ou_points, {c: by_code[c] for c, *_ in KOLADA}, links, now, result)

    units = [
        n
        for n in nodes.values()
        if n.typ in (NodeType.VERKSAMHET, NodeType.AVDELNING, NodeType.ENHET)
    ]
    local_count = _local_values(units, by_code, now)

    users = ctx.get("users", {})
    managers = {"GRU-BYA": users.get("erik.rektor"), "HT-TOM": users.get("karin.hemtjanst")}
    existing = set(NulageskollItem.objects.values_list("node_id", "nyckeltal_id"))
    items = []
    for node in units:
        for position, code in enumerate(_choices_for(node), start=1):
            if (node.pk, by_code[code].pk) in existing:
                continue
            target, comment = TARGETS.get((node.kod, code), (None, ""))
            items.append(
                NulageskollItem(
                    node=node,
                    nyckeltal=by_code[code],
                    target=Decimal(target) if target else None,
                    comment=comment,
                    position=position,
                    added_by=managers.get(node.kod),
                )
            )
    NulageskollItem.objects.bulk_create(items, batch_size=1000)

    bya = nodes.get("GRU-BYA")
    if bya and not NulageskollSnapshot.objects.filter(node=bya).exists():
        nulageskoll_snapshot_create(
            node=bya,
            user=managers.get("GRU-BYA"),
            title="Verksamhetsdialog Byavångsskolan, vår (demo)",
        )
    ctx["nyckeltal"] = by_code
    ctx["log"].append(
        f"Nyckeltal: {len(by_code)} i katalogen, {result.created} nya Kolada-värden (demo), "
        f"{local_count} lokala värden, nulägeskoll på {len(units)} enheter."
    )
