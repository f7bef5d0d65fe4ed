"""`make bench`: run every tests/bench/bench_*.py on a fresh database and print one table.

Each module has `run() -> list[Result]` (see harness.py). Not part of `make test`.
bench_dataset seeds the scale dataset; every later module must leave it as it found it (roll
back in a transaction, or delete what it made). The runner checks that by counting the rows
of every table before and after each module, after removing the sign-in bookkeeping the
benches' logins leave (sessions, django-axes' access log), and fails the run if it did not.
bench_imports runs the largest import files in child processes (tests/bench/import_child.py)
and reports their peak RSS. Usage: python -m tests.bench.run [name-substring ...]
"""

import importlib
import os
import pkgutil
import sys
import time
import traceback

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tillit.settings")
os.environ.setdefault("HTTPS", "0")


def main(argv):
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    import tests.bench as package

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    from tests.bench.harness import Result

    results, failed = [], False
    start = time.perf_counter()
    try:
        for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
            if not info.name.startswith("bench_"):
                continue
            if argv and not any(word in info.name for word in argv):
                continue
            module = importlib.import_module(f"tests.bench.{info.name}")
            print(f"… {info.name}", file=sys.stderr, flush=True)
            started = time.perf_counter()
            before = None if info.name == "bench_dataset" else _row_counts()
            sign_ins = _sign_ins()
            try:
                results.extend(module.run())
            except Exception as exc:  # one broken bench must not hide the rest
                traceback.print_exc()
                note = f"FEL: {type(exc).__name__}: {str(exc)[:80]}"
                results.append(Result(f"{info.name} (avbruten)", 0.0, 0, note=note))
                failed = True
            _remove_sign_ins_since(sign_ins)
            changed = _changed(before, _row_counts()) if before is not None else {}
            if changed:
                note = "FEL: lämnade data efter sig: " + ", ".join(
                    f"{table} {a}→{b}" for table, (a, b) in sorted(changed.items())
                )
                print(f"  {info.name}: {note}", file=sys.stderr)
                results.append(Result(f"{info.name} (städade inte)", 0.0, 0, note=note[:200]))
                failed = True
            print(f"  {info.name}: {time.perf_counter() - started:.0f} s", file=sys.stderr)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    print_table(results)
    print(f"\nHela körningen: {time.perf_counter() - start:.0f} s.")
    if failed:
        sys.exit(1)


def _row_counts():
    from django.db import connection

    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
    return counts


def _changed(before, after):
    return {
        t: (before.get(t, 0), after.get(t, 0))
        for t in before.keys() | after.keys()
        if before.get(t, 0) != after.get(t, 0)
    }


def _sign_ins():
    """What exists of the sign-in bookkeeping now: session keys and the last access log id."""
    from axes.models import AccessLog
    from django.contrib.sessions.models import Session

    last = AccessLog.objects.order_by("-id").values_list("id", flat=True).first()
    return set(Session.objects.values_list("session_key", flat=True)), last or 0


def _remove_sign_ins_since(sign_ins):
    from axes.models import AccessLog
    from django.contrib.sessions.models import Session

    sessions, last = sign_ins
    Session.objects.exclude(session_key__in=sessions).delete()
    AccessLog.objects.filter(id__gt=last).delete()


def print_table(results):
    header = ("benchmark", "median s", "runs", "queries", "peak MB", "note")
    rows = [
        (
            r.name,
            f"{r.median_s:.3f}",
            str(r.runs),
            "" if r.queries is None else str(r.queries),
            "" if r.peak_mb is None else f"{r.peak_mb:.1f}",
            r.note,
        )
        for r in results
    ]
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(header)]
    line = " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))
    print(line)
    print("-+-".join("-" * w for w in widths))
    for row in rows:
        print(" | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))


if __name__ == "__main__":
    main(sys.argv[1:])
