"""Importing points: formats, every error with its row, atomicity, replacing on re-import."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from surveys.kompass.importer import import_points
from surveys.models import EvaluationKind, KompassAreaScore, KompassEvaluation, KompassPoints
from tests.surveys.kompass.helpers import points_file
from tillit.org.importer import ImportError_

pytestmark = pytest.mark.django_db


def run_import(tree, data, **kw):
    return import_points(
        data=data,
        year=kw.pop("year", 2020),
        kind=kw.pop("kind", "extern"),
        node=kw.pop("node", tree.K),
        **kw,
    )


def errors_of(tree, data, **kw):
    with pytest.raises(ImportError_) as info:
        run_import(tree, data, **kw)
    return info.value.errors


@pytest.mark.parametrize("sep", [",", "."])
@pytest.mark.parametrize("bom", [False, True])
def test_a_file_with_decimal_comma_or_point_and_optional_bom_is_imported(
    tree, sep, bom, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        evaluation = run_import(
            tree, points_file({"1.1": Decimal("12.5"), "1.2": Decimal("7.25")}, sep=sep, bom=bom)
        )
    points = {p.subarea.code: p.points for p in evaluation.points.select_related("subarea")}
    assert len(points) == 35
    assert points["1.1"] == Decimal("12.5")
    assert points["1.2"] == Decimal("7.25")
    evaluation.refresh_from_db()
    assert evaluation.status == "utkast"
    # The task computed the areas from the unrounded points.
    area1 = KompassAreaScore.objects.get(evaluation=evaluation, area__number=1)
    assert area1.points == Decimal("12.5") + Decimal("7.25") + 15 + 5 + 15
    assert area1.pct == 55  # 54,75 % → 55
    assert evaluation.total_points == area1.points + 350
    assert evaluation.total_pct == 51  # 404,75 / 800 = 50,59 %


def test_a_header_with_swedish_letters_and_capitals_is_accepted(tree):
    evaluation = run_import(tree, points_file(header="Delområde;Poäng"))
    assert evaluation.points.count() == 35


def test_a_wrong_header_is_refused(tree):
    errors = errors_of(tree, points_file(header="kod;varde"))
    assert errors == ["Rad 1: fel rubrikrad. Väntade delomrade;poang, fick kod;varde."]


def test_points_above_the_maximum_name_the_row(tree):
    errors = errors_of(tree, points_file({"1.2": Decimal("10.5")}))
    assert errors == ["Rad 3, kolumn poang: 1.2 har högst 10 poäng, filen anger 10,5."]


def test_negative_points_name_the_row(tree):
    errors = errors_of(tree, points_file({"1.3": Decimal("-1")}))
    assert errors == ["Rad 4, kolumn poang: poängen för 1.3 får inte vara negativ."]


def test_points_that_are_not_numbers_name_the_row(tree):
    data = points_file().replace(b"1.4;5\n", b"1.4;fem\n")
    assert errors_of(tree, data) == ["Rad 5, kolumn poang: 'fem' är inte ett tal."]


def test_an_unknown_subarea_names_the_row(tree):
    errors = errors_of(tree, points_file(extra=["9.1;3"]))
    assert errors == [
        "Rad 37, kolumn delomrade: okänt delområde '9.1' i Kommunkompassen 2019/2020."
    ]


def test_a_duplicated_subarea_names_both_rows(tree):
    errors = errors_of(tree, points_file(extra=["2.3;4"]))
    assert errors == ["Rad 37, kolumn delomrade: delområde 2.3 finns redan på rad 9."]


def test_missing_subareas_are_named(tree):
    errors = errors_of(tree, points_file(drop=("3.2", "8.5")))
    assert errors == ["Delområden saknas i filen: 3.2, 8.5."]


def test_every_error_is_reported_at_once_and_nothing_is_saved(tree):
    run_import(tree, points_file())
    before = list(KompassPoints.objects.values_list("subarea__code", "points").order_by("pk"))
    data = points_file({"1.1": 25, "1.2": -2}, drop=("8.1",), extra=["x;1"])
    errors = errors_of(tree, data)
    assert len(errors) == 4
    assert errors[0].startswith("Rad 2,") and errors[1].startswith("Rad 3,")
    after = list(KompassPoints.objects.values_list("subarea__code", "points").order_by("pk"))
    assert after == before
    assert KompassEvaluation.objects.count() == 1


def test_a_bad_file_for_a_new_evaluation_creates_nothing(tree):
    errors_of(tree, points_file({"4.1": 21}))
    assert not KompassEvaluation.objects.exists()


def test_importing_again_replaces_the_points(tree, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = run_import(tree, points_file())
    with django_capture_on_commit_callbacks(execute=True):
        second = run_import(tree, points_file({"5.1": Decimal("19.5")}))
    assert first.pk == second.pk
    assert KompassPoints.objects.filter(evaluation=first).count() == 35
    assert KompassPoints.objects.get(evaluation=first, subarea__code="5.1").points == Decimal(
        "19.5"
    )
    assert KompassAreaScore.objects.get(evaluation=first, area__number=5).points == Decimal("59.5")


def test_a_row_may_name_the_subarea_by_code_and_name_or_alias(tree):
    data = points_file().replace(b"2.1;7.5\n", b"Strategiskt arbete;7,5\n")
    data = data.replace(b"1.1;10\n", b"1.1 Strategi f\xc3\xb6r demokratiutveckling;10\n")
    evaluation = run_import(tree, data)
    assert evaluation.points.count() == 35


def test_a_self_assessment_and_the_national_average_are_separate_evaluations(tree):
    run_import(tree, points_file(), kind="extern")
    run_import(tree, points_file(), kind="sjalv")
    reference = run_import(tree, points_file(), kind="referens", node=None)
    assert reference.node is None and reference.kind == EvaluationKind.REFERENS
    assert sorted(KompassEvaluation.objects.values_list("kind", flat=True)) == [
        "extern",
        "referens",
        "själv",
    ]


def test_the_command_imports_and_reports_errors_in_swedish(tree, tmp_path, capsys):
    good = tmp_path / "ok.csv"
    good.write_bytes(points_file({"1.1": Decimal("12.5")}, bom=True))
    call_command(
        "import_kommunkompass", "--kommun", "K", "--year", "2020", "--kind", "själv", str(good)
    )
    assert "35 delområden" in capsys.readouterr().out
    assert KompassEvaluation.objects.get().kind == "själv"
    bad = tmp_path / "fel.csv"
    bad.write_bytes(points_file({"1.1": 21}))
    with pytest.raises(CommandError) as info:
        call_command("import_kommunkompass", "--kommun", "K", "--year", "2020", str(bad))
    assert "Rad 2, kolumn poang: 1.1 har högst 20 poäng" in str(info.value)
    assert "inget har sparats" in str(info.value)
    with pytest.raises(CommandError, match="Kommunen med kod 'X' finns inte"):
        call_command("import_kommunkompass", "--kommun", "X", "--year", "2020", str(good))
