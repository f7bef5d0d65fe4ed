"""Demo data for the planning app (called by `manage.py seed_demo`)."""

from .demo_chain import seed_chain
from .nyckeltal.demo import seed_kolada


def seed(ctx):
    seed_kolada(ctx)
    seed_chain(ctx)
