"""HME.md's exact rules: scoring, indices, half-up rounding, missing answers, anonymity."""

from decimal import Decimal
from fractions import Fraction

import pytest

from surveys.hme.rules import (
    Group,
    compute_indices,
    parse_answer,
    round_half_up,
    score,
    shown_genders,
    shown_nodes,
    to_stored,
)

ALL4 = [4] * 9
NONE9 = [None] * 9


def whole(indices):
    return [
        round_half_up(indices.motivation),
        round_half_up(indices.ledarskap),
        round_half_up(indices.styrning),
        round_half_up(indices.hme),
    ]


def test_answers_score_0_25_50_75_100():
    assert [score(a) for a in (1, 2, 3, 4, 5)] == [0, 25, 50, 75, 100]
    assert score(None) is None
    with pytest.raises(ValueError):
        score(6)


def test_everyone_answering_4_gives_75_everywhere():
    indices = compute_indices([ALL4, ALL4, ALL4])
    assert whole(indices) == [75, 75, 75, 75]
    assert indices.respondents == 3


def test_the_total_is_the_mean_of_the_unrounded_sub_indices_82_79_84_gives_82():
    # Statement indices chosen so that the sub-indices are exactly 82, 79 and 84.
    from surveys.hme.rules import Tally, indices_from_tally

    # 100 respondents per statement; mean score = 25 × (sum/100 − 1).
    def sums_for(target):
        return int((Fraction(target) / 25 + 1) * 100)

    tally = Tally(100, [sums_for(82)] * 3 + [sums_for(79)] * 3 + [sums_for(84)] * 3, [100] * 9)
    indices = indices_from_tally(tally)
    assert (indices.motivation, indices.ledarskap, indices.styrning) == (82, 79, 84)
    assert indices.hme == Fraction(245, 3)  # 81,67
    assert round_half_up(indices.hme) == 82


def test_the_two_respondent_example_gives_88_75_75_79():
    a = ALL4
    b = [5, 5, 5, None, None, None, None, None, None]
    indices = compute_indices([a, b])
    assert indices.motivation == Fraction(175, 2)  # 87,5
    assert whole(indices) == [88, 75, 75, 79]
    assert indices.respondents == 2
    # Not the mean of the rounded sub-indices (88 + 75 + 75) / 3 = 79,33 → 79 by luck; check
    # the exact value instead.
    assert indices.hme == Fraction(475, 6)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("76.5"), 77),
        (Decimal("77.5"), 78),
        (Decimal("0.5"), 1),
        (Decimal("99.5"), 100),
        (Decimal("76.4999999999"), 76),
        (Decimal("81.6666666667"), 82),
        (Fraction(153, 2), 77),
        (Fraction(155, 2), 78),
        (Fraction(1529999, 20000), 76),
        (None, None),
    ],
)
def test_rounding_is_half_up_never_bankers(value, expected):
    assert round_half_up(value) == expected


def test_storing_truncates_so_that_rounding_the_stored_value_rounds_the_exact_one():
    just_below = Fraction(765, 10) - Fraction(1, 10**15)
    assert round_half_up(just_below) == 76
    assert round_half_up(to_stored(just_below)) == 76
    assert to_stored(Fraction(153, 2)) == Decimal("76.5")
    assert round_half_up(to_stored(Fraction(245, 3))) == 82


@pytest.mark.parametrize(
    "marker", ["", " ", "-", "vet ej", "Vet ej", "VET EJ", "ej aktuellt", "Ej Aktuellt"]
)
def test_each_missing_marker_is_a_missing_answer(marker):
    assert parse_answer(marker) is None


@pytest.mark.parametrize("bad", ["0", "6", "4,0", "4.5", "x", "vet inte", "fyra"])
def test_anything_else_is_not_an_answer(bad):
    with pytest.raises(ValueError):
        parse_answer(bad)


def test_a_missing_answer_counts_only_for_that_statement():
    # A answers 1 on statement 1 and is missing on the rest; B answers 5 everywhere.
    indices = compute_indices([[1] + [None] * 8, [5] * 9])
    assert indices.statements[0] == 50
    assert indices.statements[1] == 100
    assert indices.respondents == 2


def test_a_respondent_without_any_valid_answer_is_no_respondent():
    indices = compute_indices([NONE9, ALL4])
    assert indices.respondents == 1
    assert whole(indices) == [75, 75, 75, 75]


def test_a_statement_without_valid_answers_leaves_its_sub_index_and_the_total_empty():
    answers = [4, 4, 4, 4, 4, None, 4, 4, 4]
    indices = compute_indices([answers, answers])
    assert indices.statements[5] is None
    assert indices.ledarskap is None
    assert indices.hme is None
    assert round_half_up(indices.motivation) == 75
    assert round_half_up(indices.styrning) == 75


def test_no_responses_at_all_give_no_values():
    indices = compute_indices([])
    assert indices.respondents == 0
    assert whole(indices) == [None] * 4


# --- suppression and subtraction ----------------------------------------------------------


def tree_of(**counts):
    """Paths from dotted names: 'F' root, 'F.A' child… (4-character steps as treebeard)."""
    groups = {}
    for name, (kod, n) in counts.items():
        parts = name.split("__")
        path = "".join(f"{p:0>4}"[:4] for p in parts)
        groups[path] = Group(kod, n)
    return groups


