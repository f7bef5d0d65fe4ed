from pathlib import Path

from django.core.management.base import BaseCommand

from tillit.portability import export_zip


class Command(BaseCommand):
    help = (
        "Exporterar Tillits data till en zip-fil (JSON för återställning, CSV, filer). "
        "Lösenord och enkätlänkar följer aldrig med; råa HME-svar bara med "
        "--include-raw-hme-answers."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--include-raw-hme-answers",
            action="store_true",
            help="Ta med de enskilda HME-svaren (enhet, kön, datum, svar) för att flytta dem "
            "till en annan installation. Filen blir då känslig: hantera den som personuppgifter.",
        )

    def handle(self, *args, file, include_raw_hme_answers, **options):
        manifest = export_zip(file, include_raw_hme_answers=include_raw_hme_answers)
        total = sum(manifest["models"].values())
        self.stdout.write(
            f"Exporterade {total} poster i {len(manifest['models'])} tabeller till {file}."
        )
        if include_raw_hme_answers:
            self.stdout.write("Exporten innehåller råa HME-svar.")
