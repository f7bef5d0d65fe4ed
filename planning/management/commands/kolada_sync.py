from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from planning.models.nyckeltal import KoladaSyncRun, SyncStatus
from planning.nyckeltal.sync import set_comparisons
from planning.nyckeltal.tasks import kolada_sync_task


def year_range(text):
    try:
        if "-" in text:
            first, last = (int(x) for x in text.split("-", 1))
        else:
            first = last = int(text)
    except ValueError:
        raise CommandError(f"Ogiltiga år: {text!r} (skriv t.ex. 2019-2025).") from None
    if first > last or not 1990 <= first <= 2100:
        raise CommandError(f"Ogiltiga år: {text!r} (skriv t.ex. 2019-2025).")
    return first, last


class Command(BaseCommand):
    help = "Hämtar nyckeltal som används från Kolada för kommunen, riket och jämförelsekommuner."

    def add_arguments(self, parser):
        this_year = timezone.now().year
        parser.add_argument("--years", default=f"{this_year - 7}-{this_year - 1}")
        parser.add_argument("--kpi", action="append", default=[], help="KPI-id, t.ex. N15419")
        parser.add_argument("--compare", help="Jämförelsekommuner, t.ex. 1214,1273")
        parser.add_argument(
            "--full",
            action="store_true",
            help="Hämta allt igen, inte bara det som ändrats sedan förra lyckade hämtningen.",
        )

    def handle(self, *args, years, kpi, compare, full, **options):
        first, last = year_range(years)
        kpis = [k.strip() for part in kpi for k in part.split(",") if k.strip()]
        if compare is not None:
            set_comparisons(compare.split(","))
        run = KoladaSyncRun.objects.create(first_year=first, last_year=last, kpis=kpis, full=full)
        kolada_sync_task(run.pk)  # in-process: the command waits for the result
        run.refresh_from_db()
        if run.status != SyncStatus.OK:
            raise CommandError(run.message)
        self.stdout.write(run.message)
