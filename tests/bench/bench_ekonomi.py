"""Ekonomi and personal on the scale kommun: importing 12 months for all ~3,023 units (3 posts:
~109,000 rows; targets ≤ 30 s and ≤ 200 MB RSS rise), the two result exports for one period over
the whole kommun (≤ 1 s each), and the figures page of the kommun and of a förvaltning.

The imports replace the months seed_scale wrote; everything runs inside a transaction that is
rolled back, so the dataset is left as it was found (checked at the end)."""

import gc
import json
import os
import threading
import tracemalloc

from django.conf import settings
from django.db import transaction
from django.test import Client

from planning.ekonomi.importer import import_ekonomi, import_personal
from planning.ekonomi.models import EkonomiRow, FeedPeriod, PersonalRow
from planning.ekonomi.results import ekonomi_export, personal_export
from planning.ekonomi.scale import scale_nodes
from planning.ekonomi.series import closed_months, ekonomi_csv, last_closed_month, personal_csv
from tests.bench.harness import measure
from tests.bench.scale import ensure_scale
from tillit.csvimport import ImportError_
from tillit.org.models import OrgNode

PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def current_rss_mb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE_SIZE / (1024 * 1024)


class RssPeak:
    """The highest resident set size while the block runs, sampled every 5 ms, minus the RSS
    at its start (ru_maxrss cannot tell: seed_scale's peak in the same process is higher)."""

    def __enter__(self):
        gc.collect()
        self.start = self.peak = current_rss_mb()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self):
        while not self._stop.wait(0.005):
            self.peak = max(self.peak, current_rss_mb())

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, current_rss_mb())
        self.rise = self.peak - self.start


class _Rollback(Exception):
    pass


def fingerprint():
    return (
        EkonomiRow.objects.count(),
        PersonalRow.objects.count(),
        list(FeedPeriod.objects.order_by("feed", "period").values_list("feed", "period", "rows")),
        EkonomiRow.objects.order_by("-id").values_list("id", flat=True).first(),
    )


def run():
    ensure_scale()
    settings.ALLOWED_HOSTS = ["*"]
    before = fingerprint()
    nodes = scale_nodes(OrgNode.objects.all())
    months = closed_months(last_closed_month(time_today()), 12)
    ekonomi_text = ekonomi_csv(nodes, months, seed=7).encode("utf-8")
    personal_text = personal_csv(nodes, months, seed=7).encode("utf-8")
    results = []
    try:
        with transaction.atomic():
            results += _imports(ekonomi_text, personal_text, len(nodes))
            results += _exports(months[-1])
            results += _pages(months[-1])
            raise _Rollback
    except _Rollback:
        pass
    assert fingerprint() == before, "bench_ekonomi changed the dataset"
    return results


def time_today():
    from django.utils import timezone

    return timezone.localdate()


def _imports(ekonomi_text, personal_text, units):
    rows = ekonomi_text.count(b"\n") - 1
    results = []
    for name, data, function, count in [
        ("import_ekonomi", ekonomi_text, import_ekonomi, rows),
        ("import_personal", personal_text, import_personal, personal_text.count(b"\n") - 1),
    ]:
        timed = measure(
            f"{name}: 12 månader",
            lambda function=function, data=data: function(data),
            runs=3,
            trace_memory=False,
        )
        with RssPeak() as rss:
            function(data)
        tracemalloc.start()
        function(data)
        python_peak = tracemalloc.get_traced_memory()[1] / (1024 * 1024)
        tracemalloc.stop()
        timed.peak_mb = rss.rise
        timed.note = (
            f"{_n(count)} rader för {_n(units)} enheter, ersätter befintliga månader; "
            f"minne = RSS-ökning (Python-allokeringar: högst {python_peak:.0f} MB)"
        )
        results.append(timed)
    bad = ekonomi_text + b"2026-01;FINNS-EJ;intakter;1;1;1;1\n"

    def rejected():
        try:
            import_ekonomi(bad)
        except ImportError_:
            return
        raise AssertionError("the bad file was accepted")

    refused = measure("import_ekonomi: ett fel (avvisas)", rejected, runs=1, trace_memory=False)
    refused.note = f"{_n(rows + 1)} rader, ingenting sparas"
    results.append(refused)
    return results


def _n(number):
    return f"{number:,}".replace(",", " ")


def _exports(period):
    e = measure(
        f"ekonomi_results {period:%Y-%m}, hela kommunen",
        lambda: json.dumps(ekonomi_export(period)),
        runs=5,
        trace_memory=False,
    )
    e.note = f"{len(ekonomi_export(period)['results'])} enheter, en SQL-fråga"
    p = measure(
        f"personal_results {period:%Y-%m}, hela kommunen",
        lambda: json.dumps(personal_export(period)),
        runs=5,
        trace_memory=False,
    )
    data = personal_export(period)
    hidden = sum(1 for r in data["results"] if r["suppressed"])
    p.note = f"{len(data['results'])} enheter, {hidden} skyddade; en SQL-fråga + skyddet"
    return [e, p]


def _pages(period):
    results = []
    for name, username, kod in [
        ("ekonomi och personal, kommunen, admin", "admin", "GBG"),
        ("ekonomi och personal, förvaltning, fc", "fc.F3", "F3"),
        ("ekonomi och personal, nämnd, förtroendevald", "pol0.N3", "N3"),
    ]:
        client = Client()
        client.force_login(_user(username))
        path = f"/ekonomi/{kod}/?period={period:%Y-%m}"

        def get(client=client, path=path):
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)

        results.append(measure(name, get, runs=5, trace_memory=False))
    return results


def _user(username):
    from tillit.org.models import User

    return User.objects.get(username=username)
