"""The figures as worked examples: the roll-up, the rates, the status, the suppression."""

import json
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.management import CommandError, call_command

from planning.ekonomi.results import (
    GRON,
    GUL,
    ROD,
    ekonomi_rows,
    personal_rows,
    round_one_decimal,
    status,
)

from .conftest import months

AUG = date(2026, 8, 1)


@pytest.fixture
def ekonomi(load_ekonomi):
    load_ekonomi(
        ("2026-08", "SN", "intäkter", "100 000", "66 666,67", "70 000", "105 000"),
        ("2026-08", "SN", "personalkostnader", "1 000 000", "666 666,67", "650 000", "990 000"),
        ("2026-08", "SN", "övriga kostnader", "200 000", "133 333,33", "140 000", "215 000"),
        ("2026-08", "SS", "personalkostnader", "500 000", "333 333,33", "340 000", "505 000"),
        ("2026-08", "HT", "personalkostnader", "200 000", "0", "1 000", "210 000"),
        # Another month counts for nothing in August.
        ("2026-07", "FS", "personalkostnader", "999", "999", "999", "999"),
    )


def entry(unit, bh, ba, ua, ph, avv, andel, status):
    return {
        "unit": unit,
        "budget_helar": bh,
        "budget_ack": ba,
        "utfall_ack": ua,
        "prognos_helar": ph,
        "avvikelse_helar": avv,
        "utfall_andel_ack": andel,
        "status": status,
    }


GS = ("1600000.00", "1066666.66", "1060000.00", "1605000.00", "-5000.00", "99.4", "gul")
HT = ("200000.00", "0.00", "1000.00", "210000.00", "-10000.00", None, "röd")
EKONOMI_AUGUST = {
    "period": "2026-08",
    "results": [
        entry("BUF", *GS),
        entry("BUN", *GS),
        entry("GS", *GS),
        entry("HT", *HT),
        entry(
            "K", "1800000.00", "1066666.66", "1061000.00", "1815000.00", "-15000.00", "99.5", "gul"
        ),
        entry("SN", "1100000.00", "733333.33", "720000.00", "1100000.00", "0.00", "98.2", "grön"),
        entry("SS", "500000.00", "333333.33", "340000.00", "505000.00", "-5000.00", "102.0", "gul"),
        entry("VOF", *HT),
        entry("VON", *HT),
    ],
}


def test_the_ekonomi_export_is_the_net_figures_rolled_up_the_tree(ekonomi, capsys):
    call_command("ekonomi_results", "--period", "2026-08", "--format", "json")
    out = capsys.readouterr().out
    assert json.loads(out) == EKONOMI_AUGUST
    # The keys in the contract's order.
    first = json.loads(out)["results"][0]
    assert list(first) == list(EKONOMI_AUGUST["results"][0])


def test_a_node_without_values_in_its_subtree_is_left_out(ekonomi):
    assert "FS" not in {e.kod for e in ekonomi_rows(AUG)}


def test_a_period_without_rows_exports_an_empty_list(ekonomi, capsys):
    call_command("ekonomi_results", "--period", "2025-01")
    assert json.loads(capsys.readouterr().out) == {"period": "2025-01", "results": []}


def test_a_malformed_period_argument_is_refused(tree):
    with pytest.raises(CommandError, match="ÅÅÅÅ-MM"):
        call_command("ekonomi_results", "--period", "aug")


def test_the_figures_of_one_subtree_can_be_asked_for(ekonomi, tree):
    assert [e.kod for e in ekonomi_rows(AUG, under=tree.GS)] == ["GS", "SN", "SS"]


def test_utfall_share_is_rounded_half_up_not_to_even(load_ekonomi):
    load_ekonomi(("2026-08", "SN", "personalkostnader", "1", "10000", "9865", "1"))
    (sn,) = [e for e in ekonomi_rows(AUG) if e.kod == "SN"]
    assert sn.utfall_andel_ack == Decimal("98.7")


@pytest.mark.parametrize(
    ("budget", "prognos", "expected"),
    [
        ("1000", "900", GRON),
        ("1000", "1000", GRON),
        ("1000", "1010", GUL),  # exactly 1 %
        ("1000", "1010.01", ROD),
        ("-1000", "-990", GUL),  # a net income: 1 % of |budget|
        ("-1000", "-989.99", ROD),
        ("0", "0.01", ROD),
    ],
)
def test_status_follows_the_overspend_against_the_budget(budget, prognos, expected):
    assert status(Decimal(budget), Decimal(prognos), Decimal(1)) == expected


def test_the_yellow_band_is_a_setting(settings):
    settings.EKONOMI_GUL_PROCENT = 2
    assert status(Decimal(1000), Decimal(1020)) == GUL


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Fraction(645, 100), "6.5"),
        (Fraction(644999, 100000), "6.4"),
        (Fraction(-225, 100), "-2.3"),
        (Fraction(0), "0.0"),
        (Fraction(1, 3) * 100, "33.3"),
    ],
)
def test_rates_are_rounded_half_up_to_one_decimal(value, expected):
    assert str(round_one_decimal(value)) == expected


