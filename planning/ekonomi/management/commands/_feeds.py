"""What the four feed commands share: reading the file, the period argument."""

from django.core.management.base import CommandError

from planning.ekonomi.importer import parse_period
from tillit.csvimport import ImportError_


def read_file(path):
    try:
        return path.read_bytes()
    except OSError as exc:
        raise CommandError(f"Kan inte läsa {path}: {exc.strerror}") from exc


def run_import(function, data):
    try:
        return function(data)
    except ImportError_ as exc:
        raise CommandError(
            "Filen importerades inte; inget har sparats.\n" + "\n".join(exc.errors)
        ) from exc


def period_argument(text):
    try:
        return parse_period(text)
    except ValueError:
        raise CommandError(f"--period {text!r}: ange en månad som ÅÅÅÅ-MM.") from None
