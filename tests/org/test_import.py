import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tillit.org.importer import ImportError_, import_org
from tillit.org.models import OrgNode

pytestmark = pytest.mark.django_db

GOOD = """kod;namn;typ;foralder
1270;Tomelilla kommun;Kommun;
BUN;Barn- och utbildningsnämnden;nämnd;1270
BUF;Barn- och utbildningsförvaltningen;FÖRVALTNING;BUN
SKOLA1;Byavångsskolan;enhet;BUF
"""


def snapshot():
    return sorted(OrgNode.objects.values_list("kod", "namn", "typ", "path"))


def test_a_file_builds_the_tree():
    result = import_org(GOOD.encode("utf-8-sig"))
    assert result.created == 4
    skola = OrgNode.objects.get(kod="SKOLA1")
    assert [a.kod for a in skola.ancestors()] == ["1270", "BUN", "BUF"]
    assert OrgNode.objects.get(kod="BUF").typ == "forvaltning"


def test_children_may_come_before_their_parents():
    lines = GOOD.strip().splitlines()
    import_org("\n".join([lines[0], *reversed(lines[1:])]))
    assert OrgNode.objects.get(kod="SKOLA1").parent_node().kod == "BUF"


def test_reimport_updates_by_code_moves_and_never_deletes():
    import_org(GOOD)
    import_org(
        "kod;namn;typ;foralder\n"
        "BUF;Utbildningsförvaltningen;förvaltning;BUN\n"
        "VON;Vård- och omsorgsnämnden;nämnd;1270\n"
        "SKOLA1;Byavångsskolan;enhet;VON\n"
    )
    assert OrgNode.objects.get(kod="BUF").namn == "Utbildningsförvaltningen"
    assert OrgNode.objects.get(kod="SKOLA1").parent_node().kod == "VON"
    assert OrgNode.objects.count() == 5
    assert all(not problem for problem in OrgNode.objects.find_problems())


def test_importing_the_same_file_twice_changes_nothing():
    import_org(GOOD)
    before = snapshot()
    result = import_org(GOOD)
    assert result.unchanged == 4
    assert snapshot() == before


H = "kod;namn;typ;foralder\n"
TAIL = "GOOD;Ny enhet;enhet;BUF\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (H + "X;Namn;enhet;OKÄND\n" + TAIL, "Rad 2, kolumn foralder: okänd förälder 'OKÄND'."),
        (H + "X;Namn;skola;1270\n" + TAIL, "Rad 2, kolumn typ: okänd typ 'skola'"),
        (
            GOOD + "BUN;Dubblett;nämnd;1270\n",
            "Rad 6, kolumn kod: koden 'BUN' finns redan på rad 3.",
        ),
        (H + TAIL + "X;Namn;enhet\n", "Rad 3: raden har 3 kolumner, väntade 4."),
        (H + TAIL + ";Namn;enhet;1270\n", "Rad 3, kolumn kod: koden saknas."),
        (H + TAIL + "X;;enhet;1270\n", "Rad 3, kolumn namn: namnet saknas."),
        (H + TAIL + "A;A;enhet;B\nB;B;enhet;A\n", "cirkulär koppling (A → B → A)"),
        (H + TAIL + "X;Annan kommun;kommun;\n", "bara en enhet (kommunen) får sakna förälder"),
    ],
)
def test_a_bad_file_is_rejected_whole_with_row_and_column(text, message):
    import_org(GOOD)
    before = snapshot()
    with pytest.raises(ImportError_) as exc:
        import_org(text)
    assert any(message in e for e in exc.value.errors), exc.value.errors
    assert snapshot() == before
    assert not OrgNode.objects.filter(kod="GOOD").exists()


def test_a_cycle_through_existing_nodes_is_refused():
    import_org(GOOD)
    before = snapshot()
    with pytest.raises(ImportError_) as exc:
        import_org("kod;namn;typ;foralder\nBUN;Barn- och utbildningsnämnden;nämnd;SKOLA1\n")
    assert "cirkulär koppling" in exc.value.errors[0]
    assert snapshot() == before


def test_a_wrong_header_and_wrong_encoding_are_explained():
    with pytest.raises(ImportError_) as exc:
        import_org("code,name\n")
    assert exc.value.errors[0].startswith("Rad 1: fel rubrikrad.")
    # Windows-1252 is read as such (Swedish Excel's CSV); bytes that are neither are explained.
    with pytest.raises(ImportError_) as exc:
        import_org("kod;namn;typ;foralder\nX;Förskola\x81;enhet;\n".encode("latin-1"))
    assert "UTF-8" in exc.value.errors[0]


def test_the_command_imports_and_reports_errors(tmp_path, capsys):
    good = tmp_path / "org.csv"
    good.write_text(GOOD, encoding="utf-8")
    call_command("import_org", str(good))
    assert "4 nya" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text("kod;namn;typ;foralder\nX;X;enhet;NOPE\n", encoding="utf-8")
    with pytest.raises(CommandError, match="okänd förälder"):
        call_command("import_org", str(bad))


def test_the_upload_page_imports_for_administrators(client, personas):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import PASSWORD

    client.login(username="admin", password=PASSWORD)
    upload = SimpleUploadedFile(
        "org.csv", b"kod;namn;typ;foralder\nNYTT;Ny enhet;enhet;SN\n", "text/csv"
    )
    response = client.post("/organisation/import/", {"file": upload})
    assert response.status_code == 302
    assert OrgNode.objects.get(kod="NYTT").parent_node().kod == "SN"
    bad = SimpleUploadedFile("org.csv", b"kod;namn;typ;foralder\nX;X;enhet;NOPE\n", "text/csv")
    page = client.post("/organisation/import/", {"file": bad}).content.decode()
    assert "okänd förälder" in page
    client.logout()
    client.login(username="enhetschef", password=PASSWORD)
    assert client.get("/organisation/import/").status_code == 403
