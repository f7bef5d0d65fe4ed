"""The exact rules: half-up percentages and points, area totals from unrounded points."""

from decimal import Decimal

import pytest

from surveys.kompass.rules import (
    FrameArea,
    FrameSub,
    export_dict,
    half_up,
    parse_points,
    percent,
    points_text,
    score,
)
from surveys.models import KompassArea, KompassSubArea, KompassVersion


@pytest.mark.parametrize(
    ("points", "maximum", "expected"),
    [
        ("29", 40, 73),  # 72,5 % → 73
        ("2.5", 20, 13),  # 1/8 of 20: 12,5 % → 13
        ("7.25", 50, 15),  # 14,5 % → 15
        ("58.5", 100, 59),
        ("58.49", 100, 58),
        ("0.5", 40, 1),  # 1,25 % → 1
        ("1", 8, 13),  # 12,5 % → 13 (a float would print 12.5 and round() to 12)
        ("20", 20, 100),
        ("0", 20, 0),
        ("2.6", 40, 7),  # 6,5 % → 7, though round(6.5) == 6
        ("399.9999995", 800, 50),
    ],
)
def test_percentages_are_rounded_half_up_in_decimal(points, maximum, expected):
    assert percent(Decimal(points), maximum) == expected


def test_python_round_would_get_the_half_cases_wrong_and_we_do_not():
    assert round(12.5) == 12  # banker's rounding: the reason for Decimal half up
    assert percent(Decimal("2.5"), 20) == 13


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        ("12.25", "12.3"),
        ("12.35", "12.4"),
        ("12.45", "12.5"),
        ("7.25", "7.3"),
        ("0.05", "0.1"),
        ("0.04999", "0.0"),
        ("10", "10.0"),
        ("58.75", "58.8"),
    ],
)
def test_points_are_shown_with_one_decimal_rounded_half_up(points, expected):
    assert points_text(Decimal(points)) == expected
    assert half_up(Decimal(points), 1) == Decimal(expected)


FRAME = [
    FrameArea(
        1,
        "Område ett",
        (FrameSub("1.1", "A", 20), FrameSub("1.2", "B", 30), FrameSub("1.3", "C", 50)),
    ),
    FrameArea(2, "Område två", (FrameSub("2.1", "D", 40), FrameSub("2.2", "E", 60))),
]


def test_the_area_total_comes_from_unrounded_points_so_printed_parts_may_not_add_up():
    # Each sub-area prints as x.x5 rounded up: 1.3 + 1.3 + 1.3 = 3.9, but the area is 3.75 → 3.8.
    profile = score(
        FRAME,
        {
            "1.1": Decimal("1.25"),
            "1.2": Decimal("1.25"),
            "1.3": Decimal("1.25"),
            "2.1": Decimal("29"),
            "2.2": Decimal("0"),
        },
    )
    area = profile.areas[0]
    printed = sum(Decimal(s.points_text) for s in area.subareas)
    assert printed == Decimal("3.9")
    assert area.points == Decimal("3.75")
    assert area.points_text == "3.8"
    assert area.max_points == 100
    assert area.pct == 4  # 3,75 % → 4
    assert profile.areas[1].pct == 29  # 29 of 100
    assert profile.areas[1].subareas[0].pct == 73  # 29 of 40
    assert profile.total.points == Decimal("32.75")
    assert profile.total.max_points == 200
    assert profile.total.pct == 16  # 16,375 %


def test_the_export_shape_orders_subareas_by_code_and_areas_by_number():
    profile = score(
        FRAME,
        {"1.1": Decimal("10"), "1.2": 3, "1.3": Decimal("7.25"), "2.1": 1, "2.2": 2},
    )
    data = export_dict("1270", 2020, "extern", profile)
    assert list(data) == ["kommun", "year", "kind", "subareas", "areas", "total"]
    assert data["subareas"][0] == {
        "code": "1.1",
        "name": "A",
        "points": "10.0",
        "max": 20,
        "pct": 50,
    }
    assert data["subareas"][2] == {
        "code": "1.3",
        "name": "C",
        "points": "7.3",
        "max": 50,
        "pct": 15,
    }
    assert data["areas"][0] == {
        "area": 1,
        "name": "Område ett",
        "points": "20.3",
        "max": 100,
        "pct": 20,
    }
    assert data["total"] == {"points": "23.3", "max": 200, "pct": 12}


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12,5", "12.5"), ("12.5", "12.5"), (" 7,25 ", "7.25"), ("0", "0"), ("10\xa0", "10")],
)
def test_points_accept_a_decimal_comma_or_point(text, expected):
    assert parse_points(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["abc", "", "1,2,3", "12,5p", "1e3", "nan"])
def test_points_that_are_not_numbers_are_refused(text):
    with pytest.raises(ValueError):
        parse_points(text)


@pytest.mark.django_db
def test_the_migration_loads_the_2019_2020_framework_exactly():
    version = KompassVersion.objects.get(name="2019/2020")
    areas = list(KompassArea.objects.filter(version=version).order_by("number"))
    assert [a.number for a in areas] == [1, 2, 3, 4, 5, 6, 7, 8]
    counts = [a.subareas.count() for a in areas]
    assert counts == [5, 4, 4, 4, 5, 4, 4, 5]
    for area in areas:
        assert sum(s.max_points for s in area.subareas.all()) == 100, area
    subs = KompassSubArea.objects.filter(area__version=version)
    assert sum(s.max_points for s in subs) == 800
    assert subs.get(code="1.3").max_points == 30
    assert subs.get(code="3.2").name == "Politisk styrning"
    assert subs.get(code="3.2").max_points == 40
    assert subs.get(code="7.2").max_points == 40
    assert subs.get(code="2.4").name == "Civilsamhälle, näringsliv och kultur"
    assert areas[0].name == "Samspel mellan förtroendevalda och medborgare"
    assert areas[7].name == "Chefs- och ledarskap samt medarbetarskap"
    assert areas[0].aliases.filter(name="Offentlighet och demokrati").exists()
    assert subs.get(code="2.1").aliases.filter(name="Strategiskt arbete").exists()
