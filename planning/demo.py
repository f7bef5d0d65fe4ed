from .demo_kolada import seed_kolada


def seed(ctx):
    seed_kolada(ctx)
