"""Computing a round from the database: subtree roll-up, suppression, gender, storage, export."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from surveys.hme.results import compute_round, export_round
from surveys.models import HmeResponse, HmeResult, HmeRound
from tests.surveys.hme.helpers import answers, make_round

pytestmark = pytest.mark.django_db


def result(rnd, node, group="T"):
    return HmeResult.objects.get(round=rnd, node=node, group=group)


def test_a_node_covers_its_whole_subtree(tree):
    rnd = make_round()
    answers(rnd, tree.SN, 5, (5,) * 9, "K")
    answers(rnd, tree.SS, 5, (3,) * 9, "M")
    compute_round(rnd.pk)
    assert result(rnd, tree.SN).hme == 100
    assert result(rnd, tree.SS).hme == 50
    assert result(rnd, tree.GS).respondents == 10
    assert result(rnd, tree.GS).hme == 75
    assert result(rnd, tree.K).respondents == 10
    # No respondents, no result at all.
    assert not HmeResult.objects.filter(node__in=[tree.FS, tree.VON, tree.HT]).exists()


def test_values_are_stored_unrounded(tree):
    rnd = make_round()
    answers(rnd, tree.SN, 1, (4,) * 9)
    answers(rnd, tree.SN, 1, (5, 5, 5, None, None, None, None, None, None))
    answers(rnd, tree.SN, 3, (4,) * 9)
    compute_round(rnd.pk)
    stored = result(rnd, tree.SN)
    # Statements 1–3: (4 × 75 + 100) / 5 = 80; 4–9: 75; total (3 × 80 + 6 × 75) / 9 = 76.666…
    assert stored.motivation == Decimal("80")
    assert stored.ledarskap == Decimal("75")
    assert stored.hme == Decimal("76.6666666666")  # truncated, not rounded, at 10 decimals


def test_a_small_unit_is_suppressed_and_stores_no_values(tree):
    rnd = make_round()
    answers(rnd, tree.SN, 4)
    answers(rnd, tree.SS, 6)
    compute_round(rnd.pk)
    sn = result(rnd, tree.SN)
    assert sn.suppressed and sn.respondents == 4
    assert sn.hme is None and sn.s1 is None and sn.motivation is None
    # SS (6) would reveal SN by subtraction from GS (10): GS's remainder is 4 → SS hidden.
    assert result(rnd, tree.SS).suppressed
    assert not result(rnd, tree.GS).suppressed


def test_the_worked_example_through_the_database(tree):
    # BUF has 2 of its own, GS 9 (under it SN… none), FS 3.
    rnd = make_round()
    answers(rnd, tree.BUF, 2)
    answers(rnd, tree.GS, 9)
    answers(rnd, tree.FS, 3)
    compute_round(rnd.pk)
    assert result(rnd, tree.FS).suppressed
    assert not result(rnd, tree.GS).suppressed
    assert not result(rnd, tree.BUF).suppressed
    HmeResponse.objects.filter(node=tree.BUF).first().delete()
    compute_round(rnd.pk)
    assert result(rnd, tree.GS).suppressed
    assert not result(rnd, tree.BUF).suppressed
    assert result(rnd, tree.BUF).respondents == 13


def test_gender_is_split_for_the_kommun_only_and_t_is_computed_from_everyone(tree):
    rnd = make_round()
    answers(rnd, tree.SN, 6, (5,) * 9, "K")
    answers(rnd, tree.HT, 5, (2,) * 9, "M")
    compute_round(rnd.pk)
    k, m, t = result(rnd, tree.K, "K"), result(rnd, tree.K, "M"), result(rnd, tree.K)
    assert (k.respondents, m.respondents, t.respondents) == (6, 5, 11)
    assert k.hme == 100 and m.hme == 25
    assert t.hme == Decimal("65.9090909090")  # (6 × 100 + 5 × 25) / 11, not (100 + 25) / 2
    assert not HmeResult.objects.filter(group__in=["K", "M"]).exclude(node=tree.K).exists()


def test_unknown_gender_below_the_minimum_hides_the_smaller_gender(tree):
    rnd = make_round()
    answers(rnd, tree.SN, 10, gender="K")
    answers(rnd, tree.HT, 7, gender="M")
    answers(rnd, tree.FS, 2, gender="")
    compute_round(rnd.pk)
    assert not result(rnd, tree.K, "K").suppressed
    assert result(rnd, tree.K, "M").suppressed


def test_recomputing_is_idempotent(tree):
    rnd = make_round()
    answers(rnd, tree.SN, 7)
    compute_round(rnd.pk)
    first = list(HmeResult.objects.values_list("node_id", "group", "respondents", "hme"))
    compute_round(rnd.pk)
    again = list(HmeResult.objects.values_list("node_id", "group", "respondents", "hme"))
    assert sorted(first) == sorted(again)
    rnd.refresh_from_db()
    assert rnd.status == HmeRound.Status.COMPUTED


def test_an_open_round_is_never_computed(tree):
    rnd = make_round(status=HmeRound.Status.OPEN)
    answers(rnd, tree.SN, 7)
    with pytest.raises(ValueError):
        compute_round(rnd.pk)
    assert not HmeResult.objects.exists()


def test_the_json_export_has_exactly_hme_md_s_shape(tree):
    rnd = make_round(year=2024)
    answers(rnd, tree.SN, 4, (5, 5, 5, 4, 4, 4, 4, 4, 4), "K")
    answers(rnd, tree.SN, 4, (4,) * 9, "K")
    answers(rnd, tree.SS, 3, (3,) * 9, "M")
    answers(rnd, tree.HT, 6, (4,) * 9, "M")
    compute_round(rnd.pk)
    out = StringIO()
    call_command("hme_results", "--year", "2024", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    # Kommun, 17 respondents. Statements 1–3: (4×100 + 4×75 + 3×50 + 6×75)/17 = 76.47 → 76;
    # 4–9: (8×75 + 3×50 + 6×75)/17 = 70.59 → 71; HME (3×1300 + 6×1200)/153 = 72.55 → 73.
    values = {"respondents": 17, "suppressed": False}
    expected_root = {"unit": "K", **values, "motivation": 76, "ledarskap": 71, "styrning": 71}
    expected_root["hme"] = 73
    suppressed = {"motivation": None, "ledarskap": None, "styrning": None, "hme": None}
    assert data == {
        "year": 2024,
        "min_group_size": 5,
        "results": [
            expected_root,
            # BUN/BUF/GS have 11; SN 8 shown; SS 3 suppressed; GS remainder 3 → SN hidden.
            {"unit": "BUN", "respondents": 11, "suppressed": False, **_idx(11)},
            {"unit": "BUF", "respondents": 11, "suppressed": False, **_idx(11)},
            {"unit": "GS", "respondents": 11, "suppressed": False, **_idx(11)},
            {"unit": "SN", "respondents": 8, "suppressed": True, **suppressed},
            {"unit": "SS", "respondents": 3, "suppressed": True, **suppressed},
            {"unit": "VON", "respondents": 6, "suppressed": False, **_all(75)},
            {"unit": "VOF", "respondents": 6, "suppressed": False, **_all(75)},
            {"unit": "HT", "respondents": 6, "suppressed": False, **_all(75)},
        ],
        "gender": {
            "K": {"respondents": 8, "suppressed": False, **_k()},
            "M": {"respondents": 9, "suppressed": False, **_m()},
        },
    }
    assert export_round(rnd) == data


def _all(v):
    return {"motivation": v, "ledarskap": v, "styrning": v, "hme": v}


def _idx(n):
    # 4 × all-5-on-1–3, 4 × all-4, 3 × all-3 over 11: statements 1–3 (400+300+150)/11 = 77.27;
    # 4–9: (600 + 150)/11 = 68.18; HME (3×77.27 + 6×68.18)/9 = 71.21.
    return {"motivation": 77, "ledarskap": 68, "styrning": 68, "hme": 71}


def _k():
    # 8 women: statements 1–3 (400 + 300)/8 = 87.5 → 88; others 75; HME (262.5+450)/9 = 79.17
    return {"motivation": 88, "ledarskap": 75, "styrning": 75, "hme": 79}


def _m():
    # 9 men: 3 × 50, 6 × 75 → 66.67 → 67 everywhere.
    return {"motivation": 67, "ledarskap": 67, "styrning": 67, "hme": 67}


def test_the_export_command_refuses_a_missing_or_uncomputed_round(tree):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="ingen HME-omgång för 2019"):
        call_command("hme_results", "--year", "2019", stdout=StringIO())
    make_round(year=2019, status=HmeRound.Status.OPEN)
    with pytest.raises(CommandError, match="inte beräknad"):
        call_command("hme_results", "--year", "2019", stdout=StringIO())
