import datetime

import pytest

from planning.internkontroll import rules


def test_risk_value_is_sannolikhet_times_konsekvens():
    assert rules.risk_value(1, 1) == 1
    assert rules.risk_value(3, 4) == 12
    assert rules.risk_value(4, 4) == 16


@pytest.mark.parametrize("s,k", [(0, 1), (5, 1), (1, 0), (2, None)])
def test_risk_value_refuses_values_outside_one_to_four(s, k):
    with pytest.raises(ValueError):
        rules.risk_value(s, k)


@pytest.mark.parametrize(
    "value,key",
    [(1, "lag"), (3, "lag"), (4, "medel"), (6, "medel"), (8, "hog"), (9, "hog")]
    + [(12, "mycket_hog"), (16, "mycket_hog")],
)
def test_risk_levels_follow_the_usual_matrix(value, key):
    assert rules.risk_level(value)["key"] == key


def test_the_scales_have_skrs_swedish_labels():
    assert rules.SANNOLIKHET == {
        1: "Osannolik",
        2: "Mindre sannolik",
        3: "Möjlig",
        4: "Sannolik",
    }
    assert rules.KONSEKVENS[4] == "Allvarlig"


def test_the_matrix_counts_risks_per_cell_with_the_highest_sannolikhet_on_top():
    grid = rules.matrix([(3, 4), (3, 4), (1, 1)])
    assert [row["sannolikhet"] for row in grid] == [4, 3, 2, 1]
    assert [c["konsekvens"] for c in grid[0]["cells"]] == [1, 2, 3, 4]
    assert grid[1]["cells"][3] | {"level": None} == {
        "konsekvens": 4,
        "value": 12,
        "count": 2,
        "level": None,
    }
    assert grid[3]["cells"][0]["count"] == 1
    assert sum(c["count"] for row in grid for c in row["cells"]) == 3


def test_a_control_is_due_on_the_last_day_of_its_month():
    assert rules.due_date(2028, 2) == datetime.date(2028, 2, 29)
    assert rules.due_date(2027, 12) == datetime.date(2027, 12, 31)
    assert rules.due_date(2027, None) is None


def test_more_controls_than_the_limit_gives_a_warning(settings):
    settings.MAX_CONTROLS_PER_PLAN = 10
    assert rules.too_many_controls(10) == ""
    assert "11 kontrollmoment" in rules.too_many_controls(11)
    assert "fler än de 10" in rules.too_many_controls(11)


def test_the_matrix_svg_has_a_label_counts_and_no_inline_style():
    from planning.internkontroll.charts import risk_matrix_svg

    svg = risk_matrix_svg(rules.matrix([(3, 4), (3, 4)]), label="Riskmatris BUN")
    assert 'role="img"' in svg and "Riskmatris BUN: 2 risker" in svg
    assert ">2</text>" in svg
    assert "style=" not in svg  # the pages' Content-Security-Policy allows no inline style
    assert 'width="100%"' in svg
    printed = risk_matrix_svg(rules.matrix([]), responsive=False)
    assert 'width="100%"' not in printed
