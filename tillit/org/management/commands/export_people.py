from django.core.management.base import BaseCommand

from tillit.org.people import exported_text


class Command(BaseCommand):
    help = (
        "Skriver personer och roller från personfilen i importformatet "
        "(personid;namn;epost;enhet;roll;stodfunktion), sorterat på personid, enhet, roll."
    )

    def handle(self, *args, **options):
        self.stdout.write(exported_text(), ending="")
