"""How far a running import has come, in the cache (the job's row is inside the import's
transaction until it ends, so other requests could not see a change to it)."""

from django.core.cache import cache

_TIMEOUT = 6 * 3600


def _key(job_id):
    return f"tillit:import-progress:{job_id}"


def store(job_id, rows_done):
    cache.set(_key(job_id), rows_done, _TIMEOUT)


def rows_done(job):
    if job.is_finished:
        return job.rows_done
    return cache.get(_key(job.pk), job.rows_done)


def clear(job_id):
    cache.delete(_key(job_id))
