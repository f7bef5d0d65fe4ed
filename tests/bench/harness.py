"""Small helpers for `make bench`: median of several runs, query count, peak memory."""

import gc
import resource
import statistics
import time
import tracemalloc
from dataclasses import dataclass

from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext


@dataclass
class Result:
    name: str
    median_s: float
    runs: int
    queries: int | None = None
    peak_mb: float | None = None
    note: str = ""


def measure(name, fn, *, runs=3, setup=None, note="", trace_memory=True):
    """Run `setup()` then `fn()` `runs` times; report the median time, queries and peak memory.

    Peak memory is tracemalloc's peak of Python allocations during one run (the last one).
    """
    times, queries, peak = [], None, None
    for _ in range(runs):
        if setup:
            setup()
        gc.collect()
        reset_queries()
        if trace_memory:
            tracemalloc.start()
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        if trace_memory:
            peak = tracemalloc.get_traced_memory()[1] / (1024 * 1024)
            tracemalloc.stop()
        queries = len(ctx.captured_queries)
    return Result(name, statistics.median(times), runs, queries, peak, note)


def max_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
