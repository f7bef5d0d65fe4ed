from django.utils import timezone

from tillit.cycle.models import planperiod_create


def seed(ctx):
    period = planperiod_create(budget_year=timezone.localdate().year + 1, make_current=True)
    ctx["planperiod"] = period
    ctx["log"].append(f"Årshjul: {period}.")
