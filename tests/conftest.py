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

import pytest

from tests.factories import UserFactory, add_node, give_role
from tillit.org.models import NodeType, Role, SupportFunction


@pytest.fixture(autouse=True)
def _test_settings(settings):
    # Tests talk plain HTTP to the test client / live server.
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
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
    k = add_node(None, "K", "Testkommun", NodeType.KOMMUN)
    bun = add_node(k, "BUN", "Barn- och utbildningsnämnden", NodeType.NAMND)
    buf = add_node(bun, "BUF", "Barn- och utbildningsförvaltningen", NodeType.FORVALTNING)
    gs = add_node(buf, "GS", "Grundskola", NodeType.VERKSAMHET)
    sn = add_node(gs, "SN", "Skolan Norr", NodeType.ENHET)
    ss = add_node(gs, "SS", "Skolan Söder", NodeType.ENHET)
    fs = add_node(buf, "FS", "Förskola", NodeType.VERKSAMHET)
    von = add_node(k, "VON", "Vård- och omsorgsnämnden", NodeType.NAMND)
    vof = add_node(von, "VOF", "Vård- och omsorgsförvaltningen", NodeType.FORVALTNING)
    ht = add_node(vof, "HT", "Hemtjänst", NodeType.ENHET)
    return Tree(K=k, BUN=bun, BUF=buf, GS=gs, SN=sn, SS=ss, FS=fs, VON=von, VOF=vof, HT=ht)


@pytest.fixture
def personas(tree):
    """One user per role, each placed where such a person sits."""
    admin = UserFactory(username="admin")
    give_role(admin, tree.K, Role.ADMIN)
    fc = UserFactory(username="forvaltningschef")
    give_role(fc, tree.BUF, Role.FORVALTNINGSCHEF)
    chef = UserFactory(username="enhetschef")
    give_role(chef, tree.SN, Role.CHEF)
    hr = UserFactory(username="hr")
    give_role(hr, tree.BUF, Role.STOD, SupportFunction.HR)
    politiker = UserFactory(username="politiker")
    give_role(politiker, tree.BUN, Role.FORTROENDEVALD)
    vo_chef = UserFactory(username="vo_chef")
    give_role(vo_chef, tree.VOF, Role.FORVALTNINGSCHEF)
    outsider = UserFactory(username="utan_roll")
    return Tree(
        admin=admin,
        fc=fc,
        chef=chef,
        hr=hr,
        politiker=politiker,
        vo_chef=vo_chef,
        outsider=outsider,
    )


@pytest.fixture(scope="module")
def demo_db(django_db_setup, django_db_blocker):
    """The Tomelilla demo, seeded once per test module (committed; each test's own changes
    still roll back with its transaction) and removed afterwards."""
    import io

    from django.core.management import call_command

    from tillit.portability import exported_models

    with django_db_blocker.unblock():
        call_command("seed_demo", stdout=io.StringIO())
        yield
        for model in reversed(exported_models()):
            model._default_manager.all().delete()
