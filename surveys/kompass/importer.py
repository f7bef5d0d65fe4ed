"""Import of Kommunkompassen points: `delomrade;poang`, `;`-separated, UTF-8 (BOM allowed).

Points may use a decimal comma or point. The whole file is checked against the framework before
anything is written; one error rejects it all and every error names its row, in Swedish.
Importing again replaces that evaluation's points. The national average is imported the same way
with kind `referens` (no kommun).
"""

import re
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from surveys.models import (
    EvaluationKind,
    EvaluationStatus,
    KompassEvaluation,
    KompassPoints,
    KompassVersion,
)
from tillit.csvimport import ImportError_, decode_csv, read_rows

from .rules import code_key, frame_of, parse_points
from .tasks import compute_kompass_evaluation

HEADER = ["delomrade", "poang"]
KIND_ALIASES = {
    "extern": EvaluationKind.EXTERN,
    "själv": EvaluationKind.SJALV,
    "sjalv": EvaluationKind.SJALV,
    "självskattning": EvaluationKind.SJALV,
    "referens": EvaluationKind.REFERENS,
    "riket": EvaluationKind.REFERENS,
}
MAX_DECIMALS = 6


def parse_kind(text):
    kind = KIND_ALIASES.get((text or "").strip().lower())
    if kind is None:
        raise ImportError_([f"Okänd typ {text!r}: välj extern, själv eller referens."])
    return kind


def _normalise_header(text):
    return text.replace("\ufeff", "").replace("å", "a").replace("ä", "a").replace("ö", "o")


def _names(version):
    """{lowercased name or alias: code} so a row may name the sub-area instead of its code."""
    from surveys.models import KompassAlias, KompassSubArea

    names = {s.name.lower(): s.code for s in KompassSubArea.objects.filter(area__version=version)}
    for alias in KompassAlias.objects.filter(subarea__area__version=version).select_related(
        "subarea"
    ):
        names.setdefault(alias.name.lower(), alias.subarea.code)
    return names


def parse_file(data, frame, names=None, version_name=""):
    """Validate a points file against `frame`; return {code: Decimal} or raise ImportError_."""
    text = decode_csv(data)
    first_line, _, rest = text.partition("\n")
    text = _normalise_header(first_line.lower()) + "\n" + rest
    subs = {s.code: s for area in frame for s in area.subareas}
    names = names or {}
    errors, points, seen = [], {}, {}
    for number, row, ncols in read_rows(text, HEADER):
        if row is None:
            errors.append(f"Rad {number}: raden har {ncols} kolumner, väntade 2 (delomrade;poang).")
            continue
        cell = row["delomrade"]
        match = re.match(r"^(\d+\.\d+)(?:\s|$)", cell)
        code = match.group(1) if match else names.get(cell.lower())
        if not cell:
            errors.append(f"Rad {number}, kolumn delomrade: delområdet saknas.")
            continue
        if code not in subs:
            errors.append(
                f"Rad {number}, kolumn delomrade: okänt delområde {cell!r}"
                f"{f' i Kommunkompassen {version_name}' if version_name else ''}."
            )
            continue
        if code in seen:
            errors.append(
                f"Rad {number}, kolumn delomrade: delområde {code} finns redan på rad {seen[code]}."
            )
            continue
        seen[code] = number
        try:
            value = parse_points(row["poang"])
        except ValueError:
            errors.append(f"Rad {number}, kolumn poang: {row['poang']!r} är inte ett tal.")
            continue
        maximum = subs[code].max_points
        if value < 0:
            errors.append(f"Rad {number}, kolumn poang: poängen för {code} får inte vara negativ.")
        elif value > maximum:
            errors.append(
                f"Rad {number}, kolumn poang: {code} har högst {maximum} poäng, "
                f"filen anger {row['poang']}."
            )
        elif -value.as_tuple().exponent > MAX_DECIMALS:
            errors.append(
                f"Rad {number}, kolumn poang: högst {MAX_DECIMALS} decimaler ({row['poang']})."
            )
        else:
            points[code] = value
    missing = sorted(set(subs) - set(seen), key=code_key)
    if missing:
        errors.append(f"Delområden saknas i filen: {', '.join(missing)}.")
    if errors:
        raise ImportError_(errors)
    return points


@transaction.atomic
def import_points(*, data, year, kind, node=None, version=None, user=None):
    """Validate and store a file's points on the (created or existing) evaluation.

    Returns the evaluation; queues the computation of area scores when the transaction commits.
    """
    kind = parse_kind(kind)
    if kind == EvaluationKind.REFERENS:
        node = None
    elif node is None:
        raise ImportError_(
            ["Ange kommunen (--kommun) för en extern utvärdering eller självskattning."]
        )
    version = version or KompassVersion.for_year(year)
    if version is None:
        raise ImportError_(["Det finns ingen version av Kommunkompassen inlagd."])
    points = parse_file(data, frame_of(version), _names(version), version.name)
    evaluation, _ = KompassEvaluation.objects.select_for_update().get_or_create(
        node=node,
        year=year,
        kind=kind,
        # The national average is public data: it needs no publishing step.
        defaults={"version": version, "status": _initial_status(kind)},
    )
    if evaluation.version_id != version.pk:
        evaluation.version = version
    evaluation.imported_at, evaluation.imported_by = timezone.now(), user
    evaluation.save()
    subareas = {s.code: s for s in version_subareas(version)}
    evaluation.points.all().delete()
    KompassPoints.objects.bulk_create(
        KompassPoints(evaluation=evaluation, subarea=subareas[code], points=Decimal(value))
        for code, value in points.items()
    )
    transaction.on_commit(lambda: compute_kompass_evaluation.delay(evaluation.pk))
    return evaluation


def version_subareas(version):
    from surveys.models import KompassSubArea

    return KompassSubArea.objects.filter(area__version=version)


def _initial_status(kind):
    if kind == EvaluationKind.REFERENS:
        return EvaluationStatus.PUBLICERAD
    return EvaluationStatus.UTKAST
