from pathlib import Path

from django.core.management.base import BaseCommand

from planning.ekonomi.importer import import_ekonomi

from ._feeds import read_file, run_import


class Command(BaseCommand):
    help = (
        "Importerar en ekonomifil (period;enhet;post;budget_helar;budget_ack;utfall_ack;"
        "prognos_helar). Filens perioder ersätts i sin helhet."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        summary = run_import(import_ekonomi, read_file(file))
        self.stdout.write(f"Importen är klar: {summary}.")
