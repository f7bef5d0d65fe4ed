from django.core.management.base import BaseCommand, CommandError

from planning.internkontroll.importer import ImportError_, import_risker


class Command(BaseCommand):
    help = (
        "Importerar ett riskregister (CSV, ; , UTF-8 eller Windows-1252) med rubrikraden "
        "namnd;ar;risk;beskrivning;process;sannolikhet;konsekvens;beslut. Ett fel stoppar "
        "hela filen."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        with open(file, "rb") as f:
            data = f.read()
        try:
            result = import_risker(data)
        except ImportError_ as exc:
            raise CommandError("Filen importerades inte:\n" + "\n".join(exc.errors)) from exc
        self.stdout.write(f"Importen är klar: {result.summary()}")
