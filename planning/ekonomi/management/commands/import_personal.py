from pathlib import Path

from django.core.management.base import BaseCommand

from planning.ekonomi.importer import import_personal

from ._feeds import read_file, run_import


class Command(BaseCommand):
    help = (
        "Importerar en personalfil (period;enhet;anstallda;ordinarie_timmar;sjuktimmar;"
        "sjuktimmar_60;avslutade). Filens perioder ersätts i sin helhet."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        summary = run_import(import_personal, read_file(file))
        self.stdout.write(f"Importen är klar: {summary}.")