# --- personal ---------------------------------------------------------------------------


@pytest.fixture
def personal(load_personal):
    """Förvaltning BUF has no staff of its own; Förskola FS has 9, Grundskola GS 3. BUF minus
    FS would reveal GS's 3, so FS is hidden too. Hemtjänst has three months only."""
    rows = []
    for month in months(2025, 9, 12) + months(2026, 1, 8):
        avslutade = 1 if month in ("2026-01", "2026-05") else 0
        rows.append((month, "FS", 9, 1400, 90, 30, avslutade))
        rows.append((month, "GS", 3, 480, 20, 0, 0))
    # Thirteen months back: outside the window.
    rows.append(("2025-08", "FS", 9, 1400, 1400, 0, 5))
    for month in months(2026, 6, 8):
        rows.append((month, "HT", 20, 2000, 129, 0, 1 if month == "2026-08" else 0))
    load_personal(*rows)


def pentry(unit, anstallda, manader, rates=None):
    sjuk, langtid, oms = rates or (None, None, None)
    return {
        "unit": unit,
        "anstallda": anstallda,
        "manader": manader,
        "suppressed": rates is None,
        "sjukfranvaro_12m": sjuk,
        "langtid_andel_12m": langtid,
        "personalomsattning_12m": oms,
    }


BUF = ("5.9", "27.3", "16.7")
HEMTJANST = ("6.5", "0.0", "5.0")
PERSONAL_AUGUST = {
    "period": "2026-08",
    "min_group_size": 5,
    "results": [
        pentry("BUF", 12, 12, BUF),
        pentry("BUN", 12, 12, BUF),
        pentry("FS", 9, 12),  # hidden: BUF − FS would show GS's 3
        pentry("GS", 3, 12),  # hidden: fewer than 5
        pentry("HT", 20, 3, HEMTJANST),
        pentry("K", 32, 12, ("6.0", "21.1", "17.6")),
        pentry("VOF", 20, 3, HEMTJANST),
        pentry("VON", 20, 3, HEMTJANST),
    ],
}


def test_the_personal_export_is_twelve_months_rolled_up_and_suppressed(personal, capsys):
    call_command("personal_results", "--period", "2026-08", "--format", "json")
    out = capsys.readouterr().out
    assert json.loads(out) == PERSONAL_AUGUST
    assert list(json.loads(out)["results"][0]) == list(PERSONAL_AUGUST["results"][0])


def test_a_suppressed_node_shows_its_headcount_but_no_rates(personal):
    gs = next(p for p in personal_rows(AUG) if p.kod == "GS")
    assert gs.suppressed and gs.anstallda == 3
    assert (gs.sjukfranvaro_12m, gs.langtid_andel_12m, gs.personalomsattning_12m) == (
        None,
        None,
        None,
    )


def test_long_term_share_is_undefined_without_sick_hours(load_personal):
    load_personal(("2026-08", "SN", 8, 1200, 0, 0, 0))
    sn = next(p for p in personal_rows(AUG) if p.kod == "SN")
    assert sn.sjukfranvaro_12m == Decimal("0.0")
    assert sn.langtid_andel_12m is None


@pytest.mark.parametrize(
    ("own", "shown", "hidden"),
    [
        # HME.md's worked example: F 2 of its own, A 9, B 3 → F's remainder 5: F and A shown.
        (2, {"BUF", "FS"}, {"GS"}),
        # F with 1 of its own: remainder 4, so A is hidden too and F (13) is shown.
        (1, {"BUF"}, {"FS", "GS"}),
    ],
)
def test_subtraction_suppression_follows_hme(load_personal, own, shown, hidden):
    load_personal(
        ("2026-08", "BUF", own, 100, 1, 0, 0),
        ("2026-08", "FS", 9, 100, 1, 0, 0),
        ("2026-08", "GS", 3, 100, 1, 0, 0),
    )
    figures = {p.kod: p for p in personal_rows(AUG)}
    assert {k for k in shown | hidden if not figures[k].suppressed} == shown
    assert {k for k in shown | hidden if figures[k].suppressed} == hidden


def test_the_minimum_group_is_a_setting(load_personal, settings):
    settings.PERSONAL_MIN_GROUP = 3
    load_personal(("2026-08", "GS", 3, 100, 1, 0, 0))
    assert not next(p for p in personal_rows(AUG) if p.kod == "GS").suppressed


def test_the_personal_export_names_the_minimum_group(load_personal, settings, capsys):
    settings.PERSONAL_MIN_GROUP = 7
    call_command("personal_results", "--period", "2026-08")
    assert json.loads(capsys.readouterr().out)["min_group_size"] == 7
