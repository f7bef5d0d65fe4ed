"""Deadline day on the scale dataset, against gunicorn and PostgreSQL on loopback, bounded
in time: 200 unit managers saving their verksamhetsplan and their nulägesanalys through the
real pages at once (GET the edit form, POST it back with the revision it carries), and 200
politicians reading their nämnd's pages.

Every save writes a unique marker. Afterwards each unit's stored text must carry the marker of
the last save its client saw succeed (302) — never an older one and never another unit's —
and no request may end in a 5xx. A client whose request failed in transport has an unknown
outcome; its unit must then hold one of its own markers.
"""

import contextlib
import html
import re
import secrets

from django.apps import apps
from django.db import transaction

from planning.models import (
    AnalysisSection,
    Nulagesanalys,
    NulageskartaVersion,
    Uppfoljning,
    Verksamhetsplan,
)
from surveys.models import HmeRound
from tests.bench.harness import Result
from tests.bench.load import Server, cpu_snapshot, cpu_used, run_users
from tests.bench.scale import ensure_scale
from tillit.cycle.models import Planperiod
from tillit.org.models import OrgNode, Role, RoleAssignment, User

USERS = 200
SECONDS = 25


FORM = re.compile(r"<form\b[^>]*method=\"post\"[^>]*>(.*?)</form>", re.S | re.I)
INPUT = re.compile(r"<input\b([^>]*)>", re.I)
TEXTAREA = re.compile(r"<textarea\b([^>]*)>(.*?)</textarea>", re.S | re.I)
SELECT = re.compile(r"<select\b([^>]*)>(.*?)</select>", re.S | re.I)
OPTION = re.compile(r"<option\b([^>]*)>", re.I)
ATTR = re.compile(r"([\w-]+)(?:=\"([^\"]*)\")?")


def _attrs(text):
    return {k: html.unescape(v) for k, v in ATTR.findall(text)}


def form_data(page):
    """The values a browser would submit from the page's POST form that carries a
    `seen_revision` (regular expressions: an HTML parser cost the load generator more CPU
    than the server spent on the page)."""
    for body in FORM.findall(page):
        if 'name="seen_revision"' not in body:
            continue
        fields = []
        for raw in INPUT.findall(body):
            a = _attrs(raw)
            name, kind = a.get("name"), a.get("type", "text")
            if not name or name == "csrfmiddlewaretoken" or kind in ("submit", "button"):
                continue
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    fields.append((name, a.get("value", "on")))
            else:
                fields.append((name, a.get("value", "")))
        for raw, text in TEXTAREA.findall(body):
            fields.append((_attrs(raw)["name"], html.unescape(text).removeprefix("\n")))
        for raw, options in SELECT.findall(body):
            name = _attrs(raw)["name"]
            for option in OPTION.findall(options):
                a = _attrs(option)
                if "selected" in a:
                    fields.append((name, a.get("value", "")))
        return fields
    return []