def shown_kods(groups, minimum=5):
    return {groups[p].kod for p in shown_nodes(groups, minimum)}


def test_a_group_below_the_minimum_is_suppressed_but_counts_in_its_ancestors():
    groups = tree_of(F=("F", 9), F__A=("A", 6), F__B=("B", 3))
    # F's remainder is 9 − 6 = 3: but B is not shown, so F covers B's 3: remainder 3 → A hidden.
    assert shown_kods(groups) == {"F"}


def test_the_worked_example_f_with_two_of_its_own_shows_f_and_a():
    groups = tree_of(F=("F", 14), F__A=("A", 9), F__B=("B", 3))
    assert shown_kods(groups) == {"F", "A"}


def test_the_worked_example_f_with_one_of_its_own_hides_a_too():
    groups = tree_of(F=("F", 13), F__A=("A", 9), F__B=("B", 3))
    assert shown_kods(groups) == {"F"}


def test_a_remainder_of_zero_is_allowed():
    groups = tree_of(F=("F", 15), F__A=("A", 9), F__B=("B", 6))
    assert shown_kods(groups) == {"F", "A", "B"}


def test_the_node_with_fewest_respondents_is_hidden_first_and_only_as_many_as_needed():
    # Remainder 2: hiding B (5) makes it 7.
    groups = tree_of(F=("F", 26), F__A=("A", 10), F__B=("B", 5), F__C=("C", 9))
    assert shown_kods(groups) == {"F", "A", "C"}


def test_on_a_tie_the_lowest_code_is_hidden():
    # C (3) is suppressed, so F's remainder is 1 + 3 = 4: one of the two 6s goes, X1 first.
    groups = tree_of(F=("F", 16), F__A=("X2", 6), F__B=("X1", 6), F__C=("X3", 3))
    assert shown_kods(groups) == {"F", "X2"}


def test_deepest_nodes_are_checked_first_then_their_parents():
    # G (depth 2) has A 5 and B 5 and 2 of its own: A is hidden at G's check (remainder 2).
    # Then the root R: R has 12 + 3 own; G shown with 12: remainder 3 → G hidden; then
    # R's nearest shown nodes are G's shown children (B): remainder 15 − 5 = 10 → fine.
    groups = tree_of(R=("R", 15), R__G=("G", 12), R__G__A=("A", 5), R__G__B=("B", 5))
    assert shown_kods(groups) == {"R", "B"}


def test_the_root_is_never_hidden_when_it_has_the_minimum():
    groups = tree_of(R=("R", 5), R__A=("A", 5))
    assert shown_kods(groups) == {"R", "A"}
    groups = tree_of(R=("R", 6), R__A=("A", 5))
    assert shown_kods(groups) == {"R"}


def test_a_small_root_is_suppressed_too():
    groups = tree_of(R=("R", 4), R__A=("A", 4))
    assert shown_kods(groups) == set()


def test_the_minimum_is_configurable(settings):
    settings.HME_MIN_GROUP = 3
    groups = tree_of(F=("F", 15), F__A=("A", 9), F__B=("B", 3))
    assert {groups[p].kod for p in shown_nodes(groups)} == {"F", "A", "B"}


# --- gender -------------------------------------------------------------------------------


def test_women_and_men_with_enough_answers_and_no_unknowns_are_both_shown():
    assert shown_genders(20, 10, 10, 5) == {"K", "M"}


def test_a_small_gender_group_is_suppressed():
    assert shown_genders(30, 26, 4, 5) == set()  # M < 5; then 4 unseen → K hidden too
    assert shown_genders(40, 30, 4, 5) == {"K"}  # 10 unseen: enough


def test_unknown_gender_between_1_and_min_minus_1_suppresses_the_smaller_shown_one():
    assert shown_genders(23, 12, 8, 5) == {"K"}  # 3 unknown
    assert shown_genders(25, 12, 8, 5) == {"K", "M"}  # 5 unknown is enough
    assert shown_genders(20, 12, 8, 5) == {"K", "M"}  # no unknown


def test_on_a_gender_tie_k_is_suppressed():
    assert shown_genders(22, 10, 10, 5) == {"M"}


def test_t_is_not_the_mean_of_k_and_m():
    women = [[5] * 9] * 3
    men = [[3] * 9] * 1
    total = compute_indices(women + men)
    k, m = compute_indices(women), compute_indices(men)
    assert total.hme == Fraction(100 * 3 + 50, 4)
    assert total.hme != (k.hme + m.hme) / 2


def test_the_fast_stored_values_equal_the_exact_fractions_truncated():
    import random

    from surveys.hme.rules import Tally, indices_from_tally, stored_values

    rng = random.Random(9)
    for _ in range(300):
        tally = Tally()
        for _ in range(rng.randint(1, 40)):
            tally.add_answers([rng.choice([1, 2, 3, 4, 5, None]) for _ in range(9)])
        exact = indices_from_tally(tally)
        fast = stored_values(tally)
        assert [fast[f"s{i}"] for i in range(1, 10)] == [to_stored(v) for v in exact.statements]
        for name in ("motivation", "ledarskap", "styrning", "hme"):
            assert fast[name] == to_stored(getattr(exact, name))
