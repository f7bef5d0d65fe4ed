import json

from django.core.management.base import BaseCommand, CommandError

from surveys.kompass.importer import parse_kind
from surveys.kompass.rules import export_dict
from surveys.kompass.services import evaluation_profile
from surveys.models import EvaluationKind, KompassEvaluation
from tillit.org.importer import ImportError_


class Command(BaseCommand):
    help = "Skriver ut en Kommunkompass-utvärderings poäng och procent som JSON."

    def add_arguments(self, parser):
        parser.add_argument("--kommun", help="kommunens kod (utelämnas för --kind referens)")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", default="json", choices=["json"])
        parser.add_argument("--kind", default="extern", help="extern (standard), själv, referens")

    def handle(self, *args, kommun, year, kind, **options):
        try:
            kind = parse_kind(kind)
        except ImportError_ as exc:
            raise CommandError(exc.errors[0]) from exc
        qs = KompassEvaluation.objects.filter(year=year, kind=kind).select_related("version")
        if kind != EvaluationKind.REFERENS:
            qs = qs.filter(node__kod=kommun)
        evaluation = qs.first()
        profile = evaluation_profile(evaluation) if evaluation else None
        if profile is None:
            label = dict(EvaluationKind.choices)[kind].lower()
            where = f" för {kommun}" if kind != EvaluationKind.REFERENS else ""
            raise CommandError(f"Det finns ingen {label}{where} år {year}.")
        kod = kommun if kind != EvaluationKind.REFERENS else None
        data = export_dict(kod, year, str(kind), profile)
        self.stdout.write(json.dumps(data, ensure_ascii=False))
