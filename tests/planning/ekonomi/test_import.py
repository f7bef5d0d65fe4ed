"""The two file formats: what they accept, what they reject, and that a bad file saves nothing."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from planning.ekonomi.importer import import_ekonomi, import_personal, parse_amount
from planning.ekonomi.models import EkonomiRow, Feed, FeedPeriod, PersonalRow
from tillit.csvimport import ImportError_

from .conftest import ekonomi_file, personal_file

GOOD = ("2026-08", "SN", "personalkostnader", "1 000 000,00", "666 666,67", "650000", "990000")


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        ("1234", "1234.00"),
        ("1234,5", "1234.50"),
        ("1234.56", "1234.56"),
        ("1 234 567,89", "1234567.89"),
        ("1\u00a0234\u00a0567,89", "1234567.89"),
        ("1\u202f234", "1234.00"),
        ("-1200", "-1200.00"),
        ("\u22121 200,50", "-1200.50"),
        ("0", "0.00"),
    ],
)
def test_amounts_are_read_in_the_ways_swedish_files_write_them(text, stored):
    assert parse_amount(text) == stored


@pytest.mark.parametrize(
    "text", ["", "12,345", "1.234,50", "12 34", "1e5", "--5", "5-", "kr 100", "1,2,3", "nan"]
)
def test_malformed_amounts_are_refused(text):
    with pytest.raises(ValueError):
        parse_amount(text)


def test_an_ekonomi_file_is_stored_with_exact_amounts(tree):
    summary = import_ekonomi(
        ekonomi_file(
            GOOD,
            ("2026-08", "SN", "Intäkter", "100 000", "66666,67", "70000", "105000"),
            ("2026-08", "SN", "ÖVRIGA  KOSTNADER", "\u2212200", "0", "-1,5", "0"),
        )
    )
    assert summary.rows == 3
    assert summary.periods == [date(2026, 8, 1)]
    row = EkonomiRow.objects.get(node=tree.SN, post="ovriga")
    assert row.budget_helar == Decimal("-200.00")
    assert row.utfall_ack == Decimal("-1.50")
    assert EkonomiRow.objects.get(node=tree.SN, post="personalkostnader").budget_ack == Decimal(
        "666666.67"
    )
    assert FeedPeriod.objects.get(feed=Feed.EKONOMI).rows == 3


def test_a_windows_1252_file_from_excel_is_read(tree):
    text = ekonomi_file(("2026-08", "SN", "övriga kostnader", "10", "5", "5", "10"))
    import_ekonomi(text.encode("cp1252"))
    assert EkonomiRow.objects.get().post == "ovriga"


def test_a_utf8_file_with_a_bom_is_read(tree):
    text = ekonomi_file(("2026-08", "SN", "intäkter", "10", "5", "5", "10"))
    import_ekonomi(b"\xef\xbb\xbf" + text.encode())
    assert EkonomiRow.objects.get().post == "intakter"


def test_reimporting_a_period_replaces_it_and_leaves_other_periods_alone(tree):
    import_ekonomi(
        ekonomi_file(
            ("2026-07", "SN", "intäkter", "1", "1", "1", "1"),
            ("2026-08", "SN", "intäkter", "2", "2", "2", "2"),
            ("2026-08", "SS", "intäkter", "3", "3", "3", "3"),
        )
    )
    import_ekonomi(ekonomi_file(("2026-08", "SN", "intäkter", "9", "9", "9", "9")))
    assert sorted(EkonomiRow.objects.values_list("period", "node__kod", "budget_helar")) == [
        (date(2026, 7, 1), "SN", Decimal("1.00")),
        (date(2026, 8, 1), "SN", Decimal("9.00")),
    ]
    assert FeedPeriod.objects.get(feed=Feed.EKONOMI, period=date(2026, 8, 1)).rows == 1


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (("2026-13", *GOOD[1:]), "Rad 3, kolumn period: '2026-13' är inte en månad"),
        (("aug 2026", *GOOD[1:]), "Rad 3, kolumn period"),
        (("2026-08", "FINNS-EJ", *GOOD[2:]), "Rad 3, kolumn enhet: okänd enhet 'FINNS-EJ'"),
        (("2026-08", "SS", "lokaler", *GOOD[3:]), "Rad 3, kolumn post: okänd post 'lokaler'"),
        (("2026-08", "SS", GOOD[2], "12,345", *GOOD[4:]), "Rad 3, kolumn budget_helar"),
        (("2026-08", "SS", GOOD[2], GOOD[3], "", *GOOD[5:]), "Rad 3, kolumn budget_ack"),
        ((*GOOD[:5], "tusen", GOOD[6]), "Rad 3, kolumn utfall_ack"),
        ((*GOOD[:6], "1.234,5"), "Rad 3, kolumn prognos_helar"),
        (GOOD, "Rad 3, kolumn post: SN personalkostnader för 2026-08 finns redan på rad 2"),
        (("2026-08", "SS"), "Rad 3: raden har 2 kolumner, väntade 7"),
    ],
)
def test_a_bad_ekonomi_row_rejects_the_whole_file_and_saves_nothing(tree, row, message):
    import_ekonomi(ekonomi_file(("2026-08", "HT", "intäkter", "5", "5", "5", "5")))
    with pytest.raises(ImportError_) as caught:
        import_ekonomi(ekonomi_file(GOOD, row))
    assert any(message in e for e in caught.value.errors), caught.value.errors
    # The earlier import of the same period is still there, and nothing of the bad file is.
    assert list(EkonomiRow.objects.values_list("node__kod", flat=True)) == ["HT"]


def test_a_wrong_header_is_named(tree):
    with pytest.raises(ImportError_) as caught:
        import_ekonomi("period;enhet;post;budget\n2026-08;SN;intäkter;5\n")
    assert caught.value.errors[0].startswith("Rad 1: fel rubrikrad")


def test_every_error_of_a_file_is_listed(tree):
    with pytest.raises(ImportError_) as caught:
        import_ekonomi(
            ekonomi_file(
                ("2026-08", "X1", "intäkter", "1", "1", "1", "1"),
                ("2026-08", "SN", "intäkter", "1", "1", "x", "1"),
            )
        )
    assert len(caught.value.errors) == 2


def test_a_personal_file_is_stored(tree):
    import_personal(personal_file(("2026-08", "SN", 23, "3 400", 210, 80, 1)))
    row = PersonalRow.objects.get()
    assert (row.anstallda, row.ordinarie_timmar, row.sjuktimmar, row.sjuktimmar_60) == (
        23,
        3400,
        210,
        80,
    )


PGOOD = ("2026-08", "SN", 23, 3400, 210, 80, 1)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            ("2026-08", "SS", 10, 100, 101, 0, 0),
            "Rad 3, kolumn sjuktimmar: 101 sjuktimmar är fler än de ordinarie timmarna (100)",
        ),
        (("2026-08", "SS", 10, 100, 50, 51, 0), "Rad 3, kolumn sjuktimmar_60"),
        (("2026-08", "SS", "10,5", 100, 50, 5, 0), "Rad 3, kolumn anstallda: '10,5' är inte"),
        (("2026-08", "SS", 10, 100, 50, 5, -1), "Rad 3, kolumn avslutade"),
        (("2026-08", "SS", 10, "", 50, 5, 0), "Rad 3, kolumn ordinarie_timmar: värdet saknas"),
        (("2026-8", "SS", 10, 100, 50, 5, 0), "Rad 3, kolumn period"),
        (("2026-08", "ZZ", 10, 100, 50, 5, 0), "Rad 3, kolumn enhet: okänd enhet 'ZZ'"),
        (PGOOD, "Rad 3, kolumn enhet: SN för 2026-08 finns redan på rad 2"),
    ],
)
def test_a_bad_personal_row_rejects_the_whole_file_and_saves_nothing(tree, row, message):
    with pytest.raises(ImportError_) as caught:
        import_personal(personal_file(PGOOD, row))
    assert any(message in e for e in caught.value.errors), caught.value.errors
    assert not PersonalRow.objects.exists()
    assert not FeedPeriod.objects.exists()


def test_the_import_commands_report_and_refuse(tree, tmp_path, capsys):
    good = tmp_path / "ekonomi.csv"
    good.write_text(ekonomi_file(GOOD), encoding="utf-8")
    call_command("import_ekonomi", str(good))
    assert "Importen är klar: 1 rader för 2026-08" in capsys.readouterr().out
    bad = tmp_path / "personal.csv"
    bad.write_text(personal_file(("2026-08", "SN", 5, 10, 20, 0, 0)), encoding="utf-8")
    with pytest.raises(CommandError, match="inget har sparats"):
        call_command("import_personal", str(bad))
    assert not PersonalRow.objects.exists()
