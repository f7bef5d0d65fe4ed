"""`kommunkompass_results --format json`: the exact shape, rounded half up from unrounded points."""

import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from surveys.kompass.importer import import_points
from surveys.models import KompassSubArea
from tests.surveys.kompass.helpers import points_file

pytestmark = pytest.mark.django_db


def export(capsys, *args):
    call_command("kommunkompass_results", *args)
    return json.loads(capsys.readouterr().out)


def test_the_export_prints_exactly_the_agreed_json(tree, capsys):
    points = {
        "1.1": Decimal("10"),
        "1.2": Decimal("7.25"),
        "1.3": Decimal("12.25"),
        "1.4": Decimal("4.35"),
        "1.5": Decimal("29"),
        "3.2": Decimal("29"),
    }
    import_points(data=points_file(points), year=2020, kind="extern", node=tree.K)
    data = export(capsys, "--kommun", "K", "--year", "2020", "--format", "json")
    subs = {s.code: s for s in KompassSubArea.objects.all()}
    halves = {c: Decimal(s.max_points) / 2 for c, s in subs.items()}
    values = {**halves, **points}

    def sub(code, text, pct):
        return {
            "code": code,
            "name": subs[code].name,
            "points": text,
            "max": subs[code].max_points,
            "pct": pct,
        }

    assert list(data) == ["kommun", "year", "kind", "subareas", "areas", "total"]
    assert (data["kommun"], data["year"], data["kind"]) == ("K", 2020, "extern")
    assert [s["code"] for s in data["subareas"]] == sorted(
        subs, key=lambda c: tuple(map(int, c.split(".")))
    )
    assert data["subareas"][0] == sub("1.1", "10.0", 50)
    assert data["subareas"][1] == sub("1.2", "7.3", 73)  # 72,5 % → 73
    assert data["subareas"][2] == sub("1.3", "12.3", 41)  # 12.25 → 12.3; 40,83 %
    assert data["subareas"][3] == sub("1.4", "4.4", 44)  # 4.35 → 4.4; 43,5 % → 44
    assert next(s for s in data["subareas"] if s["code"] == "3.2") == sub("3.2", "29.0", 73)
    # Area 1 from unrounded points: 62.85 → "62.9", though the printed parts add up to 63.0.
    area1 = sum(values[c] for c in ["1.1", "1.2", "1.3", "1.4", "1.5"])
    assert area1 == Decimal("62.85")
    assert sum(Decimal(s["points"]) for s in data["subareas"][:5]) == Decimal("63.0")
    assert data["areas"][0] == {
        "area": 1,
        "name": "Samspel mellan förtroendevalda och medborgare",
        "points": "62.9",
        "max": 100,
        "pct": 63,
    }
    assert [a["area"] for a in data["areas"]] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert all(a["max"] == 100 for a in data["areas"])
    total = sum(values.values())
    assert data["total"] == {
        "points": f"{total.quantize(Decimal('0.1'), 'ROUND_HALF_UP')}",
        "max": 800,
        "pct": 53,
    }
    assert total == Decimal("421.85")


def test_the_name_is_the_framework_name_not_an_alias(tree, capsys):
    import_points(data=points_file(), year=2020, kind="extern", node=tree.K)
    data = export(capsys, "--kommun", "K", "--year", "2020", "--format", "json")
    assert data["subareas"][5]["name"] == "Strategi för hållbar utveckling"


def test_a_self_assessment_and_the_reference_are_exported_by_kind(tree, capsys):
    import_points(data=points_file(), year=2023, kind="sjalv", node=tree.K)
    import_points(data=points_file(), year=2020, kind="referens")
    data = export(capsys, "--kommun", "K", "--year", "2023", "--format", "json", "--kind", "själv")
    assert data["kind"] == "själv"
    data = export(capsys, "--year", "2020", "--format", "json", "--kind", "referens")
    assert data["kommun"] is None and data["kind"] == "referens"
    assert data["total"] == {"points": "400.0", "max": 800, "pct": 50}


def test_a_missing_evaluation_is_a_swedish_error(tree):
    with pytest.raises(CommandError, match="Det finns ingen extern utvärdering för K år 2019"):
        call_command("kommunkompass_results", "--kommun", "K", "--year", "2019", "--format", "json")
