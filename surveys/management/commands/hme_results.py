import json

from django.core.management.base import BaseCommand, CommandError

from surveys.hme.results import export_round
from surveys.models import HmeRound


class Command(BaseCommand):
    help = "Skriver ut ett års HME-resultat i HME.md:s exportformat."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", choices=["json"], default="json")

    def handle(self, *args, year, **options):
        rnd = HmeRound.objects.filter(year=year).first()
        if rnd is None:
            raise CommandError(f"Det finns ingen HME-omgång för {year}.")
        if not rnd.is_computed:
            raise CommandError(f"HME {year} är inte beräknad ännu.")
        self.stdout.write(json.dumps(export_round(rnd), ensure_ascii=False, indent=2))
