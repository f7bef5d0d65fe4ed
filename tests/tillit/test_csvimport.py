"""The one CSV reader of every import: Windows-1252 as well as UTF-8, NUL bytes refused by
row, errors capped, row caps per kind, rows streamed."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from surveys.models import HmeResponse
from tests.factories import PASSWORD
from tillit import csvimport
from tillit.csvimport import ImportError_, read_rows
from tillit.org.models import OrgNode

ORG = "kod;namn;typ;foralder\n"
HME = "enhet;kon;f1;f2;f3;f4;f5;f6;f7;f8;f9\n"


def upload(client, text_or_bytes):
    data = text_or_bytes if isinstance(text_or_bytes, bytes) else text_or_bytes.encode()
    return client.post(
        "/organisation/import/", {"file": SimpleUploadedFile("org.csv", data, "text/csv")}
    )


@pytest.mark.django_db
def test_a_file_swedish_excel_saved_as_windows_1252_imports(client, personas):
    client.login(username="admin", password=PASSWORD)
    data = (ORG + "ÅBY;Åby förskola och fritidshem;enhet;SN\n").encode("cp1252")
    assert upload(client, data).status_code == 302
    assert OrgNode.objects.get(kod="ÅBY").namn == "Åby förskola och fritidshem"


@pytest.mark.django_db
def test_a_file_that_is_neither_utf8_nor_windows_1252_is_explained(client, personas):
    client.login(username="admin", password=PASSWORD)
    response = upload(client, ORG.encode() + b"X;\x81\x8d;enhet;SN\n")
    assert "Filen är inte UTF-8 och inte heller Windows-1252 (fel vid byte" in response.text
    assert not OrgNode.objects.filter(kod="X").exists()


@pytest.mark.django_db
def test_a_nul_byte_rejects_the_file_naming_its_row(client, personas):
    client.login(username="admin", password=PASSWORD)
    response = upload(client, ORG + "A;Ett;enhet;SN\nB;T\x00vå;enhet;SN\n")
    assert response.status_code == 200
    assert "Rad 3: raden innehåller ett NUL-tecken" in response.text
    assert not OrgNode.objects.filter(kod__in=["A", "B"]).exists()


@pytest.mark.django_db
def test_a_nul_byte_in_hme_answers_from_the_command_line_is_refused(tree, tmp_path):
    path = tmp_path / "hme.csv"
    path.write_bytes((HME + "SN;K;5;4;4;5;3;4;5;4;4\nSN;K\x00;5;4;4;5;3;4;5;4;4\n").encode())
    with pytest.raises(CommandError, match="Rad 3: raden innehåller ett NUL-tecken"):
        call_command("import_hme", "--year", "2024", str(path), stdout=io.StringIO())
    assert not HmeResponse.objects.exists()


@pytest.mark.django_db
def test_errors_stop_at_fifty_and_say_how_many_more(tree, tmp_path):
    path = tmp_path / "hme.csv"
    path.write_text(HME + "FINNS_EJ;K;5;4;4;5;3;4;5;4;4\n" * 200, encoding="utf-8")
    with pytest.raises(CommandError) as exc:
        call_command("import_hme", "--year", "2024", str(path), stdout=io.StringIO())
    lines = str(exc.value).splitlines()[1:]
    assert len(lines) == 51
    assert lines[0].startswith("Rad 2, kolumn enhet:")
    assert lines[-1] == "… och 150 fel till."


@pytest.mark.django_db
def test_a_file_over_its_row_cap_is_refused_before_the_rest_is_read(client, personas, monkeypatch):
    monkeypatch.setitem(csvimport.MAX_ROWS, "organisation", 3)
    client.login(username="admin", password=PASSWORD)
    response = upload(client, ORG + "".join(f"N{i};Enhet {i};enhet;SN\n" for i in range(4)))
    assert "Filen har fler än 3 rader; en organisationsfil får ha högst 3 rader." in (response.text)
    assert not OrgNode.objects.filter(kod__startswith="N").exists()
    # Three rows are fine.
    response = upload(client, ORG + "".join(f"N{i};Enhet {i};enhet;SN\n" for i in range(3)))
    assert response.status_code == 302


def test_rows_are_read_lazily_from_a_file():
    class Counting(io.BytesIO):
        reads = 0

        def read(self, *args):
            Counting.reads += 1
            return super().read(*args)

    stream = Counting((HME + "SN;K;5;4;4;5;3;4;5;4;4\n" * 200_000).encode())
    rows = read_rows(stream, HME.strip().split(";"), kind="hme")
    number, row, _ = next(rows)
    assert (number, row["enhet"]) == (2, "SN")
    # The encoding check reads the file once in chunks; the rows are not all parsed yet.
    assert stream.tell() < len(stream.getvalue())


def test_the_row_caps_are_documented_in_the_readme():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    for kind, cap in csvimport.MAX_ROWS.items():
        assert f"{cap:,}".replace(",", " ") in readme, kind


def test_a_utf16_file_is_explained():
    with pytest.raises(ImportError_, match="inte UTF-8 utan UTF-16"):
        list(read_rows(ORG.encode("utf-16"), ["kod", "namn", "typ", "foralder"]))
