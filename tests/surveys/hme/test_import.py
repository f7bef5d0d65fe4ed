"""Importing raw answers: HME.md's format, atomic, Swedish errors naming row and column."""

import pytest
from django.core.management import CommandError, call_command

from surveys.hme.importer import import_hme
from surveys.models import HmeResponse, HmeResult, HmeRound
from tests.surveys.hme.helpers import csv_file
from tillit.org.importer import ImportError_

pytestmark = pytest.mark.django_db

GOOD = [
    "SN;K;4;4;4;4;4;4;4;4;4",
    "SN;k;5;5;5;;-;vet ej;Ej aktuellt;VET EJ;3",
    "SN;M;1;2;3;4;5;1;2;3;4",
    "SN;;4;4;4;4;4;4;4;4;4",
    "SS;annat;3;3;3;3;3;3;3;3;3",
]


def test_a_good_file_creates_a_closed_round_and_computes_it(
    tree, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = import_hme(2024, csv_file(GOOD, bom=True))
    assert result.created_round and result.rows == 5
    rnd = HmeRound.objects.get(year=2024)
    assert rnd.status == HmeRound.Status.COMPUTED
    assert HmeResponse.objects.filter(round=rnd).count() == 5
    second = HmeResponse.objects.get(f1=5)
    assert second.gender == "K"
    assert [second.f4, second.f5, second.f6, second.f7, second.f8, second.f9] == [None] * 5 + [3]
    assert HmeResponse.objects.get(f1=3, node=tree.SS).gender == ""
    assert HmeResult.objects.get(round=rnd, node=tree.K, group="T").respondents == 5


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("SN;K;4;4;4;4;4;4;4;4;6", "Rad 3, kolumn f9: '6' är inget giltigt svar"),
        ("SN;K;4;4;x;4;4;4;4;4;4", "Rad 3, kolumn f3: 'x' är inget giltigt svar"),
        ("SN;K;4;4;4;4;4;4;4;4,5;4", "Rad 3, kolumn f8: '4,5' är inget giltigt svar"),
        ("NOPE;K;4;4;4;4;4;4;4;4;4", "Rad 3, kolumn enhet: enheten 'NOPE' finns inte i Tillit"),
        ("SN;K;4;4;4", "Rad 3: raden har 5 kolumner, väntade 11"),
    ],
)
def test_a_bad_value_rejects_the_whole_file_and_names_row_and_column(tree, row, message):
    with pytest.raises(ImportError_) as exc:
        import_hme(2024, csv_file([GOOD[0], row, GOOD[1]]))
    assert any(e.startswith(message) for e in exc.value.errors), exc.value.errors
    assert not HmeResponse.objects.exists()
    assert not HmeRound.objects.exists()


def test_a_wrong_header_is_rejected(tree):
    with pytest.raises(ImportError_) as exc:
        import_hme(2024, csv_file(GOOD, header="enhet,kon,f1"))
    assert exc.value.errors[0].startswith("Rad 1: fel rubrikrad")


def test_a_bad_file_changes_nothing_in_an_earlier_import(tree, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        import_hme(2024, csv_file(GOOD))
    before = list(HmeResponse.objects.values_list("node_id", "f1", "f9").order_by("f1", "f9"))
    with pytest.raises(ImportError_):
        import_hme(2024, csv_file(["SN;K;4;4;4;4;4;4;4;4;4", "SN;K;9;4;4;4;4;4;4;4;4"]))
    after = list(HmeResponse.objects.values_list("node_id", "f1", "f9").order_by("f1", "f9"))
    assert after == before


def test_re_importing_replaces_the_imported_answers(tree, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        import_hme(2024, csv_file(GOOD))
    with django_capture_on_commit_callbacks(execute=True):
        result = import_hme(2024, csv_file(["HT;M;2;2;2;2;2;2;2;2;2"] * 6))
    assert result.replaced == 5 and not result.created_round
    assert HmeResponse.objects.count() == 6
    assert set(HmeResponse.objects.values_list("node_id", flat=True)) == {tree.HT.pk}
    assert not HmeResult.objects.filter(node=tree.SN).exists()
    assert HmeResult.objects.get(node=tree.HT, group="T").hme == 25


def test_answers_given_in_tillit_are_kept_on_re_import(tree, django_capture_on_commit_callbacks):
    rnd = HmeRound.objects.create(year=2024, status=HmeRound.Status.CLOSED)
    HmeResponse.objects.create(round=rnd, node=tree.FS, f1=5)
    with django_capture_on_commit_callbacks(execute=True):
        import_hme(2024, csv_file(GOOD))
    assert HmeResponse.objects.filter(node=tree.FS, imported=False).count() == 1


def test_the_command_imports_and_reports_errors_in_swedish(
    tree, tmp_path, django_capture_on_commit_callbacks
):
    good = tmp_path / "hme.csv"
    good.write_bytes(csv_file(GOOD))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_hme", "--year", "2024", str(good))
    assert HmeRound.objects.get(year=2024).status == HmeRound.Status.COMPUTED
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_file(["SN;K;4;4;4;4;4;4;4;4;sju"]))
    with pytest.raises(CommandError, match="Rad 2, kolumn f9"):
        call_command("import_hme", "--year", "2024", str(bad))
    assert HmeResponse.objects.count() == 5