def units_with_documents(period, count):
    """`count` enheter, spread over the nämnder, with a chef, a plan and an analysis."""
    planned = set(Verksamhetsplan.objects.filter(planperiod=period).values_list("node", flat=True))
    analysed = set(
        AnalysisSection.objects.filter(analysis__planperiod=period).values_list(
            "analysis__node", flat=True
        )
    )
    chefs = (
        RoleAssignment.objects.filter(role=Role.CHEF, node__in=planned & analysed)
        .select_related("user", "node")
        .order_by("node__path")
    )
    chefs = list(chefs)
    step = max(1, len(chefs) // count)
    return chefs[::step][:count]


def deadline_day(server, period):
    chefs = units_with_documents(period, USERS)
    sent = {a.node.kod: [] for a in chefs}  # every marker the client tried
    confirmed = {a.node.kod: {"plan": None, "analys": None} for a in chefs}
    stale = []

    def save(assignment):
        kod = assignment.node.kod
        documents = [
            ("plan", f"/planering/enhet/{kod}/verksamhetsplan/andra/", "mission"),
            ("analys", f"/planering/enhet/{kod}/nulagesanalys/andra/", "resultat_text"),
        ]

        async def task(client, user, index, iteration):
            doc, url, field = documents[iteration % 2]
            page = await client.get(url)
            if page.status_code != 200:
                return page.status_code
            data = [(n, v) for n, v in form_data(page.text) if n != field]
            marker = f"{kod} #{iteration} {secrets.token_hex(4)}"
            sent[kod].append((doc, marker))
            body = {}
            for name, value in [*data, (field, marker)]:
                body.setdefault(name, []).append(value)
            response = await client.post(url, data=body)
            if response.status_code == 302:
                confirmed[kod][doc] = marker
            elif response.status_code == 200:
                stale.append(kod)  # the form came back: a refused (stale or invalid) save
            return response.status_code

        return task

    before = cpu_snapshot(server)
    stats, duration = run_users(
        server.url, [a.user for a in chefs], [save(a) for a in chefs], SECONDS
    )
    cpu = cpu_used(before, cpu_snapshot(server))
    plans = dict(
        Verksamhetsplan.objects.filter(
            planperiod=period, node__in=[a.node for a in chefs]
        ).values_list("node__kod", "mission")
    )
    analyses = dict(
        AnalysisSection.objects.filter(
            analysis__planperiod=period, analysis__node__in=[a.node for a in chefs], key="resultat"
        ).values_list("analysis__node__kod", "text")
    )
    wrong = []
    for i, a in enumerate(chefs):
        kod = a.node.kod
        for doc, stored in (("plan", plans.get(kod)), ("analys", analyses.get(kod))):
            mine = {m for d, m in sent[kod] if d == doc}
            expected = confirmed[kod][doc]
            if i in stats.uncertain:
                ok = expected is None or stored in mine
            else:
                ok = stored == expected if expected is not None else stored not in mine
            mixed = stored is not None and " #" in stored and not stored.startswith(f"{kod} #")
            if not ok or mixed:
                wrong.append((kod, doc, expected, stored))
    saves = sum(1 for c in confirmed.values() for m in c.values() if m)
    return stats.summary(duration), wrong, stale, saves, cpu


def politicians_reading(server, period):
    politicians = list(
        User.objects.filter(roles__role=Role.FORTROENDEVALD).distinct().order_by("username")
    )
    readers = [politicians[i % len(politicians)] for i in range(USERS)]
    board_of = {
        p.pk: p.roles.filter(role=Role.FORTROENDEVALD).select_related("node").first().node.kod
        for p in politicians
    }
    versions = {
        v.karta.node.kod: v.get_absolute_url()
        for v in NulageskartaVersion.objects.filter(karta__planperiod=period).select_related(
            "karta__node"
        )
    }
    fu = Uppfoljning.objects.filter(planperiod=period, published=True).first()
    year = HmeRound.objects.order_by("-year").values_list("year", flat=True).first()

    def pages(kod):
        board = OrgNode.objects.get(kod=kod)
        return [
            f"/planering/enhet/{kod}/mal/",
            versions[kod],
            f"/planering/uppfoljning/{fu.pk}/",
            f"/enkater/hme/{year}/{kod}/",
            f"/organisation/{board.kod}/",
        ]

    urls = {kod: pages(kod) for kod in set(board_of.values())}

    async def read(client, user, index, iteration):
        pool = urls[board_of[user.pk]]
        response = await client.get(pool[(index + iteration) % len(pool)])
        return response.status_code

    before = cpu_snapshot(server)
    stats, duration = run_users(server.url, readers, [read] * USERS, SECONDS)
    return stats.summary(duration), cpu_used(before, cpu_snapshot(server))


@contextlib.contextmanager
def documents_restored():
    """The saves go through gunicorn and are committed: afterwards every plan and analysis is
    put back as it was (all their columns) and the history rows the saves wrote are removed,
    so the dataset is left as the bench found it."""
    models = [Verksamhetsplan, Nulagesanalys, AnalysisSection]
    saved = {m: list(m.objects.all()) for m in models}
    histories = [m for m in apps.get_models() if m.__name__.startswith("Historical")]
    last = {
        h: h.objects.order_by("-history_id").values_list("history_id", flat=True).first()
        for h in histories
    }
    try:
        yield
    finally:
        with transaction.atomic():
            for h, history_id in last.items():
                h.objects.filter(history_id__gt=history_id or 0).delete()
            for m, rows in saved.items():
                fields = [f.name for f in m._meta.concrete_fields if not f.primary_key]
                m.objects.bulk_update(rows, fields, batch_size=2000)


def run():
    ensure_scale()
    period = Planperiod.current()
    with documents_restored(), Server() as server:
        write, wrong, stale, saves, write_cpu = deadline_day(server, period)
        read, read_cpu = politicians_reading(server, period)
    results = [
        _result(
            f"last: {USERS} chefer sparar plan + nulägesanalys (GET+POST)",
            write,
            f"{saves} sparningar bekräftade, förlorade/blandade {len(wrong)}, "
            f"avvisade {len(stale)}; " + _cpu(write_cpu),
        ),
        _result(f"last: {USERS} förtroendevalda läser nämndsidor", read, _cpu(read_cpu)),
    ]
    if wrong:
        print("Förlorade eller blandade skrivningar:", wrong[:10])
    assert not wrong, f"{len(wrong)} förlorade eller blandade skrivningar"
    assert write["server_errors"] == 0 and read["server_errors"] == 0, "5xx under lasttestet"
    return results


def _cpu(c):
    return (
        f"CPU gunicorn {c['server']:.0f} s, lastgenerator {c['generator']:.0f} s, "
        f"maskinen {c['machine_pct']:.0f} % upptagen"
    )


def _result(name, s, extra):
    note = (
        f"{s['requests']} anrop, {s['per_s']:.1f}/s, p50 {s['p50_ms']:.0f} ms, "
        f"p95 {s['p95_ms']:.0f} ms, 5xx {s['server_errors']}, fel {s['errors'] or 0}"
    )
    if s["error_at"]:
        note += f" (vid {s['error_at'][0]:.0f}–{s['error_at'][-1]:.0f} s)"
    if extra:
        note += "; " + extra
    return Result(name, s["p95_ms"] / 1000, s["requests"], None, None, note)
