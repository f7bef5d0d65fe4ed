"""HME at Göteborg size: 60,000 respondents over ~3,000 units (depth 6), computed end to end
(one aggregate query, roll-up by path prefixes, suppression and subtraction protection, results
stored), against the floor of one plain SQL aggregate over the same answers."""

import random
import time

from django.db import connection

from surveys.hme import compute_round, export_round
from surveys.models import HmeResponse, HmeResult, HmeRound
from tests.bench.bench_org_import import generated_tree
from tests.bench.harness import measure
from tillit.org.importer import import_org
from tillit.org.models import OrgNode

RESPONDENTS = 60_000


def build():
    text, count = generated_tree(3000)
    import_org(text)
    nodes = list(OrgNode.objects.values_list("id", "depth"))
    rng = random.Random(60)
    # Most answers belong to the enheter (depth 6), some to every level above.
    leaves = [pk for pk, depth in nodes if depth == 6]
    others = [pk for pk, depth in nodes if depth < 6]
    rnd = HmeRound.objects.create(year=2030, status=HmeRound.Status.CLOSED)
    # Uneven unit sizes, as in life: some units fall below the minimum group size.
    weights = [rng.paretovariate(1.5) for _ in leaves]
    rows = []
    for _ in range(RESPONDENTS):
        node = rng.choices(leaves, weights)[0] if rng.random() < 0.9 else rng.choice(others)
        answers = [rng.choice((1, 2, 3, 4, 4, 4, 5, 5, None)) for _ in range(9)]
        rows.append(
            HmeResponse(
                round=rnd,
                node_id=node,
                gender=rng.choice("KKKM "),
                **{f"f{i}": a for i, a in enumerate(answers, start=1)},
            )
        )
    start = time.perf_counter()
    HmeResponse.objects.bulk_create(rows, batch_size=5000)
    return rnd, count, time.perf_counter() - start


def floor(rnd):
    columns = ", ".join(f"AVG(f{i})" for i in range(1, 10))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT node_id, COUNT(*), {columns} FROM surveys_hmeresponse "  # noqa: S608
            "WHERE round_id = %s GROUP BY node_id",
            [rnd.pk],
        )
        return cursor.fetchall()


def run():
    rnd, units, insert_s = build()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE surveys_hmeresponse")
    sql = measure(
        f"HME golv: en SQL-aggregering, {RESPONDENTS} svar",
        lambda: floor(rnd),
        runs=5,
        trace_memory=False,
        note="AVG per påstående GROUP BY enhet",
    )
    full = measure(
        f"HME compute_round: {RESPONDENTS} svar, {units} enheter",
        lambda: compute_round(rnd.pk),
        runs=3,
        trace_memory=False,  # tracemalloc triples the time of Python-heavy code
    )
    stored = HmeResult.objects.filter(round=rnd).count()
    hidden = HmeResult.objects.filter(round=rnd, group="T", suppressed=True).count()
    full.note = (
        f"{stored} resultat lagrade ({hidden} dolda); {full.median_s / sql.median_s:.1f}× golvet;"
        f" insättning av svaren {insert_s:.1f} s"
    )
    export = measure(
        "HME export_round (JSON-data)", lambda: export_round(rnd), runs=3, trace_memory=False
    )
    return [sql, full, export]
