import time
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction


class Command(BaseCommand):
    help = (
        "Bygger en kommun i Göteborgs storlek (3 000 enheter, 60 000 medarbetare) för "
        "prestandamätningar. Körs på en tom databas."
    )

    def add_arguments(self, parser):
        parser.add_argument("--units", type=int, default=3000)
        parser.add_argument("--employees", type=int, default=60000)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, units, employees, seed, **options):
        ctx = {"units": units, "employees": employees, "seed": seed, "log": []}
        start = time.perf_counter()
        try:
            with transaction.atomic():
                run_scale_seeds(ctx)
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        # Fresh statistics for the planner: right after a bulk load PostgreSQL believes the
        # new tables are empty and picks nested loops that cost seconds (an HME results page:
        # 460 ms → 8 ms) until autovacuum gets round to analysing them.
        analysed = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        ctx["timings"].append(("ANALYZE", time.perf_counter() - analysed))
        for line in ctx["log"]:
            self.stdout.write(line)
        for module, seconds in ctx["timings"]:
            self.stdout.write(f"  {module}: {seconds:.1f} s")
        self.stdout.write(f"Klart på {time.perf_counter() - start:.1f} s.")


def run_scale_seeds(ctx):
    """Every app's `scale.py` `seed(ctx)`, in INSTALLED_APPS order; ctx["timings"] gets
    (module, seconds) for each."""
    ctx.setdefault("timings", [])
    for config in apps.get_app_configs():
        module = f"{config.name}.scale"
        if find_spec(module) is not None:
            start = time.perf_counter()
            import_module(module).seed(ctx)
            ctx["timings"].append((module, time.perf_counter() - start))
    return ctx
