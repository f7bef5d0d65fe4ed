import io
import json
import zipfile

import pytest
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories import PASSWORD
from tillit.cycle.models import planperiod_create
from tillit.org.models import OrgNode, User
from tillit.portability import exported_models

pytestmark = pytest.mark.django_db(transaction=True)


def everything():
    objects = [o for m in exported_models() for o in m._default_manager.order_by("pk")]
    return json.loads(serializers.serialize("json", objects, use_natural_foreign_keys=True))


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
    # The restored instance works: people log in and new rows get fresh ids.
    from django.test import Client

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
