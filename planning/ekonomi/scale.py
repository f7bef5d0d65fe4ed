"""Ekonomi and personal for the Göteborg-size kommun of `seed_scale`: the 12 months ending at
the last closed month, three posts for every one of the ~3,023 units (~109,000 rows) and a
personal row per unit and month, through the real importer. Deterministic with ctx["seed"]."""

from django.utils import timezone

from .importer import import_ekonomi, import_personal
from .series import closed_months, ekonomi_csv, last_closed_month, personal_csv


def scale_nodes(nodes):
    """[(kod, leaf)] for every node, in tree order."""
    ordered = sorted(nodes, key=lambda n: n.path)
    return [(n.kod, n.numchild == 0) for n in ordered]


def seed(ctx):
    months = closed_months(last_closed_month(timezone.localdate()), 12)
    nodes = scale_nodes(ctx["nodes"].values())
    ekonomi = import_ekonomi(ekonomi_csv(nodes, months, seed=ctx["seed"]))
    boards = {n.kod for n in ctx["nodes"].values() if n.is_board}
    personal = import_personal(personal_csv(nodes, months, seed=ctx["seed"], no_staff=boards))
    ctx["ekonomi_months"] = months
    ctx["log"].append(
        f"Ekonomi och personal: {ekonomi.rows} ekonomirader, {personal.rows} personalrader, "
        f"{months[0]:%Y-%m}–{months[-1]:%Y-%m}."
    )
