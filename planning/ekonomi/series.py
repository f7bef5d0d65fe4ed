"""Invented but plausible monthly series, written as the two import files: for the demo, the
scale kommun and the benchmark. Deterministic from the seed and each node's kod.

Per node: a yearly budget for personalkostnader, övriga kostnader and intäkter; utfall that
drifts from the budget at the node's own pace; a prognosis that follows the drift. Staff: a
headcount that wobbles, scheduled hours per person, sick leave higher in winter, some of it in
long spells, and now and then someone leaving.
"""

import random
from datetime import date

from .importer import EKONOMI_HEADER, PERSONAL_HEADER

POSTS = ("intäkter", "personalkostnader", "övriga kostnader")


def closed_months(last, count):
    """The `count` months ending at `last` (a date), oldest first."""
    index = last.year * 12 + last.month - 1
    return [date(i // 12, i % 12 + 1, 1) for i in range(index - count + 1, index + 1)]


def last_closed_month(today):
    index = today.year * 12 + today.month - 2
    return date(index // 12, index % 12 + 1, 1)


def kronor(value):
    """1234567.891 → "1 234 567,89", as a Swedish ekonomisystem exports it."""
    text = f"{value:,.2f}"
    return text.replace(",", " ").replace(".", ",").replace("-", "\u2212")


def _rng(seed, kod):
    return random.Random(f"{seed}:{kod}")


def ekonomi_csv(nodes, months, *, seed=2026, size=None):
    """The ekonomi file for `nodes` [(kod, leaf)] over `months` as text.

    `size(kod, leaf)` gives the node's yearly personalkostnader in kronor (default: 4–30 Mkr for
    a leaf, 0.5–3 Mkr for a node above the units)."""
    lines = [";".join(EKONOMI_HEADER)]
    for kod, leaf in nodes:
        rng = _rng(seed, kod)
        base = (
            size(kod, leaf) if size else rng.uniform(4e6, 30e6) if leaf else rng.uniform(5e5, 3e6)
        )
        budgets = {
            "personalkostnader": base,
            "övriga kostnader": base * rng.uniform(0.15, 0.5),
            "intäkter": base * rng.uniform(0.02, 0.2),
        }
        drift = rng.gauss(-0.004, 0.012)  # the node's overspend (+) or saving (−) over a year
        for period in months:
            share = period.month / 12
            noise = rng.uniform(-0.006, 0.006)
            for post in POSTS:
                helar = budgets[post]
                ack = helar * share
                # Intäkter beat the budget when costs drift up less often: keep them flat-ish.
                factor = 1 + (drift if post != "intäkter" else drift / 4) * share + noise
                lines.append(
                    ";".join(
                        (
                            f"{period:%Y-%m}",
                            kod,
                            post,
                            kronor(helar),
                            kronor(ack),
                            kronor(ack * factor),
                            kronor(helar * (1 + (factor - 1) / max(share, 0.25))),
                        )
                    )
                )
    return "\n".join(lines) + "\n"


WINTER = {1: 1.25, 2: 1.3, 3: 1.15, 4: 1.0, 5: 0.9, 6: 0.8, 7: 0.7, 8: 0.85}


def personal_csv(nodes, months, *, seed=2026, headcount=None, no_staff=()):
    """The personal file for `nodes` [(kod, leaf)] over `months` as text.

    `headcount(kod, leaf)` gives the node's own staff (default: 2–45 for a leaf, 0–3 above);
    nodes in `no_staff` (the nämnder: politicians are not staff) get none."""
    lines = [";".join(PERSONAL_HEADER)]
    for kod, leaf in nodes:
        if kod in no_staff:
            continue
        rng = _rng(seed, "p" + kod)
        staff = (
            headcount(kod, leaf) if headcount else rng.randint(2, 45) if leaf else rng.randint(0, 3)
        )
        sick_rate = rng.uniform(0.03, 0.1)
        long_share = rng.uniform(0.2, 0.5)
        for period in months:
            now = max(0, staff + rng.randint(-1, 1)) if staff > 2 else staff
            hours = now * rng.randint(150, 165)
            sick = min(hours, int(hours * sick_rate * WINTER.get(period.month, 1.0)))
            long = int(sick * long_share)
            left = sum(1 for _ in range(now) if rng.random() < 0.01)
            lines.append(f"{period:%Y-%m};{kod};{now};{hours};{sick};{long};{left}")
    return "\n".join(lines) + "\n"
