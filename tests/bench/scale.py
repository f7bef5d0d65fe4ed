"""The Göteborg-size dataset every benchmark runs on: seeded once per `make bench` run."""

import io
import time

from django.core.management import call_command

from tillit.org.scale import SCALE_PASSWORD  # noqa: F401  (re-exported for the benches)

KOMMUN = "GBG"
_timings = {}


def scale_present():
    from surveys.models import HmeRound
    from tillit.org.models import OrgNode

    kommun = OrgNode.objects.filter(kod=KOMMUN, depth=1).first()
    return (
        kommun is not None
        and HmeRound.objects.filter(results__node=kommun).exists()
        and OrgNode.objects.filter(path__startswith=kommun.path).count() > 1000
    )


def ensure_scale():
    """Seed the dataset with `seed_scale` unless it is already there; returns the timings of
    the seeding this process did: {"total": s, "modules": [(module, s)], "log": [...]}."""
    if not scale_present():
        out = io.StringIO()
        start = time.perf_counter()
        call_command("seed_scale", stdout=out)
        _timings["total"] = time.perf_counter() - start
        _timings["log"] = out.getvalue().splitlines()
        _timings["modules"] = [
            (line.split(":")[0].strip(), float(line.split(":")[1].strip().split()[0]))
            for line in _timings["log"]
            if line.startswith("  ") and line.rstrip().endswith(" s")
        ]
    return _timings
