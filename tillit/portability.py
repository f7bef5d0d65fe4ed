"""Data portability: everything a kommun has in Tillit, out as one zip and back in.

The zip holds `data.json` (Django's serializer, natural foreign keys, every model of Tillit's
own apps and their history) for a restore, `csv/<app>.<model>.csv` for people and spreadsheets
(cells escaped against formulas, tillit/exports.py), and `media/` (report PDFs, uploads).
Restoring needs a freshly migrated, empty database and is atomic.

What never leaves: password hashes (restored accounts get an unusable password and sign in after
a password reset or through the kommun's sign-in), and every model that holds a `token` (HME
answer links and invitations: a working token is a way to answer; a new instance issues new
links). Raw HME answers (unit, gender, date and nine answers of one employee) stay out as well;
the computed results are exported. Only the command line can add them, for a migration between
instances (`export_data --include-raw-hme-answers`), never the web page.
"""

import json
import zipfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core import serializers
from django.db import connection, transaction

from tillit.exports import csv_text

APPS = [
    "org",
    "cycle",
    "reports",
    "planning",
    "ekonomi",
    "internkontroll",
    "dialogue",
    "surveys",
    "public",
]
FORMAT_VERSION = 1
RAW_HME_ANSWERS = "surveys.HmeResponse"
NO_PASSWORD = UNUSABLE_PASSWORD_PREFIX


class RestoreError(Exception):
    pass


def exported_models():
    """Models in dependency order (parents before children)."""
    models = [m for label in APPS for m in apps.get_app_config(label).get_models()]
    return serializers.sort_dependencies([(None, models)], allow_cycles=True)


def holds_tokens(model):
    """Models whose rows are bearer tokens (HME answer links and invitations): left out whole."""
    return any(f.name == "token" for f in model._meta.concrete_fields)


# Secrets kept on rows that are exported: blanked (a restored person's sessions start anew).
BLANKED = {("org.User", "session_token")}


def left_out(*, include_raw_hme_answers=False):
    """Labels of the models an export leaves out (see the module's docstring)."""
    labels = {m._meta.label for m in exported_models() if holds_tokens(m)}
    if not include_raw_hme_answers:
        labels.add(RAW_HME_ANSWERS)
    return labels


def export_zip(target, *, include_raw_hme_answers=False):
    """Write the export to `target` (a path or a binary file object).

    `include_raw_hme_answers` is for the command line only (a migration to another instance)."""
    skip = left_out(include_raw_hme_answers=include_raw_hme_answers)
    models = [m for m in exported_models() if m._meta.label not in skip]
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        manifest = {
            "format": FORMAT_VERSION,
            "models": {},
            "left_out": sorted(skip),
            "passwords": False,
        }
        objects = []
        for model in models:
            qs = model._default_manager.order_by("pk")
            manifest["models"][model._meta.label] = qs.count()
            objects.extend(_without_secrets(o) for o in qs.iterator(chunk_size=2000))
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


def _is_password(model, attname):
    return attname == "password" and model is apps.get_model(settings.AUTH_USER_MODEL)


def _without_secrets(obj):
    if _is_password(type(obj), "password"):
        obj.password = NO_PASSWORD
    for label, name in BLANKED:
        if obj._meta.label == label:
            setattr(obj, name, "")
    return obj


def _csv(model, qs):
    names = [f.attname for f in model._meta.concrete_fields]
    secret = [_is_password(model, name) for name in names]
    blank = [(model._meta.label, name) in BLANKED for name in names]

    def rows():
        yield names
        for row in qs.values_list(*names).iterator(chunk_size=2000):
            yield [
                NO_PASSWORD if hide else "" if empty else v
                for v, hide, empty in zip(row, secret, blank, strict=True)
            ]

    return csv_text(rows())


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
