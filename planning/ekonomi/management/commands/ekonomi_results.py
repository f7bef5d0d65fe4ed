import json

from django.core.management.base import BaseCommand

from planning.ekonomi.results import ekonomi_export

from ._feeds import period_argument


class Command(BaseCommand):
    help = "Skriver ut ekonomins nettosiffror per enhet för en period."

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="ÅÅÅÅ-MM")
        parser.add_argument("--format", choices=["json"], default="json")

    def handle(self, *args, period, **options):
        data = ekonomi_export(period_argument(period))
        self.stdout.write(json.dumps(data, ensure_ascii=False))
