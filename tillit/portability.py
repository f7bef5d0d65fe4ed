"""Data portability: everything a kommun has in Tillit, out as one zip and back in.

The zip holds `data.json` (Django's serializer, natural foreign keys, every model of Tillit's
own apps and their history, users with their password hashes) for a lossless restore,
`csv/<app>.<model>.csv` for people and spreadsheets, and `media/` (report PDFs, uploads).
Restoring needs a freshly migrated, empty database and is atomic.
"""

import csv
import io
import json
import zipfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.db import connection, transaction

APPS = ["org", "cycle", "reports", "planning", "internkontroll", "dialogue", "surveys"]
FORMAT_VERSION = 1


class RestoreError(Exception):
    pass


def exported_models():
    """Models in dependency order (parents before children)."""
    models = [m for label in APPS for m in apps.get_app_config(label).get_models()]
    return serializers.sort_dependencies([(None, models)], allow_cycles=True)


def export_zip(target):
    """Write the export to `target` (a path or a binary file object)."""
    models = exported_models()
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        manifest = {"format": FORMAT_VERSION, "models": {}}
        objects = []
        for model in models:
            qs = model._default_manager.order_by("pk")
            manifest["models"][model._meta.label] = qs.count()
            objects.extend(qs.iterator(chunk_size=2000))
            zf.writestr(f"csv/{model._meta.label}.csv", _csv(model, qs))
        zf.writestr(
            "data.json",
            serializers.serialize(
                "json", objects, indent=1, use_natural_foreign_keys=True, ensure_ascii=False
            ),
        )
        zf.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
        media = Path(settings.MEDIA_ROOT)
        if media.is_dir():
            for path in sorted(media.rglob("*")):
                if path.is_file():
                    zf.write(path, f"media/{path.relative_to(media)}")
    return manifest


def _csv(model, qs):
    fields = list(model._meta.concrete_fields)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([f.attname for f in fields])
    for row in qs.values_list(*[f.attname for f in fields]).iterator(chunk_size=2000):
        writer.writerow(["" if v is None else v for v in row])
    return "\ufeff" + out.getvalue()


def restore_zip(source):
    """Load an export into an empty, migrated database. All or nothing."""
    with zipfile.ZipFile(source) as zf:
        names = set(zf.namelist())
        if "data.json" not in names or "manifest.json" not in names:
            raise RestoreError(
                "Filen är ingen Tillit-export (data.json eller manifest.json saknas)."
            )
        manifest = json.loads(zf.read("manifest.json"))
        if manifest.get("format") != FORMAT_VERSION:
            raise RestoreError(f"Okänt exportformat {manifest.get('format')!r}.")
        not_empty = [m._meta.label for m in exported_models() if m._default_manager.exists()]
        if not_empty:
            raise RestoreError(
                "Databasen är inte tom; återställning görs bara till en ny installation "
                f"({', '.join(not_empty[:5])} har redan data)."
            )
        with transaction.atomic():
            count = 0
            for obj in serializers.deserialize(
                "json", zf.read("data.json").decode("utf-8"), handle_forward_references=True
            ):
                obj.save()
                count += 1
            _reset_sequences()
        media = Path(settings.MEDIA_ROOT)
        for name in names:
            if name.startswith("media/") and not name.endswith("/"):
                target = (media / name[len("media/") :]).resolve()
                if media.resolve() not in target.parents:
                    raise RestoreError(f"Otillåten sökväg i exporten: {name}")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(zf.read(name))
    return count


def _reset_sequences():
    """After inserting explicit primary keys, move PostgreSQL's sequences past them."""
    models = exported_models()
    sql = connection.ops.sequence_reset_sql(_NoStyle(), models)
    with connection.cursor() as cursor:
        for statement in sql:
            cursor.execute(statement)


class _NoStyle:
    def __getattr__(self, name):
        return lambda text: text
