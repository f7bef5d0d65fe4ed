"""Demo data for the planning app (called by `manage.py seed_demo`)."""

from .demo_chain import seed_chain
from .demo_kolada import seed_kolada


def seed(ctx):
    seed_kolada(ctx)
    seed_chain(ctx)
