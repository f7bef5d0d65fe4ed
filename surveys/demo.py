"""Demo data for the surveys app (called by `seed_demo`)."""

from .demo_hme import seed_hme


def seed(ctx):
    seed_hme(ctx)
