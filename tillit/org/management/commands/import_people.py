from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tillit.org.people import ImportError_, import_people


class Command(BaseCommand):
    help = (
        "Importerar personer och roller från HR-systemets fil "
        "(personid;namn;epost;enhet;roll;stodfunktion)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Visa vad som skulle hända, spara inget."
        )
        parser.add_argument(
            "--deactivate-missing",
            action="store_true",
            help="Avaktivera personer från en tidigare fil som inte finns i den här.",
        )

    def handle(self, *args, file, dry_run, deactivate_missing, **options):
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Kan inte läsa {file}: {exc.strerror}") from exc
        try:
            plan = import_people(data, deactivate_missing=deactivate_missing, dry_run=dry_run)
        except ImportError_ as exc:
            raise CommandError(
                "Filen importerades inte; inget har sparats.\n" + "\n".join(exc.errors)
            ) from exc
        if dry_run:
            self.stdout.write(f"Provkörning, inget har sparats: {plan.summary()}")
        else:
            self.stdout.write(f"Importen är klar: {plan.summary()}")
