"""Local values: Swedish numbers, the CSV import (errors by row and column, atomic)."""

from decimal import Decimal

import pytest

from planning.models import Nyckeltal, NyckeltalSource
from planning.models.nyckeltal import NyckeltalValue
from planning.nyckeltal.importer import ImportError_, import_values, parse_decimal

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 234,5", Decimal("1234.5")),
        ("1234.5", Decimal("1234.5")),
        ("1\u00a0234,5", Decimal("1234.5")),
        ("1\u202f234", Decimal("1234")),
        ("-0,25", Decimal("-0.25")),
        ("0", Decimal("0")),
        (",5", Decimal("0.5")),
    ],
)
def test_swedish_and_plain_numbers_are_read_exactly(text, expected):
    assert parse_decimal(text) == expected


@pytest.mark.parametrize("text", ["1.234,5", "12 %", "abc", "1,2,3", "", "1e5", "NaN"])
def test_anything_else_is_not_a_number(text):
    with pytest.raises(ValueError, match="inte ett tal"):
        parse_decimal(text)


@pytest.fixture
def local(db):
    return Nyckeltal.objects.create(code="LOK-SJUK", title="Sjukfrånvaro, andel (%)")


def test_a_good_file_is_imported_with_bom_and_both_decimal_marks(tree, personas, local):
    text = (
        "\ufeffnyckeltal;enhet;period;kon;varde\n"
        "LOK-SJUK;SN;2023;T;5,2\n"
        "LOK-SJUK;SN;2024;;1 234.5\n"
        "LOK-SJUK;SN;2024;K;\n"
    ).encode()
    result = import_values(text, node=tree.GS, user=personas.chef)
    assert (result.created, result.updated) == (3, 0)
    stored = {(v.period, v.gender): v.value for v in NyckeltalValue.objects.filter(node=tree.SN)}
    assert stored == {
        (2023, "T"): Decimal("5.2"),
        (2024, "T"): Decimal("1234.5"),
        (2024, "K"): None,  # empty stays missing, not 0
    }
    again = import_values(text, node=tree.GS, user=personas.chef)
    assert (again.created, again.updated) == (0, 3)
    assert NyckeltalValue.objects.count() == 3


def test_a_bad_file_changes_nothing_and_names_every_row_and_column(tree, personas, local):
    Nyckeltal.objects.create(code="N15419", source=NyckeltalSource.KOLADA, title="Kolada")
    text = (
        "nyckeltal;enhet;period;kon;varde\n"
        "LOK-SJUK;SN;2023;T;5,2\n"
        "OKÄND;SN;2023;T;1\n"
        "N15419;SN;2023;T;1\n"
        "LOK-SJUK;HT;2023;T;1\n"
        "LOK-SJUK;SN;23;T;1\n"
        "LOK-SJUK;SN;2023;X;1\n"
        "LOK-SJUK;SN;2022;T;fem\n"
        "LOK-SJUK;SN;2023;T;7\n"
        "LOK-SJUK;SN\n"
    )
    with pytest.raises(ImportError_) as caught:
        import_values(text, node=tree.GS, user=personas.chef)
    errors = caught.value.errors
    assert errors == [
        "Rad 3, kolumn nyckeltal: ”OKÄND” finns inte i katalogen.",
        "Rad 4, kolumn nyckeltal: N15419 är ett Kolada-nyckeltal; dess värden hämtas från Kolada.",
        "Rad 5, kolumn enhet: ”HT” är inte Grundskola eller en enhet under den.",
        "Rad 6, kolumn period: ”23” är inte ett år (t.ex. 2024).",
        "Rad 7, kolumn kon: ”X” ska vara T (totalt), K eller M.",
        errors[5],
        "Rad 9: samma nyckeltal, enhet, period och kön finns redan på rad 2.",
        "Rad 10: raden har 2 kolumner, väntade 5.",
    ]
    assert errors[5].startswith("Rad 8, kolumn varde: ”fem” är inte ett tal.")
    assert not NyckeltalValue.objects.exists()


def test_a_manager_cannot_import_values_for_a_neighbouring_unit(tree, personas, local):
    text = "nyckeltal;enhet;period;kon;varde\nLOK-SJUK;SS;2023;T;5\n"
    with pytest.raises(ImportError_, match="du får inte registrera värden för Skolan Söder"):
        import_values(text, node=tree.GS, user=personas.chef)


def test_a_wrong_header_and_an_empty_file_are_refused(tree, personas):
    with pytest.raises(ImportError_, match="Rad 1: fel rubrikrad"):
        import_values("kpi;unit;year;value\n", node=tree.SN, user=personas.chef)
    with pytest.raises(ImportError_, match="inga värden"):
        import_values("nyckeltal;enhet;period;kon;varde\n", node=tree.SN, user=personas.chef)
    with pytest.raises(ImportError_, match="inte UTF-8"):
        import_values("nyckeltal;enhet\n\x81Å".encode("latin-1"), node=tree.SN, user=personas.chef)
