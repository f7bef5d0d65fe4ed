from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from surveys.kompass.importer import import_points, parse_kind
from surveys.models import EvaluationKind
from tillit.org.importer import ImportError_
from tillit.org.models import OrgNode


class Command(BaseCommand):
    help = (
        "Importerar Kommunkompassens poäng (delomrade;poang) för en kommun och ett år. "
        "Det nationella snittet importeras med --kind referens (utan --kommun)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--kommun", help="kommunens kod i organisationsträdet")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument(
            "--kind", default="extern", help="extern (standard), själv/sjalv eller referens"
        )
        parser.add_argument("file", type=Path)

    def handle(self, *args, kommun, year, kind, file, **options):
        try:
            kind = parse_kind(kind)
        except ImportError_ as exc:
            raise CommandError(exc.errors[0]) from exc
        node = None
        if kind != EvaluationKind.REFERENS:
            if not kommun:
                raise CommandError("Ange kommunen med --kommun KOD.")
            node = OrgNode.objects.filter(kod=kommun).first()
            if node is None:
                raise CommandError(f"Kommunen med kod {kommun!r} finns inte.")
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Kan inte läsa {file}: {exc.strerror}") from exc
        try:
            evaluation = import_points(data=data, year=year, kind=kind, node=node)
        except ImportError_ as exc:
            raise CommandError(
                "Filen importerades inte; inget har sparats.\n" + "\n".join(exc.errors)
            ) from exc
        self.stdout.write(
            f"Importen är klar: {evaluation} ({evaluation.points.count()} delområden)."
        )
