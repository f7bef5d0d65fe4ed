"""Peak memory of the largest files the imports accept (csvimport.MAX_ROWS), each in a child
process of its own (ru_maxrss from os.wait4, through the small launcher in import_child.py: a
direct child of this process would inherit this process's peak): the HME answers through
`import_hme` (the computation of the round runs in-process, no broker) and the local nyckeltal
values through the import job a big web upload becomes, new and then replacing them all.
Required: ≤ 200 MB (issue 14, finding 9). Everything made is removed again (a round of a year
no one uses, nyckeltal of the bench's own, a user of its own)."""

import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

from planning.models import Nyckeltal, NyckeltalSource
from surveys.models import HmeRound
from tests.bench.harness import Result
from tests.bench.scale import KOMMUN, ensure_scale
from tillit.csvimport import MAX_ROWS
from tillit.org.models import NodeType, OrgNode, User

LIMIT_MB = 200
HME_YEAR = 2099  # no round of the scale dataset; removed afterwards
KPI_PREFIX = "BENCH-IMP-"
USERNAME = "bench-import"
BASE_DIR = Path(settings.BASE_DIR)


def _child_env(media):
    db = connection.settings_dict
    env = dict(os.environ)
    env.pop("CELERY_BROKER_URL", None)  # tasks in-process: the child does all the work
    auth = db["USER"] or ""
    if db.get("PASSWORD"):
        auth += f":{db['PASSWORD']}"
    env["DATABASE_URL"] = (
        f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )
    env["MEDIA_ROOT"] = str(media)
    env["PYTHONPATH"] = str(BASE_DIR)
    return env


def _run_child(args, media):
    """(seconds, peak RSS in MB, stdout) of `python args…`, run by the launcher in
    import_child.py (a direct child of this process would report this process's peak)."""
    report = Path(media) / "rusage.json"
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        launcher = ["-m", "tests.bench.import_child", "measure", str(report)]
        code = subprocess.call(
            [sys.executable, *launcher, *args],
            cwd=BASE_DIR,
            env=_child_env(media),
            stdout=out,
            stderr=err,
        )
        seconds = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        out, err = out.read(), err.read()
    usage = json.loads(report.read_text())
    if code != 0 or usage["exit"] != 0:
        raise RuntimeError(f"{args[:3]} failed: {err.decode()[-800:]}")
    return seconds, usage["maxrss_kb"] / 1024, out.decode()


def _result(name, seconds, peak, note):
    ok = "ok" if peak <= LIMIT_MB else f"FEL: över {LIMIT_MB} MB"
    print(f"  {name}: {seconds:.0f} s, {peak:.0f} MB", file=sys.stderr, flush=True)
    return Result(name, seconds, 1, None, peak, f"{ok}; {note}")


def _units():
    kommun = OrgNode.objects.get(kod=KOMMUN)
    return list(
        OrgNode.objects.filter(path__startswith=kommun.path, typ=NodeType.ENHET)
        .order_by("path")
        .values_list("kod", flat=True)
    )


def _hme_file(path, units, rows):
    rng = random.Random(14)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("enhet;kon;f1;f2;f3;f4;f5;f6;f7;f8;f9\n")
        for i in range(rows):
            answers = ";".join(str(rng.randint(1, 5)) for _ in range(9))
            f.write(f"{units[i % len(units)]};{'KM'[i % 2]};{answers}\n")


def _nyckeltal_file(path, codes, units, rows):
    """`rows` distinct (nyckeltal, enhet, period, kön) rows, with Swedish decimal commas."""
    rng = random.Random(9)
    written = 0
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("nyckeltal;enhet;period;kon;varde\n")
        for code in codes:
            for year in range(2011, 2026):
                for gender in "TKM":
                    for unit in units:
                        if written == rows:
                            return
                        f.write(f"{code};{unit};{year};{gender};{rng.randint(0, 9999)},5\n")
                        written += 1
    raise RuntimeError("too few combinations for the nyckeltal file")


def _clean():
    HmeRound.objects.filter(year=HME_YEAR).delete()
    Nyckeltal.objects.filter(code__startswith=KPI_PREFIX).delete()
    User.objects.filter(username=USERNAME).delete()


def run():
    ensure_scale()
    units = _units()
    results = []
    tmp = Path(tempfile.mkdtemp(prefix="bench-imports-"))
    try:
        _clean()
        User.objects.create_superuser(USERNAME, f"{USERNAME}@example.invalid", None)
        # HME: the largest file, through the command kommuner script against.
        rows = MAX_ROWS["hme"]
        hme = tmp / "hme.csv"
        _hme_file(hme, units, rows)
        seconds, peak, _out = _run_child(
            ["manage.py", "import_hme", "--year", str(HME_YEAR), str(hme)], tmp
        )
        size = hme.stat().st_size / 1e6
        results.append(
            _result(
                f"import_hme: {rows} svar (största fil)",
                seconds,
                peak,
                f"{size:.0f} MB fil, {len(units)} enheter, beräkning i processen",
            )
        )
        # Local nyckeltal: the largest file, through the import job, new and replacing.
        rows = MAX_ROWS["nyckeltal"]
        per_kpi = 15 * 3 * len(units)
        codes = [f"{KPI_PREFIX}{i}" for i in range(-(-rows // per_kpi))]
        Nyckeltal.objects.bulk_create(
            Nyckeltal(code=c, title=f"Lokalt bänknyckeltal {c}", source=NyckeltalSource.LOCAL)
            for c in codes
        )
        values = tmp / "nyckeltal.csv"
        _nyckeltal_file(values, codes, units, rows)
        size = values.stat().st_size / 1e6
        for label in ("nya", "ersätter alla"):
            seconds, peak, out = _run_child(
                [
                    "-m",
                    "tests.bench.import_child",
                    "job",
                    "nyckeltal",
                    str(values),
                    USERNAME,
                    KOMMUN,
                ],
                tmp,
            )
            if '"status": "done"' not in out:
                raise RuntimeError(f"nyckeltal job: {out[:300]}")
            results.append(
                _result(
                    f"nyckeltal-import (jobb): {rows} värden, {label}",
                    seconds,
                    peak,
                    f"{size:.0f} MB fil",
                )
            )
    finally:
        _clean()
        shutil.rmtree(tmp, ignore_errors=True)
    return results
