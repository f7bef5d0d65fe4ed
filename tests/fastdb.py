"""The test database's two slow chores, done fast (see README, "How `make test` stays fast").

1. **Emptying the database after a transactional test** (live server, real Celery worker).
   Django's `flush` truncates every table and then recreates the content types and permissions
   it has just removed: about a second per test here. `clear()` deletes only from the tables that
   hold rows, keeps the content types, the permissions and the Kommunkompassen framework (data a
   migration loads, see `load_framework`), and skips the foreign-key triggers while it does so.
2. **The Tomelilla demo.** Seeding it takes ~10 s of CPU. The first worker to need it seeds it
   and writes every non-empty table to a file with PostgreSQL's binary `COPY`; every later
   seeding, on any worker, copies the file back in (well under a second). The file lives for one
   test run (its name carries the run's id) and is guarded by a file lock, so two workers never
   seed at once. Ids are the same in every copy, so results keyed by URL (the crawl in
   tests/tillit/test_crawler.py) can be shared between the workers too: `shared_json`.
"""

import fcntl
import json
import os
import shutil
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path

from django.core.management.color import no_style
from django.db import connection, transaction
from django.test import TransactionTestCase

RUN_ID = uuid.uuid4().hex[:12]


def configure(config):
    """Called from `pytest_configure`: one id for the controller and its xdist workers (they are
    started after this and inherit the environment)."""
    global RUN_ID
    if getattr(config, "workerinput", None) is None:
        os.environ["TILLIT_TEST_RUN_ID"] = RUN_ID
    else:
        RUN_ID = os.environ.get("TILLIT_TEST_RUN_ID") or config.workerinput["testrunuid"][:12]


def _run_dir():
    path = Path(tempfile.gettempdir()) / f"tillit-tests-{RUN_ID}"
    path.mkdir(exist_ok=True)
    return path


def remove_run_files():
    """At the end of the run (the controller, or a run without workers): the demo's copy and the
    shared results go."""
    shutil.rmtree(Path(tempfile.gettempdir()) / f"tillit-tests-{RUN_ID}", ignore_errors=True)


@contextmanager
def run_lock(name):
    """A lock shared by every worker of this test run."""
    with open(_run_dir() / f"{name}.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# --- 1. Emptying -------------------------------------------------------------------------------


def _kept_tables():
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    from surveys.models import KompassAlias, KompassArea, KompassSubArea, KompassVersion

    models = [ContentType, Permission, KompassVersion, KompassArea, KompassSubArea, KompassAlias]
    return {m._meta.db_table for m in models} | {"django_migrations"}


def _tables():
    kept = _kept_tables()
    return [t for t in connection.introspection.table_names() if t not in kept]


def nonempty_tables():
    """The tables (but the kept ones) that hold at least one row, in one query."""
    tables = _tables()
    quote = connection.ops.quote_name
    sql = " UNION ALL ".join(f"SELECT %s WHERE EXISTS (SELECT 1 FROM {quote(t)})" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql, tables)
        return [row[0] for row in cursor.fetchall()]


@contextmanager
def _without_fk_checks(cursor):
    if connection.vendor == "postgresql":
        cursor.execute("SET session_replication_role = replica")
        try:
            yield
        finally:
            cursor.execute("SET session_replication_role = DEFAULT")
    else:
        cursor.execute("PRAGMA foreign_keys = OFF")
        try:
            yield
        finally:
            cursor.execute("PRAGMA foreign_keys = ON")


def clear():
    """Delete every row but the kept tables' (content types, permissions, the framework)."""
    full = nonempty_tables()
    if not full:
        return
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor, _without_fk_checks(cursor):
        for table in full:
            cursor.execute(f"DELETE FROM {quote(table)}")


def _fast_fixture_teardown(self):
    # TransactionTestCase only (TestCase rolls back instead). The framework stays (kept tables).
    clear()


def install():
    TransactionTestCase._fixture_teardown = _fast_fixture_teardown


def load_framework():
    """The Kommunkompassen framework, which a data migration loads (tests run without
    migrations: `--nomigrations`; `make test` applies the migrations once on their own)."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("surveys.migrations.0003_kommunkompassen_framework")
    migration.load(apps, None)


# --- 2. The demo, seeded once per run ----------------------------------------------------------


def _snapshot_dir():
    return _run_dir() / "demo"


def _dump(path):
    tables = nonempty_tables()
    tmp = path.with_suffix(".tmp")
    tmp.mkdir(exist_ok=True)
    quote = connection.ops.quote_name
    raw = connection.connection  # psycopg 3
    with raw.cursor() as cursor:
        for index, table in enumerate(tables):
            sql = f"COPY {quote(table)} TO STDOUT (FORMAT binary)"
            with open(tmp / f"{index}.copy", "wb") as out, cursor.copy(sql) as copy:
                for data in copy:
                    out.write(data)
    (tmp / "tables.json").write_text(json.dumps(tables))
    tmp.rename(path)


def _restore(path):
    from django.apps import apps

    tables = json.loads((path / "tables.json").read_text())
    quote = connection.ops.quote_name
    with transaction.atomic():
        connection.ensure_connection()
        raw = connection.connection
        with raw.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")
            for index, table in enumerate(tables):
                sql = f"COPY {quote(table)} FROM STDIN (FORMAT binary)"
                with open(path / f"{index}.copy", "rb") as source, cursor.copy(sql) as copy:
                    while data := source.read(1 << 20):
                        copy.write(data)
            cursor.execute("SET session_replication_role = DEFAULT")
            for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
                cursor.execute(sql)


def seed_demo(seed):
    """Put the demo into this worker's (empty) database: `seed()` the first time in this run,
    a binary copy of that seeding afterwards. PostgreSQL only; elsewhere `seed()` each time."""
    if connection.vendor != "postgresql":
        seed()
        return
    path = _snapshot_dir()
    with run_lock("demo"):
        if path.exists():
            _restore(path)
            return
        seed()
        _dump(path)


def shared_json(name, compute):
    """`compute()`'s JSON-able result, computed once per test run and shared by the workers."""
    path = _run_dir() / f"{name}.json"
    with run_lock(name):
        if path.exists():
            return json.loads(path.read_text())
        value = compute()
        path.write_text(json.dumps(value))
        return value
