from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tillit.org.importer import ImportError_, import_org


class Command(BaseCommand):
    help = "Importerar organisationsträdet från en CSV-fil (kod;namn;typ;foralder)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Kan inte läsa {file}: {exc.strerror}") from exc
        try:
            result = import_org(data)
        except ImportError_ as exc:
            raise CommandError(
                "Filen importerades inte; inget har sparats.\n" + "\n".join(exc.errors)
            ) from exc
        self.stdout.write(f"Importen är klar: {result.summary()}")
