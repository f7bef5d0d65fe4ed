"""Demo HME data for the Tomelilla demo kommun: two computed rounds (2024, 2026) with about
1,200 respondents each, riket figures and a handlingsplan for Byavångsskolan."""

import datetime
import random

from surveys.hme.results import compute_round
from surveys.models import HmeAction, HmePlan, HmeReference, HmeResponse, HmeRound

SEED = 1270
# Respondents per unit (a few small ones show "för få svar" and subtraction protection).
STAFF = {
    "KLK-EKO": 12,
    "KLK-HR": 10,
    "KLK-KANS": 9,
    "KLK-KVAL": 6,
    "KLK-KOMM": 3,
    "FSK-SOL": 34,
    "FSK-EKB": 28,
    "FSK-BRO": 4,
    "GRU-BYA": 70,
    "GRU-LIN": 80,
    "GRU-BRO": 21,
    "GRU-SME": 18,
    "GRU-KAS": 40,
    "GYM-OST": 62,
    "GYM-VUX": 14,
    "BUF-EH": 11,
    "HT-TOM": 150,
    "HT-BRO": 45,
    "SÄBO-SAL": 135,
    "SÄBO-MOS": 115,
    "LSS-GRB": 95,
    "LSS-DV": 30,
    "VOF-HSL": 35,
    "SBF-PB": 14,
    "SBF-MIL": 8,
    "SBF-GP": 22,
    "SBF-FAST": 18,
    "SBF-KOST": 70,
    "IFO-BU": 26,
    "IFO-VUX": 20,
    "FF-AME": 16,
    "FF-INT": 7,
    "OSTH": 25,
}
# Answer weights for 1..5 per sub-index: kommun figures near 78 / 78 / 76.
WEIGHTS = {
    "motivation": [2, 4, 12, 42, 40],
    "ledarskap": [3, 4, 11, 40, 42],
    "styrning": [2, 4, 15, 43, 36],
}
SUB_OF = ["motivation"] * 3 + ["ledarskap"] * 3 + ["styrning"] * 3
RIKET = {2024: (79, 78, 78, 78), 2026: (79, 78, 78, 78)}


def _answers(rng, lift):
    """Nine answers; `lift` (per unit and year) moves weight between 4–5 and 1–3."""
    out = []
    for i, sub in enumerate(SUB_OF):
        w = WEIGHTS[sub]
        weights = [w[0] * (1 - lift), w[1] * (1 - lift), w[2] * (1 - lift), w[3], w[4] * (1 + lift)]
        if i in (1, 7) and rng.random() < 0.03:
            out.append(None)  # "vet ej"
        else:
            out.append(rng.choices([1, 2, 3, 4, 5], weights)[0])
    return out


def _gender(rng):
    r = rng.random()
    return "K" if r < 0.74 else "M" if r < 0.95 else ""


def _seed_round(year, nodes, rng):
    rnd, _ = HmeRound.objects.get_or_create(
        year=year,
        defaults={
            "opens_on": datetime.date(year, 3, 2),
            "closes_on": datetime.date(year, 3, 20),
            "status": HmeRound.Status.CLOSED,
        },
    )
    if not rnd.responses.exists():
        responses = []
        for kod, staff in STAFF.items():
            lift = rng.uniform(-0.35, 0.35) + (0.02 if year == 2026 else 0)
            count = max(1, round(staff * rng.uniform(0.85, 1.0)))
            for _ in range(count):
                answers = _answers(rng, lift)
                responses.append(
                    HmeResponse(
                        round=rnd,
                        node=nodes[kod],
                        gender=_gender(rng),
                        answered_on=datetime.date(year, 3, rng.randint(2, 20)),
                        **{f"f{i}": a for i, a in enumerate(answers, start=1)},
                    )
                )
        HmeResponse.objects.bulk_create(responses, batch_size=1000)
    if rnd.status != HmeRound.Status.COMPUTED:
        rnd.status = HmeRound.Status.CLOSED
        rnd.save(update_fields=["status"])
        compute_round(rnd.pk)
        rnd.refresh_from_db()
    return rnd


def seed_hme(ctx):
    rng = random.Random(SEED)
    nodes = ctx["nodes"]
    rounds = {year: _seed_round(year, nodes, rng) for year in (2024, 2026)}
    for year, (mot, led, sty, total) in RIKET.items():
        HmeReference.objects.get_or_create(
            year=year,
            defaults={
                "motivation": mot,
                "ledarskap": led,
                "styrning": sty,
                "hme": total,
                "source": "Demovärden",
            },
        )
    plan, _ = HmePlan.objects.get_or_create(
        round=rounds[2026],
        node=nodes["GRU-BYA"],
        defaults={"focus_styrning": True, "focus_other": "Återkoppling i arbetslagen"},
    )
    rektor = ctx["users"].get("erik.rektor")
    for text, due, status in [
        ("Gå igenom HME-resultatet på APT och välj två förbättringar", (2026, 5, 15), "done"),
        ("Gör arbetsplatsens mål synliga i varje arbetslag", (2026, 9, 30), "ongoing"),
        ("Följ upp målen på varje arbetslagsmöte, varannan vecka", (2026, 12, 15), "planned"),
    ]:
        HmeAction.objects.get_or_create(
            plan=plan,
            text=text,
            defaults={
                "responsible_user": rektor,
                "due_on": datetime.date(*due),
                "status": status,
            },
        )
    ctx["hme_rounds"] = rounds
    total = {y: r.responses.count() for y, r in rounds.items()}
    ctx["log"].append(
        "HME: "
        + ", ".join(f"{y}: {n} svar" for y, n in total.items())
        + ", handlingsplan för Byavångsskolan."
    )
