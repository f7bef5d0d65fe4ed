"""`seed_scale`: the Göteborg-size kommun every other benchmark runs on, with per-module times.

Runs first (alphabetical order); later modules find the data and do not seed again."""

import sys

from tests.bench.harness import Result, max_rss_mb
from tests.bench.scale import ensure_scale


def run():
    timings = ensure_scale()
    if not timings:
        return [Result("seed_scale (fanns redan)", 0.0, 0, note="data fanns redan i databasen")]
    for line in timings["log"]:
        if not line.startswith(("  ", "Klart")):
            print("   ", line, file=sys.stderr)
    results = [
        Result(
            "seed_scale: hela kommunen",
            timings["total"],
            1,
            None,
            max_rss_mb(),
            note="3 023 enheter, 60 000 HME-svar; minne = processens max RSS",
        )
    ]
    results += [Result(f"seed_scale: {module}", s, 1) for module, s in timings["modules"]]
    return results
