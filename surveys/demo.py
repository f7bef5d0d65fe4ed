"""Demo data for the surveys app (called by `seed_demo`)."""

from .demo_hme import seed_hme
from .demo_kompass import seed_kompass


def seed(ctx):
    seed_hme(ctx)
    seed_kompass(ctx)
