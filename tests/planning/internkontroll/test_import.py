"""The risk register import: UTF-8 or Windows-1252, atomic, every problem by row and column."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from planning.internkontroll.importer import ImportError_, import_risker
from planning.internkontroll.models import Decision, Risk
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

HEADER = "namnd;ar;risk;beskrivning;process;sannolikhet;konsekvens;beslut\n"


def test_a_good_file_creates_the_risks_and_their_analysis(tree):
    data = (
        HEADER
        + "BUN;2027;Inköp utanför avtal;Fakturor utan avtal;Inköp;3;4;kontrollera\n"
        + "Vård- och omsorgsnämnden;2027;Bristande dokumentation;;Vård;Möjlig;Allvarlig;\n"
    ).encode()
    result = import_risker(data)
    assert (result.created, result.updated) == (2, 0)
    risk = Risk.objects.get(title="Inköp utanför avtal")
    assert (risk.analysis.node, risk.analysis.year, risk.value) == (tree.BUN, 2027, 12)
    assert risk.decision == Decision.KONTROLLERA
    assert Risk.objects.get(analysis__node=tree.VON).value == 12


def test_windows_1252_from_swedish_excel_keeps_its_a_ring(tree):
    data = (HEADER + "BUN;2027;Åtgärder försenas;;Ekonomi;2;2;åtgärda\n").encode("cp1252")
    import_risker(data)
    assert Risk.objects.get().title == "Åtgärder försenas"


def test_importing_again_updates_the_same_risk(tree):
    import_risker((HEADER + "BUN;2027;Inköp;;;1;1;\n").encode())
    result = import_risker((HEADER + "BUN;2027;inköp;;;4;4;acceptera\n").encode())
    assert (result.created, result.updated) == (0, 1)
    assert Risk.objects.get().value == 16


def test_every_problem_is_named_by_row_and_column_and_nothing_is_saved(tree):
    data = (
        HEADER + "BUN;2027;Bra rad;;;1;1;\n" + "XYZ;20x7;;;;5;0;kanske\n" + "BUN;2027;För få\n"
    ).encode()
    with pytest.raises(ImportError_) as exc:
        import_risker(data)
    errors = exc.value.errors
    assert "Rad 3, kolumn namnd: ”XYZ” är ingen nämnd eller styrelse." in errors
    assert "Rad 3, kolumn ar: ”20x7” är inget år (skriv t.ex. 2027)." in errors
    assert "Rad 3, kolumn risk: risken saknar rubrik." in errors
    assert "Rad 3, kolumn sannolikhet: ”5” ska vara 1–4." in errors
    assert "Rad 3, kolumn konsekvens: ”0” ska vara 1–4." in errors
    assert any(e.startswith("Rad 3, kolumn beslut:") for e in errors)
    assert "Rad 4: raden har 3 kolumner, väntade 8." in errors
    assert not Risk.objects.exists()


def test_a_wrong_header_is_refused(tree):
    with pytest.raises(ImportError_) as exc:
        import_risker(b"namnd;risk\nBUN;x\n")
    assert exc.value.errors[0].startswith("Rad 1: fel rubrikrad.")


def test_an_upload_may_only_bring_risks_for_ones_own_namnd(client, tree, personas):
    client.login(username=personas.fc.username, password=PASSWORD)
    data = (HEADER + "BUN;2027;Egen;;;1;1;\nVON;2027;Annans;;;1;1;\n").encode()
    response = client.post(
        reverse("internkontroll:import"), {"file": SimpleUploadedFile("r.csv", data)}
    )
    assert response.status_code == 200
    assert "Rad 3, kolumn namnd: du får inte föra in risker för Vård- och omsorgsnämnden." in (
        response.content.decode()
    )
    assert not Risk.objects.exists()


def test_an_upload_of_a_good_file_redirects_with_the_summary(client, tree, personas):
    client.login(username=personas.fc.username, password=PASSWORD)
    data = (HEADER + "BUN;2027;Egen;;;1;1;\n").encode()
    response = client.post(
        reverse("internkontroll:import"), {"file": SimpleUploadedFile("r.csv", data)}
    )
    assert response.status_code == 302
    assert Risk.objects.count() == 1


def test_the_command_imports_a_file_and_reports_errors(tree, tmp_path, capsys):
    good = tmp_path / "ok.csv"
    good.write_bytes((HEADER + "BUN;2027;Egen;;;2;3;\n").encode())
    call_command("import_risker", str(good))
    assert "1 nya och 0 uppdaterade risker." in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_bytes((HEADER + "BUN;2027;Egen;;;9;3;\n").encode())
    with pytest.raises(CommandError, match="kolumn sannolikhet"):
        call_command("import_risker", str(bad))
