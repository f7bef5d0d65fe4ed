"""The people file: `personid;namn;epost;enhet;roll;stodfunktion` (issue 15)."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories import PASSWORD, UserFactory, give_role
from tillit.org.models import Role, RoleAssignment, RoleSource, User
from tillit.org.people import ImportError_, export_people, import_people, plan_import

pytestmark = pytest.mark.django_db

HEADER = "personid;namn;epost;enhet;roll;stodfunktion\n"
GOOD = HEADER + (
    "1001;Anna Berg;anna.berg@tomelilla.se;SN;Enhetschef;\n"
    "1001;Anna Berg;anna.berg@tomelilla.se;SS;verksamhetschef;\n"
    "1002;Bo Ek;bo.ek@tomelilla.se;BUF;stödfunktion;hr\n"
    "1003;Cecilia Å Öberg;cecilia@tomelilla.se;BUN;FÖRTROENDEVALD;\n"
)


def people():
    return sorted(
        RoleAssignment.objects.values_list(
            "user__person_id", "node__kod", "role", "support_function", "source"
        )
    )


def errors_of(text):
    with pytest.raises(ImportError_) as exc:
        import_people(text)
    return exc.value.errors


def test_a_file_creates_people_with_their_roles(tree):
    plan = import_people(GOOD)
    assert len(plan.create) == 3
    assert people() == [
        ("1001", "SN", Role.CHEF, "", RoleSource.FILE),
        ("1001", "SS", Role.CHEF, "", RoleSource.FILE),
        ("1002", "BUF", Role.STOD, "hr", RoleSource.FILE),
        ("1003", "BUN", Role.FORTROENDEVALD, "", RoleSource.FILE),
    ]
    anna = User.objects.get(person_id="1001")
    assert (anna.first_name, anna.last_name, anna.email) == (
        "Anna",
        "Berg",
        "anna.berg@tomelilla.se",
    )
    assert not anna.has_usable_password()


def test_a_windows_1252_file_from_swedish_excel_is_read(tree):
    import_people(GOOD.encode("cp1252"))
    assert User.objects.get(person_id="1003").get_full_name() == "Cecilia Å Öberg"


def test_importing_the_same_file_again_changes_nothing(tree):
    import_people(GOOD)
    plan = import_people(GOOD)
    assert not plan.has_changes


def test_export_writes_the_file_back_exactly_sorted_by_personid_enhet_roll(tree):
    import_people(GOOD)
    out = io.StringIO()
    call_command("export_people", stdout=out)
    assert out.getvalue() == HEADER + (
        "1001;Anna Berg;anna.berg@tomelilla.se;SN;enhetschef;\n"
        "1001;Anna Berg;anna.berg@tomelilla.se;SS;verksamhetschef;\n"
        "1002;Bo Ek;bo.ek@tomelilla.se;BUF;stödfunktion;hr\n"
        "1003;Cecilia Å Öberg;cecilia@tomelilla.se;BUN;förtroendevald;\n"
    )


def test_reimport_updates_by_personid_and_removes_roles_no_longer_in_the_file(tree):
    import_people(GOOD)
    plan = import_people(
        HEADER
        + "1001;Anna Lind;anna.lind@tomelilla.se;SN;enhetschef;\n"
        + "1002;Bo Ek;bo.ek@tomelilla.se;BUF;stödfunktion;ekonomi\n"
    )
    anna = User.objects.get(person_id="1001")
    assert (anna.get_full_name(), anna.email) == ("Anna Lind", "anna.lind@tomelilla.se")
    assert [(u.person_id, c) for u, _p, c in plan.update] == [
        (
            "1001",
            [
                "namn Anna Berg → Anna Lind",
                "e-post anna.berg@tomelilla.se → anna.lind@tomelilla.se",
            ],
        )
    ]
    assert people() == [
        ("1001", "SN", Role.CHEF, "", RoleSource.FILE),
        ("1002", "BUF", Role.STOD, "ekonomi", RoleSource.FILE),
    ]
    # Without --deactivate-missing the person who is gone keeps the account (no roles).
    assert User.objects.get(person_id="1003").is_active


def test_roles_given_by_hand_are_kept_and_marked_as_such(tree):
    import_people(GOOD)
    anna = User.objects.get(person_id="1001")
    hand = give_role(anna, tree.HT, Role.CHEF)
    assert hand.source == RoleSource.HAND
    import_people(HEADER + "1001;Anna Berg;anna.berg@tomelilla.se;SN;enhetschef;\n")
    assert ("1001", "HT", Role.CHEF, "", RoleSource.HAND) in people()
    out = io.StringIO()
    export_people(out)
    assert "HT" not in out.getvalue()


def test_a_person_made_by_hand_is_matched_by_email_once(tree):
    made = UserFactory(username="anna", email="Anna.Berg@tomelilla.se")
    import_people(GOOD)
    made.refresh_from_db()
    assert made.person_id == "1001"
    assert User.objects.filter(email__iexact="anna.berg@tomelilla.se").count() == 1


def test_deactivate_missing_deactivates_people_who_are_gone(tree):
    import_people(GOOD)
    without_cecilia = "".join(GOOD.splitlines(keepends=True)[:4])
    plan = import_people(without_cecilia, deactivate_missing=True)
    assert [u.person_id for u in plan.deactivate] == ["1003"]
    assert not User.objects.get(person_id="1003").is_active
    assert User.objects.get(person_id="1001").is_active


def test_dry_run_saves_nothing(tree):
    out = io.StringIO()
    call_command("import_people", _file(GOOD), "--dry-run", stdout=out)
    assert "Provkörning" in out.getvalue()
    assert "3 nya personer" in out.getvalue()
    assert not User.objects.filter(person_id__isnull=False).exists()


def test_the_leaver_loses_access_and_session_over_http(tree, client, tmp_path):
    import_people(GOOD)
    leaver = User.objects.get(person_id="1003")
    leaver.set_password(PASSWORD)
    leaver.save()
    assert client.login(username=leaver.username, password=PASSWORD)
    assert client.get("/organisation/BUN/").status_code == 200
    path = tmp_path / "personer.csv"
    path.write_text("".join(GOOD.splitlines(keepends=True)[:4]))
    call_command("import_people", str(path), "--deactivate-missing", stdout=io.StringIO())
    response = client.get("/organisation/BUN/")
    assert response.status_code == 302
    assert response["Location"].startswith("/logga-in/")
    # The session is ended, not only refused: back in the file, the person must sign in again.
    call_command("import_people", _file(GOOD, tmp_path), stdout=io.StringIO())
    assert User.objects.get(person_id="1003").is_active
    assert client.get("/organisation/BUN/").status_code == 302


def test_ending_sessions_logs_an_active_person_out_everywhere(tree, client):
    person = UserFactory()
    give_role(person, tree.SN, Role.CHEF)
    assert client.login(username=person.username, password=PASSWORD)
    assert client.get("/organisation/SN/").status_code == 200
    person.end_sessions()
    assert client.get("/organisation/SN/").status_code == 302


BAD_ROWS = {
    "enhet": ("1004;Dan;dan@x.se;NOPE;enhetschef;", "kolumn enhet: okänd enhet 'NOPE'."),
    "roll": ("1004;Dan;dan@x.se;SN;rektor;", "kolumn roll: okänd roll 'rektor'"),
    "no-epost": ("1004;Dan;;SN;enhetschef;", "kolumn epost: e-postadressen saknas."),
    "bad-epost": ("1004;Dan;dan(at)x;SN;enhetschef;", "kolumn epost: 'dan(at)x' är ingen giltig"),
    "epost-twice": (
        "1004;Dan;bo.ek@tomelilla.se;SN;enhetschef;",
        "kolumn epost: bo.ek@tomelilla.se används redan av personid 1002 på rad 4.",
    ),
    "stod-missing": (
        "1004;Dan;dan@x.se;BUF;stödfunktion;",
        "kolumn stodfunktion: stödfunktion saknas",
    ),
    "stod-unknown": (
        "1004;Dan;dan@x.se;BUF;stödfunktion;it",
        "kolumn stodfunktion: okänd stödfunktion",
    ),
    "stod-misplaced": (
        "1004;Dan;dan@x.se;SN;enhetschef;hr",
        "kolumn stodfunktion: bara rollen stödfunktion har en stödfunktion",
    ),
    "columns": ("1004;Dan;dan@x.se;SN", ": raden har 4 kolumner, väntade 6."),
    "personid": (";Dan;dan@x.se;SN;enhetschef;", "kolumn personid: personid saknas."),
}


@pytest.mark.parametrize(("row", "error"), list(BAD_ROWS.values()), ids=list(BAD_ROWS))
def test_a_file_with_a_problem_is_rejected_whole_and_saves_nothing(tree, row, error):
    errors = errors_of(GOOD + row + "\n")
    assert any(
        e.startswith(f"Rad 6{error}" if error[0] == ":" else f"Rad 6, {error}") for e in errors
    ), errors
    assert not User.objects.filter(person_id__isnull=False).exists()
    assert not RoleAssignment.objects.exists()


def test_every_problem_is_named_by_row_and_column(tree):
    errors = errors_of(HEADER + "1;A B;a@x.se;NOPE;chef;\n" + "2;C D;inte-epost;SN;enhetschef;hr\n")
    assert errors == [
        "Rad 2, kolumn enhet: okänd enhet 'NOPE'.",
        "Rad 2, kolumn roll: okänd roll 'chef' (tillåtna: administratör, förvaltningschef, "
        "verksamhetschef, enhetschef, stödfunktion, förtroendevald).",
        "Rad 3, kolumn epost: 'inte-epost' är ingen giltig e-postadress.",
        "Rad 3, kolumn stodfunktion: bara rollen stödfunktion har en stödfunktion (rollen är "
        "'enhetschef').",
    ]


def test_a_rejected_reimport_leaves_the_earlier_import_untouched(tree):
    import_people(GOOD)
    before = people()
    errors_of(HEADER + "1001;Anna Berg;anna.berg@tomelilla.se;NOPE;enhetschef;\n")
    assert people() == before


def test_an_email_of_another_person_in_tillit_is_rejected(tree):
    import_people(GOOD)
    errors = errors_of(HEADER + "2001;Ny Person;bo.ek@tomelilla.se;SN;enhetschef;\n")
    assert errors == ["Rad 2, kolumn epost: bo.ek@tomelilla.se tillhör personid 1002 i Tillit."]


def test_the_command_names_the_problems_and_fails(tree, tmp_path):
    path = _file(GOOD + "1004;Dan;dan@tomelilla.se;NOPE;enhetschef;\n", tmp_path)
    with pytest.raises(CommandError, match="(?s)inget har sparats.*okänd enhet 'NOPE'"):
        call_command("import_people", path, stdout=io.StringIO())


def test_the_preview_says_who_loses_a_role(tree):
    import_people(GOOD)
    plan = plan_import(HEADER + "1001;Anna Berg;anna.berg@tomelilla.se;SN;enhetschef;\n")
    removed = sorted((a.user.person_id, a.node.kod) for a in plan.remove_roles)
    assert removed == [("1001", "SS"), ("1002", "BUF"), ("1003", "BUN")]
    assert RoleAssignment.objects.count() == 4


def _file(text, tmp_path=None):
    import tempfile
    from pathlib import Path

    directory = Path(tmp_path or tempfile.mkdtemp())
    path = directory / "personer.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_a_person_linked_by_email_takes_the_files_name(tree):
    made = UserFactory(
        username="anna", first_name="A", last_name="", email="anna.berg@tomelilla.se"
    )
    import_people(GOOD)
    made.refresh_from_db()
    assert made.get_full_name() == "Anna Berg"
    assert not import_people(GOOD).has_changes


def test_an_email_longer_than_tillit_stores_is_rejected(tree):
    errors = errors_of(HEADER + f"1;A B;{'a' * 250}@x.se;SN;enhetschef;\n")
    assert errors == ["Rad 2, kolumn epost: e-postadressen är längre än 254 tecken."]
