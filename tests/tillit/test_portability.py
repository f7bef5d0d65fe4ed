import io
import json
import re
import zipfile

import pytest
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories import PASSWORD
from tillit.cycle.models import planperiod_create
from tillit.org.models import OrgNode, User
from tillit.portability import NO_PASSWORD, exported_models, left_out

pytestmark = pytest.mark.django_db(transaction=True)


def everything(*, include_raw_hme_answers=False):
    """Every row an export carries, as the export carries it (no password hashes)."""
    skip = left_out(include_raw_hme_answers=include_raw_hme_answers)
    objects = [
        o
        for m in exported_models()
        if m._meta.label not in skip
        for o in m._default_manager.order_by("pk")
    ]
    text = serializers.serialize("json", objects, use_natural_foreign_keys=True)
    # Django's serializer keeps milliseconds: a time 1–999 µs past a second is written "…:06.000Z"
    # before the round trip and "…:06Z" after it (the same instant at that precision).
    text = re.sub(r'(T\d\d:\d\d:\d\d)\.000(Z|[+-]\d\d:\d\d)"', r'\1\2"', text)
    rows = json.loads(text)
    for row in rows:
        if row["model"] == "org.user":
            row["fields"]["password"] = NO_PASSWORD
    return rows


def wipe():
    for model in reversed(exported_models()):
        model._default_manager.all().delete()


def test_an_export_restores_into_a_fresh_instance_unchanged(personas, tree, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media" / "reports").mkdir(parents=True)
    (tmp_path / "media" / "reports" / "r.pdf").write_bytes(b"%PDF-1.7 demo")
    planperiod_create(budget_year=2027, make_current=True)
    tree.SS.close()
    before = everything()
    out = tmp_path / "export.zip"
    call_command("export_data", str(out), stdout=io.StringIO())

    with zipfile.ZipFile(out) as zf:
        assert "csv/org.OrgNode.csv" in zf.namelist()
        assert zf.read("csv/org.OrgNode.csv").decode("utf-8-sig").startswith("id;path;depth")

    wipe()
    (tmp_path / "media" / "reports" / "r.pdf").unlink()
    assert not OrgNode.objects.exists()
    call_command("restore_data", str(out), stdout=io.StringIO())
    assert everything() == before
    assert (tmp_path / "media" / "reports" / "r.pdf").read_bytes() == b"%PDF-1.7 demo"
    # The restored instance works: people set a new password (hashes are never exported),
    # then log in, and new rows get fresh ids.
    from django.test import Client

    assert not Client().login(username="enhetschef", password=PASSWORD)
    chef = User.objects.get(username="enhetschef")
    chef.set_password(PASSWORD)
    chef.save()
    assert Client().login(username="enhetschef", password=PASSWORD)
    OrgNode.objects.add_child(
        OrgNode.objects.get(kod="GS"), {"kod": "NY", "namn": "Ny", "typ": "enhet"}
    )
    assert User.objects.count() == len(personas)


def test_restoring_into_a_database_with_data_is_refused(personas, tmp_path):
    out = tmp_path / "export.zip"
    call_command("export_data", str(out), stdout=io.StringIO())
    with pytest.raises(CommandError, match="Databasen är inte tom"):
        call_command("restore_data", str(out))


def test_a_file_that_is_not_an_export_is_refused(db, tmp_path):
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("x.txt", "hej")
    with pytest.raises(CommandError, match="ingen Tillit-export"):
        call_command("restore_data", str(bad))


@pytest.mark.parametrize(("persona", "status"), [("admin", 200), ("fc", 403), ("outsider", 404)])
def test_only_administrators_download_the_export(client, personas, persona, status):
    client.login(username=personas[persona].username, password=PASSWORD)
    response = client.get("/organisation/export/")
    assert response.status_code == status
    if status == 200:
        data = b"".join(response.streaming_content)
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            assert "data.json" in zf.namelist()


def hme_round_with_answers(tree):
    from surveys.hme.results import compute_round
    from surveys.models import HmeInvitation, HmeLink
    from tests.surveys.hme.helpers import answers, make_round

    rnd = make_round(2024)
    answers(rnd, tree.SN, 6, values=(5, 4, 3, 2, 1, 5, 4, 3, 2), gender="K")
    link = HmeLink.objects.create(round=rnd, node=tree.SN)
    invitation = HmeInvitation.objects.create(round=rnd, node=tree.SN)
    compute_round(rnd.pk)
    return link.token, invitation.token


def test_the_web_export_holds_no_password_hashes_tokens_or_raw_hme_answers(client, personas, tree):
    from surveys.models import HmeResult

    link_token, invitation_token = hme_round_with_answers(tree)
    hashes = list(User.objects.values_list("password", flat=True))
    client.login(username=personas.admin.username, password=PASSWORD)
    data = b"".join(client.get("/organisation/export/").streaming_content)

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = zf.namelist()
        everything_in_it = b"".join(zf.read(n) for n in names)
        manifest = json.loads(zf.read("manifest.json"))
        users = zf.read("csv/org.User.csv").decode("utf-8-sig")
    for secret in [*hashes, link_token, invitation_token]:
        assert secret.encode() not in everything_in_it
    assert "csv/surveys.HmeResponse.csv" not in names
    assert "csv/surveys.HmeLink.csv" not in names
    assert "csv/surveys.HmeInvitation.csv" not in names
    assert b'"surveys.hmeresponse"' not in everything_in_it
    assert "surveys.HmeResponse" in manifest["left_out"]
    assert manifest["models"]["surveys.HmeResult"] == HmeResult.objects.count() > 0
    assert f";{NO_PASSWORD};" in users


def test_the_web_export_ignores_a_request_for_raw_answers(client, personas, tree):
    hme_round_with_answers(tree)
    client.login(username=personas.admin.username, password=PASSWORD)
    response = client.get("/organisation/export/?include_raw_hme_answers=1&raw=1")
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as zf:
        assert "csv/surveys.HmeResponse.csv" not in zf.namelist()


def test_raw_hme_answers_move_only_with_the_command_line_flag_and_restore(tree, tmp_path):
    from surveys.models import HmeResponse

    hme_round_with_answers(tree)
    plain, raw = tmp_path / "plain.zip", tmp_path / "raw.zip"
    call_command("export_data", str(plain), stdout=io.StringIO())
    call_command("export_data", str(raw), "--include-raw-hme-answers", stdout=io.StringIO())
    with zipfile.ZipFile(plain) as zf:
        assert "csv/surveys.HmeResponse.csv" not in zf.namelist()
    before = everything(include_raw_hme_answers=True)

    wipe()
    call_command("restore_data", str(raw), stdout=io.StringIO())
    assert HmeResponse.objects.count() == 6
    assert everything(include_raw_hme_answers=True) == before
