"""Kommunkompassen's rules as plain functions: scoring, rounding, the export shape (what is
stored and read is in services.py, the comparison charts in charts.py).

Points are Decimal and stay unrounded all the way: an area's score is the sum of its sub-areas'
unrounded points and the total the sum of all of them. Rounding is half up and only for display
or export: points to one decimal, percentages to whole numbers (29 of 40 = 72,5 % → 73 %).
That is why the printed sub-areas of an area may not add up to its printed total.
"""

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

from django.db.models import Prefetch

HUNDRED = Decimal(100)


def half_up(value, places=0):
    """Decimal rounding half up at `places` decimals (72,5 → 73), never through floats."""
    return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def percent(points, maximum):
    """Share of the maximum as a whole percentage, rounded half up."""
    if not maximum:
        return None
    with localcontext() as ctx:
        ctx.prec = 50  # exact for any stored points (at most 6 decimals)
        return int(half_up(Decimal(points) * HUNDRED / Decimal(maximum), 0))


def points_text(points):
    """Points as export text: one decimal, half up, decimal point ("12.25" → "12.3")."""
    return f"{half_up(points, 1):.1f}"


def code_key(code):
    """Sort key for sub-area codes: "2.10" after "2.9"."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"[.]", code))


# The framework as plain data, so the rules can be tested without a database.
@dataclass(frozen=True)
class FrameSub:
    code: str
    name: str
    max_points: int


@dataclass(frozen=True)
class FrameArea:
    number: int
    name: str
    subareas: tuple

    @property
    def max_points(self):
        return sum(s.max_points for s in self.subareas)


def frame_of(version):
    """The framework of a KompassVersion as [FrameArea] ordered by area and code (2 queries)."""
    from surveys.models import KompassSubArea

    areas = version.areas.prefetch_related(
        Prefetch("subareas", queryset=KompassSubArea.objects.order_by("position"))
    ).order_by("number")
    return [
        FrameArea(
            a.number,
            a.name,
            tuple(
                sorted(
                    (FrameSub(s.code, s.name, s.max_points) for s in a.subareas.all()),
                    key=lambda s: code_key(s.code),
                )
            ),
        )
        for a in areas
    ]


@dataclass(frozen=True)
class Score:
    """Unrounded points against a maximum; `pct` is rounded half up."""

    points: Decimal
    max_points: int

    @property
    def pct(self):
        return percent(self.points, self.max_points)

    @property
    def points_text(self):
        return points_text(self.points)


@dataclass(frozen=True)
class SubAreaResult(Score):
    code: str = ""
    name: str = ""


@dataclass(frozen=True)
class AreaResult(Score):
    number: int = 0
    name: str = ""
    subareas: tuple = field(default=())


@dataclass(frozen=True)
class Profile:
    areas: tuple
    total: Score

    @property
    def subareas(self):
        return [s for a in self.areas for s in a.subareas]


def score(frame, points):
    """A profile from `frame` ([FrameArea]) and `points` ({code: Decimal}, unrounded).

    Every sub-area of the frame must have points (the import guarantees it).
    """
    areas = []
    for area in frame:
        subs = tuple(
            SubAreaResult(Decimal(points[s.code]), s.max_points, s.code, s.name)
            for s in area.subareas
        )
        total = sum((s.points for s in subs), Decimal(0))
        areas.append(AreaResult(total, area.max_points, area.number, area.name, subs))
    grand = sum((a.points for a in areas), Decimal(0))
    return Profile(tuple(areas), Score(grand, sum(a.max_points for a in areas)))


def export_dict(kommun, year, kind, profile):
    """The export shape of `kommunkompass_results --format json`."""
    return {
        "kommun": kommun,
        "year": year,
        "kind": kind,
        "subareas": [
            {
                "code": s.code,
                "name": s.name,
                "points": s.points_text,
                "max": s.max_points,
                "pct": s.pct,
            }
            for s in sorted(profile.subareas, key=lambda s: code_key(s.code))
        ],
        "areas": [
            {
                "area": a.number,
                "name": a.name,
                "points": a.points_text,
                "max": a.max_points,
                "pct": a.pct,
            }
            for a in sorted(profile.areas, key=lambda a: a.number)
        ],
        "total": {
            "points": profile.total.points_text,
            "max": profile.total.max_points,
            "pct": profile.total.pct,
        },
    }


def parse_points(text):
    """A points cell as Decimal: "12,5", "12.5", " 7,25 ". Raises ValueError if not a number."""
    cleaned = (text or "").strip().replace("\xa0", "").replace(" ", "").replace(",", ".")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", cleaned):
        raise ValueError(text)
    try:
        return Decimal(cleaned)
    except InvalidOperation as exc:
        raise ValueError(text) from exc
