from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from surveys.hme.importer import import_hme
from tillit.org.importer import ImportError_


class Command(BaseCommand):
    help = "Importerar HME-svar (enhet;kon;f1;…;f9) för ett år och beräknar resultaten."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("file")

    def handle(self, *args, year, file, **options):
        try:
            data = Path(file).read_bytes()
        except OSError as exc:
            raise CommandError(f"Filen kan inte läsas: {exc}") from exc
        try:
            result = import_hme(year, data)
        except ImportError_ as exc:
            raise CommandError("Filen importerades inte:\n" + "\n".join(exc.errors)) from exc
        self.stdout.write(result.summary())
