"""The rules of internal control, free of the database: the risk value, its level, the 4 × 4
risk matrix, a control's due date and the guard against too many controls.

The scales are SKR's usual ones: sannolikhet and konsekvens 1–4, riskvärde = sannolikhet ×
konsekvens (1–16).
"""

import calendar
import datetime

from django.conf import settings

SANNOLIKHET = {
    1: "Osannolik",
    2: "Mindre sannolik",
    3: "Möjlig",
    4: "Sannolik",
}
KONSEKVENS = {
    1: "Försumbar",
    2: "Lindrig",
    3: "Kännbar",
    4: "Allvarlig",
}
SCALE = (1, 2, 3, 4)

# (highest value of the level, key, label, fill colour, text colour): the colours of the usual
# matrix (green, yellow, orange, red), always printed together with the count and the label.
LEVELS = [
    (3, "lag", "Låg risk", "#cfe8cf", "#1d2327"),
    (6, "medel", "Medelhög risk", "#fbe7a1", "#1d2327"),
    (9, "hog", "Hög risk", "#f6b26b", "#1d2327"),
    (16, "mycket_hog", "Mycket hög risk", "#d9534f", "#ffffff"),
]


def risk_value(sannolikhet, konsekvens):
    """Riskvärde = sannolikhet × konsekvens; both on the 1–4 scale."""
    for name, value in (("sannolikhet", sannolikhet), ("konsekvens", konsekvens)):
        if value not in SCALE:
            raise ValueError(f"{name} måste vara 1–4, inte {value!r}")
    return sannolikhet * konsekvens


def risk_level(value):
    """The level of a risk value: a dict with key, label, fill and ink."""
    for top, key, label, fill, ink in LEVELS:
        if value <= top:
            return {"key": key, "label": label, "fill": fill, "ink": ink}
    raise ValueError(f"riskvärdet måste vara 1–16, inte {value!r}")


def matrix(pairs):
    """The 4 × 4 risk matrix from (sannolikhet, konsekvens) pairs.

    Rows run from sannolikhet 4 (top) down to 1, columns from konsekvens 1 to 4, as the matrix
    is drawn: [{"sannolikhet", "label", "cells": [{"konsekvens", "value", "count", "level"}]}].
    """
    counts = {}
    for s, k in pairs:
        counts[(s, k)] = counts.get((s, k), 0) + 1
    return [
        {
            "sannolikhet": s,
            "label": SANNOLIKHET[s],
            "cells": [
                {
                    "konsekvens": k,
                    "value": s * k,
                    "count": counts.get((s, k), 0),
                    "level": risk_level(s * k),
                }
                for k in SCALE
            ],
        }
        for s in reversed(SCALE)
    ]


def due_date(year, month):
    """The last day of the month a control is to be done (None when no month is set)."""
    if not month:
        return None
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def max_controls():
    return settings.MAX_CONTROLS_PER_PLAN


def too_many_controls(count):
    """The warning text when a plan has more controls than MAX_CONTROLS_PER_PLAN, else ""."""
    limit = max_controls()
    if count <= limit:
        return ""
    return (
        f"Planen har {count} kontrollmoment, fler än de {limit} som rekommenderas. Varje "
        "kontroll kostar verksamheten tid: välj de risker som betyder mest."
    )
