"""One end-to-end run through a real Celery worker and the real Redis broker."""

import os
import time

import kombu.pools
import pytest
from celery.contrib.testing.worker import start_worker

from tests.factories import UserFactory, give_role
from tillit.celery import app
from tillit.org.models import Role
from tillit.reports.models import ReportJob
from tillit.reports.tasks import render_report

BROKER = os.environ.get("CELERY_TEST_BROKER_URL") or (
    (os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0").rsplit("/", 1)[0] + "/9"
)


@pytest.fixture
def redis_worker(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    old = {k: app.conf[k] for k in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=BROKER, task_always_eager=False)
    _reset_pools()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield
    app.conf.update(old)
    _reset_pools()


def _reset_pools():
    """The app caches broker connections; drop them so a changed broker URL is used."""
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None
    # kombu's process-wide pools too: a pool closed above must not be handed out again
    # ("Acquire on closed pool").
    kombu.pools.reset()


@pytest.mark.django_db(transaction=True)
def test_a_report_job_is_rendered_by_a_real_worker_over_redis(tree, redis_worker):
    from tillit.cycle.models import planperiod_create

    planperiod_create(budget_year=2027, make_current=True)
    admin = UserFactory(username="admin")
    give_role(admin, tree.K, Role.ADMIN)
    job = ReportJob.objects.create(
        kind="arshjul", node=tree.K, params={"year": "2027"}, title="Årshjul", created_by=admin
    )
    render_report.delay(job.pk)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.is_finished:
            break
        time.sleep(0.2)
    assert job.status == ReportJob.Status.DONE, job.error
    assert job.pages >= 3
