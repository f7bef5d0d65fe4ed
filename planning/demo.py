"""Demo data for the planning app (called by `manage.py seed_demo`)."""

from .demo_chain import seed_chain


def seed(ctx):
    seed_chain(ctx)
