"""Shared helpers for the Kommunkompassen tests: valid files built from the framework."""

from decimal import Decimal

from surveys.kompass.rules import frame_of
from surveys.models import KompassVersion


def framework():
    return frame_of(KompassVersion.objects.get(name="2019/2020"))


def points_file(points=None, sep=",", bom=False, header="delomrade;poang", drop=(), extra=()):
    """A valid file: every sub-area at half its maximum unless `points` says otherwise."""
    points = points or {}
    lines = [header]
    for area in framework():
        for s in area.subareas:
            if s.code in drop:
                continue
            value = Decimal(points.get(s.code, Decimal(s.max_points) / 2))
            lines.append(f"{s.code};{str(value).replace('.', sep)}")
    lines.extend(extra)
    text = "\n".join(lines) + "\n"
    return (("\ufeff" if bom else "") + text).encode("utf-8")
