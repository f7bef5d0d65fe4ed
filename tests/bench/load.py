"""Deadline-day load on loopback: gunicorn over the bench database, many concurrent users.

A scenario is a list of `User` tasks; each is an async function called repeatedly with an
`httpx.AsyncClient` carrying that user's session, until the time is up. Every request is
timed; the run reports throughput, p50/p95 latency and the status codes. Only 127.0.0.1 is
ever contacted, the number of users and the duration are bounded.
"""

import asyncio
import logging
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
logging.getLogger("httpx").setLevel(logging.WARNING)
MAX_USERS = 500
MAX_SECONDS = 120


@dataclass
class Stats:
    latencies: list = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)
    error_at: list = field(default_factory=list)  # seconds into the run of each error
    uncertain: set = field(default_factory=set)

    def record(self, seconds, status):
        self.latencies.append(seconds)
        self.statuses[status] += 1

    def summary(self, duration):
        lat = sorted(self.latencies) or [0.0]
        p95 = lat[min(len(lat) - 1, int(len(lat) * 0.95))]
        return {
            "requests": len(self.latencies),
            "per_s": len(self.latencies) / duration,
            "p50_ms": statistics.median(lat) * 1000,
            "p95_ms": p95 * 1000,
            "statuses": dict(self.statuses),
            "errors": dict(self.errors),
            "error_at": sorted(self.error_at),
            "server_errors": sum(n for s, n in self.statuses.items() if s >= 500),
        }


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn serving the current (bench) database on a free loopback port."""

    def __init__(self, workers=3, threads=4):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        db = connection.settings_dict
        env = {
            **os.environ,
            "DATABASE_URL": (
                f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:"
                f"{db['PORT'] or 5432}/{db['NAME']}"
            ),
            "HTTPS": "0",
            "DEBUG": "0",
            "ALLOWED_HOSTS": "127.0.0.1",
        }
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "tillit.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--threads",
                str(threads),
                "--worker-class",
                "gthread",
                "--log-level",
                "warning",
                "--keep-alive",
                "30",
            ],
            cwd=ROOT,
            env=env,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/hälsa/", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not start")

    def pids(self):
        pids = [self.process.pid]
        for task in Path(f"/proc/{self.process.pid}/task").glob("*/children"):
            pids += [int(p) for p in task.read_text().split()]
        return pids

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def _process_cpu(pid):
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_snapshot(server):
    """CPU seconds so far: gunicorn (master and workers), this process (the load generator),
    and the whole machine's busy and total time (all cores; /proc/stat)."""
    first = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    ticks = [int(x) for x in first]
    idle = ticks[3] + ticks[4]
    hz = os.sysconf("SC_CLK_TCK")
    return {
        "server": sum(_process_cpu(p) for p in server.pids()),
        "generator": _process_cpu(os.getpid()),
        "machine_busy": (sum(ticks) - idle) / hz,
        "machine_total": sum(ticks) / hz,
    }


def cpu_used(before, after):
    """What a run cost: CPU seconds per part and how busy the machine was (per cent)."""
    d = {k: after[k] - before[k] for k in before}
    d["machine_pct"] = 100 * d["machine_busy"] / d["machine_total"] if d["machine_total"] else 0
    return d


def session_cookies(user):
    """A logged-in session for `user`, made directly (no password hashing in the run)."""
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    token = secrets.token_hex(16)  # an unmasked 32-character CSRF secret is accepted as is
    return {settings.SESSION_COOKIE_NAME: store.session_key, settings.CSRF_COOKIE_NAME: token}


def run_users(base_url, users, tasks, seconds):
    """Run every user's task in a loop for `seconds`; returns (stats, duration)."""
    assert len(users) <= MAX_USERS and seconds <= MAX_SECONDS
    sessions = [session_cookies(u) for u in users]  # database work before the event loop
    return asyncio.run(_run(base_url, users, sessions, tasks, seconds))


async def _run(base_url, users, sessions, tasks, seconds):
    stats = Stats()
    stop_at = time.monotonic() + seconds

    async def one(user, cookies, task, index):
        headers = {"X-CSRFToken": cookies[settings.CSRF_COOKIE_NAME], "Referer": base_url}
        # Each user has a connection of their own, like a browser; a shared transport would be
        # closed for everyone by the first client to finish.
        async with httpx.AsyncClient(
            base_url=base_url,
            cookies=cookies,
            headers=headers,
            timeout=60,
            limits=httpx.Limits(max_connections=2, max_keepalive_connections=1),
            follow_redirects=False,
        ) as client:
            iteration = 0
            while time.monotonic() < stop_at:
                start = time.perf_counter()
                try:
                    status = await task(client, user, index, iteration)
                except httpx.HTTPError as exc:
                    # The request may or may not have reached the server: an unknown outcome.
                    stats.errors[type(exc).__name__] += 1
                    stats.error_at.append(round(time.monotonic() - (stop_at - seconds), 1))
                    stats.uncertain.add(index)
                    continue
                stats.record(time.perf_counter() - start, status)
                iteration += 1

    start = time.monotonic()
    await asyncio.gather(
        *(
            one(user, cookies, task, i)
            for i, (user, cookies, task) in enumerate(zip(users, sessions, tasks, strict=True))
        )
    )
    return stats, time.monotonic() - start
