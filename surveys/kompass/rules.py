"""Kommunkompassen's rules as plain functions: scoring, rounding, the export shape.

Points are Decimal and stay unrounded all the way: an area's score is the sum of its sub-areas'
unrounded points and the total the sum of all of them. Rounding is half up and only for display
or export: points to one decimal, percentages to whole numbers (29 of 40 = 72,5 % → 73 %).
That is why the printed sub-areas of an area may not add up to its printed total.
"""

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

from django.db.models import Prefetch, Q

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


# Reading stored evaluations -------------------------------------------------------------------


def evaluation_profile(evaluation):
    """The profile of a stored evaluation, computed from its unrounded points (3 queries)."""
    frame = frame_of(evaluation.version)
    points = {p.subarea.code: p.points for p in evaluation.points.select_related("subarea")}
    if not points:
        return None
    return score(frame, points)


def area_percentages(evaluations):
    """{evaluation id: [pct per area 1..8]} from the stored area scores (one query)."""
    from surveys.models import KompassAreaScore

    result = {e.pk: {} for e in evaluations}
    for s in KompassAreaScore.objects.filter(evaluation__in=list(result)).select_related("area"):
        result[s.evaluation_id][s.area.number] = s.pct
    return {pk: [by_area.get(n) for n in sorted(by_area)] for pk, by_area in result.items()}


def compute_evaluation(evaluation):
    """Store area scores and the total of an evaluation from its unrounded points. Idempotent."""
    from django.utils import timezone

    from surveys.models import KompassArea, KompassAreaScore

    profile = evaluation_profile(evaluation)
    KompassAreaScore.objects.filter(evaluation=evaluation).delete()
    if profile is None:
        evaluation.total_points = evaluation.total_pct = None
    else:
        areas = {a.number: a for a in KompassArea.objects.filter(version=evaluation.version_id)}
        KompassAreaScore.objects.bulk_create(
            KompassAreaScore(
                evaluation=evaluation,
                area=areas[a.number],
                points=a.points,
                max_points=a.max_points,
                pct=a.pct,
            )
            for a in profile.areas
        )
        evaluation.total_points, evaluation.total_pct = profile.total.points, profile.total.pct
    evaluation.computed_at = timezone.now()
    evaluation.save(update_fields=["total_points", "total_pct", "computed_at"])
    return profile


def visible_evaluations(user, kommun):
    """The kommun's evaluations `user` may read: drafts need VIEW, the rest VIEW_PUBLISHED."""
    from surveys.models import EvaluationStatus, KompassEvaluation
    from tillit.org.permissions import VIEW, VIEW_PUBLISHED, can

    qs = KompassEvaluation.objects.of_kommun(kommun).select_related("version")
    if can(user, VIEW, kommun):
        return qs
    if can(user, VIEW_PUBLISHED, kommun):
        return qs.filter(status=EvaluationStatus.PUBLICERAD)
    return qs.none()


def latest_reference(year=None, published_only=True):
    """The national average closest before (or in) `year`, else the newest one."""
    from surveys.models import EvaluationStatus, KompassEvaluation

    qs = KompassEvaluation.objects.references().select_related("version")
    if published_only:
        qs = qs.filter(status=EvaluationStatus.PUBLICERAD)
    if year is not None:
        before = qs.filter(year__lte=year).order_by("-year").first()
        if before:
            return before
    return qs.order_by("-year").first()


def kompass_open_actions(node):
    """Open handlingsplan actions that concern `node`: plans on the node or above it, and actions
    a unit in its subtree is responsible for. For the verksamhetsdialog and follow-up."""
    from surveys.models import KompassAction

    paths = [*node.ancestor_paths(), node.path]
    return (
        KompassAction.objects.open()
        .filter(Q(plan__node__path__in=paths) | Q(responsible_node__path__startswith=node.path))
        .select_related("plan", "area", "subarea", "responsible_node")
        .order_by("due_on", "area__number", "pk")
    )


# Comparison charts ---------------------------------------------------------------------------


def short_area_name(number, name):
    """A radar axis label: the number and the first words, kept short."""
    words, label = name.split(), ""
    for word in words:
        if len(label) + len(word) > 16 and label:
            break
        label = f"{label} {word}".strip()
    return f"{number} {label}"


def series_name(evaluation):
    if evaluation.kind == "referens":
        return f"Nationellt snitt {evaluation.year}"
    return f"{evaluation.get_kind_display()} {evaluation.year}"


def short_series_name(evaluation):
    """A legend entry short enough for four series in the radar's legend."""
    prefix = {"referens": "Riket", "själv": "Själv"}.get(evaluation.kind, "Extern")
    return f"{prefix} {evaluation.year}"


def comparison(evaluations, reference, areas, limit=3):
    """Charts and a table comparing up to `limit` evaluations (newest first) and the national
    average, area by area in %. `areas` are the KompassArea rows of the framework."""
    from tillit.reports.charts import bar_chart, radar_chart

    chosen = list(evaluations)[:limit]
    everything = chosen + ([reference] if reference else [])
    pcts = area_percentages(everything)
    complete = [e for e in everything if len(pcts[e.pk]) == len(areas)]
    series = [(series_name(e), pcts[e.pk]) for e in complete]
    axes = [short_area_name(a.number, a.name) for a in areas]
    if not series:
        return None
    main = series[0][1] if chosen and len(pcts[chosen[0].pk]) == len(areas) else None
    ref = pcts[reference.pk] if reference and len(pcts[reference.pk]) == len(areas) else None
    bars = None
    if main:
        bars = bar_chart(
            [(axes[i], main[i], ref[i] if ref else None) for i in range(len(areas))],
            maximum=100,
            unit=" %",
            label=f"{series[0][0]} per område i procent"
            + (f", streck = {series_name(reference)}" if ref else ""),
            width=560,
        )
    # The radar's axes carry only the area number: names do not fit at the sides of the chart;
    # the table under it (and the bars) give the names.
    radar = radar_chart(
        [str(a.number) for a in areas],
        [(short_series_name(e), pcts[e.pk]) for e in complete],
        maximum=100,
        size=440,
        label="Kommunkompassen per område i procent: " + ", ".join(n for n, _ in series),
    )
    table = [(a, [(name, values[i]) for name, values in series]) for i, a in enumerate(areas)]
    return {"radar": radar, "bars": bars, "names": [n for n, _ in series], "table": table}
