"""Deadline day: 200 unit managers saving at once, and 200 politicians reading, against
gunicorn and PostgreSQL on loopback for a bounded time. No lost or mixed-up writes, no 5xx."""

from django.core.management import call_command

from tests.bench.harness import Result
from tests.bench.load import Server, run_users
from tillit.cycle.models import CycleStep, Planperiod, StepCompletion
from tillit.org.models import OrgNode, Role, RoleAssignment, User

USERS = 200
SECONDS = 20


def _ensure_scale():
    if not OrgNode.objects.filter(kod="GBG").exists():
        call_command("seed_scale", stdout=open("/dev/null", "w"))  # noqa: SIM115


def run():
    _ensure_scale()
    period = Planperiod.current()
    step = CycleStep.objects.filter(planperiod=period, responsible_role=Role.CHEF).first()
    chefs = list(
        RoleAssignment.objects.filter(role=Role.CHEF).select_related("user", "node")[:USERS]
    )
    politicians = list(User.objects.filter(roles__role=Role.FORTROENDEVALD).distinct())
    readers = [politicians[i % len(politicians)] for i in range(USERS)]
    reader_pages = {p.pk: [a.node.kod for a in p.roles.select_related("node")] for p in politicians}
    StepCompletion.objects.filter(step=step).delete()
    successes = {a.user_id: 0 for a in chefs}

    def toggle(assignment):
        url = f"/arshjul/steg/{step.pk}/{assignment.node.kod}/klar/"

        async def task(client, user, index, iteration):
            response = await client.post(url, data={"next": "/"})
            if response.status_code == 302:
                successes[user.pk] += 1
            return response.status_code

        return task

    async def read(client, user, index, iteration):
        kod = reader_pages[user.pk][0]
        response = await client.get(f"/organisation/{kod}/" if iteration % 2 else "/")
        return response.status_code

    results = []
    with Server() as server:
        stats, duration = run_users(
            server.url, [a.user for a in chefs], [toggle(a) for a in chefs], SECONDS
        )
        write = stats.summary(duration)
        done = set(StepCompletion.objects.filter(step=step).values_list("node_id", flat=True))
        lost = [
            a
            for i, a in enumerate(chefs)
            if i not in stats.uncertain and (a.node_id in done) != (successes[a.user_id] % 2 == 1)
        ]
        results.append(_result(f"last: {USERS} chefer sparar samtidigt", write, lost))
        stats, duration = run_users(server.url, readers, [read] * USERS, SECONDS)
        results.append(_result(f"last: {USERS} förtroendevalda läser", stats.summary(duration), []))
    return results


def _result(name, s, lost):
    note = (
        f"{s['requests']} anrop, {s['per_s']:.0f}/s, p50 {s['p50_ms']:.0f} ms, "
        f"p95 {s['p95_ms']:.0f} ms, 5xx {s['server_errors']}, fel {s['errors'] or 0}, "
        f"förlorade skrivningar {len(lost)}"
    )
    return Result(name, s["p95_ms"] / 1000, s["requests"], None, None, note)
