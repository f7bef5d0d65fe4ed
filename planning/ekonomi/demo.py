"""Demo figures for the Tomelilla demo: ekonomi January to the last closed month, personal for
the 12 months ending there. Imported through the real importer and marked as demo figures, so
every page that shows them says so. Left alone once any figures exist (real imports win)."""

import random

from django.utils import timezone

from tillit.org.models import NodeType, OrgNode

from .importer import import_ekonomi, import_personal
from .models import FeedPeriod
from .series import closed_months, ekonomi_csv, last_closed_month, personal_csv

SEED = 1270
# A few small units, so that the suppression of small groups shows in the demo.
SMALL = {"FSK-BRO": 4, "GRU-SME": 6, "LSS-DV": 3, "FF-INT": 2}


def seed(ctx):
    if FeedPeriod.objects.exists():
        return
    last = last_closed_month(timezone.localdate())
    nodes = [
        (n.kod, n.numchild == 0)
        for n in OrgNode.objects.exclude(typ__in=[NodeType.KOMMUN, NodeType.BOLAG])
    ]

    ekonomi = import_ekonomi(
        ekonomi_csv(nodes, closed_months(last, last.month), seed=SEED), demo=True
    )
    personal = import_personal(
        personal_csv(
            nodes,
            closed_months(last, 12),
            seed=SEED,
            headcount=_headcount,
            no_staff=set(OrgNode.objects.boards().values_list("kod", flat=True)),
        ),
        demo=True,
    )
    ctx["log"].append(
        f"Ekonomi och personal (demosiffror): {ekonomi.rows} ekonomirader, "
        f"{personal.rows} personalrader till {last:%Y-%m}."
    )


def _headcount(kod, leaf):
    if kod in SMALL:
        return SMALL[kod]
    rng = random.Random(f"{SEED}:staff:{kod}")
    # The staff of the levels above sit in their own units (a kansli, an avdelning).
    return rng.randint(12, 45) if leaf else 0
