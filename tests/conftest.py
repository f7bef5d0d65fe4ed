"""Fixtures shared by every test: a small kommun and a fixed cast of personas.

The tree (codes in brackets):

    Testkommun [K]
    ├── Barn- och utbildningsnämnden [BUN]
    │   └── Barn- och utbildningsförvaltningen [BUF]
    │       ├── Grundskola [GS]
    │       │   ├── Skolan Norr [SN]
    │       │   └── Skolan Söder [SS]
    │       └── Förskola [FS]
    └── Vård- och omsorgsnämnden [VON]
        └── Vård- och omsorgsförvaltningen [VOF]
            └── Hemtjänst [HT]
"""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from tests import fastdb
from tests.org.factories import add_tree, add_users, give_roles
from tillit.org.models import NodeType, OrgNode, Role, SupportFunction

TEST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _test_settings(settings):
    # Tests talk plain HTTP to the test client / live server.
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.PASSWORD_HASHERS = TEST_HASHERS
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Login throttling needs a request to authenticate(); the test client's login() has none.
    # tests/tillit/test_security.py turns it back on.
    settings.AXES_ENABLED = False


@pytest.fixture(autouse=True)
def _celery_eager():
    """Tasks run in-process in tests (one integration test uses a real worker)."""
    from tillit.celery import app

    old = app.conf.task_always_eager
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager = old


class Tree(dict):
    __getattr__ = dict.__getitem__


@pytest.fixture
def tree(db):
    n = add_tree(
        [
            (None, "K", "Testkommun", NodeType.KOMMUN),
            ("K", "BUN", "Barn- och utbildningsnämnden", NodeType.NAMND),
            ("BUN", "BUF", "Barn- och utbildningsförvaltningen", NodeType.FORVALTNING),
            ("BUF", "GS", "Grundskola", NodeType.VERKSAMHET),
            ("GS", "SN", "Skolan Norr", NodeType.ENHET),
            ("GS", "SS", "Skolan Söder", NodeType.ENHET),
            ("BUF", "FS", "Förskola", NodeType.VERKSAMHET),
            ("K", "VON", "Vård- och omsorgsnämnden", NodeType.NAMND),
            ("VON", "VOF", "Vård- och omsorgsförvaltningen", NodeType.FORVALTNING),
            ("VOF", "HT", "Hemtjänst", NodeType.ENHET),
        ]
    )
    return Tree(n)


@pytest.fixture
def personas(tree):
    """One user per role, each placed where such a person sits."""
    p = add_users(
        admin="admin",
        fc="forvaltningschef",
        chef="enhetschef",
        hr="hr",
        politiker="politiker",
        vo_chef="vo_chef",
        outsider="utan_roll",
    )
    give_roles(
        (p["admin"], tree.K, Role.ADMIN),
        (p["fc"], tree.BUF, Role.FORVALTNINGSCHEF),
        (p["chef"], tree.SN, Role.CHEF),
        (p["hr"], tree.BUF, Role.STOD, SupportFunction.HR),
        (p["politiker"], tree.BUN, Role.FORTROENDEVALD),
        (p["vo_chef"], tree.VOF, Role.FORVALTNINGSCHEF),
    )
    return Tree(p)


# --- The Tomelilla demo, seeded once per worker ------------------------------------------------
#
# The tests that need the demo (those asking for `demo_db`) share one committed copy: they run
# first on each worker (`pytest_collection_modifyitems`), the demo is put in before the first of
# them and removed right after the last, so no other test ever sees it. Each test's own writes
# still roll back with its transaction; a transactional test (live server) empties the database
# at its end, and the next test that needs the demo puts it back. Seeding happens once per run;
# every later copy is a binary COPY of that seeding (tests/fastdb.py), so ids are the same on
# every worker.

DEMO_KOMMUN = "1270"  # the demo kommun's kod: present means seeded


def pytest_configure(config):
    fastdb.configure(config)
    fastdb.install()


def pytest_unconfigure(config):
    if getattr(config, "workerinput", None) is None:  # the controller, after its workers
        fastdb.remove_run_files()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database (built from the models: `--nomigrations`) plus the data a migration
    would have loaded."""
    with django_db_blocker.unblock():
        fastdb.load_framework()


def _seed():
    # The tests' hasher (the settings fixture has not run yet): logins must work.
    with override_settings(PASSWORD_HASHERS=TEST_HASHERS), transaction.atomic():
        call_command("seed_demo", stdout=io.StringIO())


class _Demo:
    blocker = None  # django_db_blocker, once the test database exists
    generation = 0  # counts the seedings in this worker

    def present(self):
        return OrgNode.objects.filter(kod=DEMO_KOMMUN, depth=1).exists()

    def ensure(self):
        with self.blocker.unblock():
            if not self.present():
                fastdb.seed_demo(_seed)
                self.generation += 1

    def remove(self):
        with self.blocker.unblock():
            fastdb.clear()


DEMO = _Demo()


def _uses_demo(item):
    return item is not None and "demo_db" in getattr(item, "fixturenames", ())


def pytest_collection_modifyitems(config, items):
    """The demo's tests first, one after another (transactional ones last: they empty it)."""
    demo = [i for i in items if _uses_demo(i)]
    if not demo:
        return
    demo.sort(key=lambda i: "transactional_db" in i.fixturenames)  # stable
    others = [i for i in items if not _uses_demo(i)]
    items[:] = demo + others


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    # Before the test's fixtures: its `db` transaction must not swallow the seeding.
    if _uses_demo(item) and DEMO.blocker is not None:
        DEMO.ensure()


@pytest.hookimpl(trylast=True)  # after the test's own transaction has been rolled back
def pytest_runtest_teardown(item, nextitem):
    if _uses_demo(item) and not _uses_demo(nextitem) and DEMO.blocker is not None:
        DEMO.remove()


@pytest.fixture(scope="session")
def demo_db(django_db_setup, django_db_blocker):
    """The Tomelilla demo, committed (see above); the value is the seeding's generation."""
    DEMO.blocker = django_db_blocker
    DEMO.ensure()
    return DEMO


@pytest.fixture
def login(client):
    """Log the test client in as `user` and return it: `login(personas.chef).get(url)`."""

    def _login(user, on=None):
        target = on or client
        target.force_login(user)
        return target

    return _login
