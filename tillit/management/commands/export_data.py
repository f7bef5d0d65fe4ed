from pathlib import Path

from django.core.management.base import BaseCommand

from tillit.portability import export_zip


class Command(BaseCommand):
    help = "Exporterar all data i Tillit till en zip-fil (JSON för återställning, CSV, filer)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        manifest = export_zip(file)
        total = sum(manifest["models"].values())
        self.stdout.write(
            f"Exporterade {total} poster i {len(manifest['models'])} tabeller till {file}."
        )
