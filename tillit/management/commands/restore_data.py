from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tillit.portability import RestoreError, restore_zip


class Command(BaseCommand):
    help = "Återställer en export från export_data till en ny, tom installation."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        try:
            count = restore_zip(file)
        except (RestoreError, OSError) as exc:
            raise CommandError(f"Återställningen avbröts; inget har sparats. {exc}") from exc
        self.stdout.write(f"Återställde {count} poster från {file}.")
