"""The benchmark kommun's choices for the public results page (called by `seed_scale`): the
same as the demo's, every nämnd shows everything."""

from .demo import seed as seed_demo_choices


def seed(ctx):
    seed_demo_choices({"log": ctx["log"]})
