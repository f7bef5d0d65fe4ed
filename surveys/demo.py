"""Demo data for the surveys app (called by `seed_demo`)."""

from .hme.demo import seed_hme
from .kompass.demo import seed_kompass


def seed(ctx):
    seed_hme(ctx)
    seed_kompass(ctx)
