"""The public results as plain data: what /resultat/, data.json and data.csv show.

Only published material, read through the domain modules' own read functions (the nämnd
summary in planning/summary.py and the HME results): goal statuses and analyses from the
latest published follow-up's frozen version, the nulägeskarta as handed over, the latest
published external Kommunkompassen, HME for the kommun as a whole (suppression kept) and the
Kolada figures beside riket. Nothing is read from working material.

`results()` is cached (Django cache) until something is published, unpublished or handed over
(public/signals.py clears it); the page, the JSON and the CSV are cached as rendered bytes.
"""

import time
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from planning import summary
from surveys.hme.results import node_report
from surveys.hme.summary import HME_INDICES, TOO_FEW
from surveys.models import HmeRound
from tillit.org.models import OrgNode

from .models import PublicChoice

CACHE_KEYS = (
    "public:results:page",
    "public:results:json",
    "public:results:csv",
    "public:results:data",
)
# Every cached value is stored under the generation it was built in; clearing the cache moves
# the generation on. A build that read the database before a publish was committed therefore
# lands under an old generation nobody reads any more, instead of overwriting the fresh page.
GENERATION = "public:results:generation"
BUILD_WAIT_SECONDS = 10


def _generation():
    gen = cache.get(GENERATION)
    if gen is None:
        cache.add(GENERATION, time.time_ns(), None)
        gen = cache.get(GENERATION)
    return gen


def _bump():
    try:
        cache.incr(GENERATION)
    except ValueError:  # evicted: start from a value no earlier generation had
        cache.set(GENERATION, time.time_ns(), None)


def invalidate():
    """Forget the cached page and files, now and again when the current transaction commits
    (a reader between the two must not keep the old material for the cache's lifetime)."""
    _bump()
    conn = transaction.get_connection()
    # Once per transaction: Django starts a new callback list after each commit or rollback.
    if conn.in_atomic_block and getattr(conn, "_public_results_pending", None) is not (
        conn.run_on_commit
    ):
        transaction.on_commit(_bump)
        conn._public_results_pending = conn.run_on_commit


def cached(name, build):
    """The cached bytes of `name` in the current generation, built (and stored) when missing.
    One request builds; others that arrive meanwhile wait for it (at most a few seconds)."""
    key = f"{name}:{_generation()}"
    value = cache.get(key)
    if value is not None:
        return value
    lock = f"{key}:bygger"
    if not cache.add(lock, 1, BUILD_WAIT_SECONDS):
        deadline = time.monotonic() + BUILD_WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(0.05)
            value = cache.get(key)
            if value is not None:
                return value
    try:
        value = build()
        cache.set(key, value, settings.PUBLIC_RESULTS_CACHE_SECONDS)
    finally:
        cache.delete(lock)
    return value


def cached_results():
    """`results()` from the cache: the page, the JSON and the CSV are built from one reading."""
    return cached(CACHE_KEYS[3], results)


def _number(value):
    if value is None:
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _date(value):
    if value is None:
        return None
    if hasattr(value, "hour"):
        value = timezone.localtime(value)
    return value.strftime("%Y-%m-%d")


def _goals(node, period):
    data = summary.goals(node, period)
    fu = data["followup"]
    if fu is None:
        return None
    goals = [
        {
            "omrade": group["area"],
            "overgripande_mal": group["overarching"],
            "mal": g["title"],
            "status": g["status"]["code"],
            "status_text": g["status"]["label"],
            "analys": g["status"]["analysis"],
            "malvarden": [
                {
                    "nyckeltal": t["nyckeltal"],
                    "kod": t["code"],
                    "enhet": t["unit"],
                    "ar": t["year"],
                    "malvarde": _number(t["target"]),
                }
                for t in g["targets"]
            ],
        }
        for group in data["groups"]
        for g in group["goals"]
        # Only goals the published version rates: a goal added since is not yet published.
        if g["status"]["code"]
    ]
    return {
        "uppfoljning": f"{fu.get_kind_display()} {fu.year}",
        "ar": fu.year,
        "version": fu.published_version,
        "publicerad": _date(fu.published_at),
        "mal": goals,
    }


def _figures(node, period, kommun, karta):
    return [
        {
            "kod": f["code"],
            "nyckeltal": f["title"],
            "enhet": f["unit"],
            "decimaler": f["places"],
            "jamforbar_med_riket": f["comparable"],
            "ar": f["years"],
            "kommunen": [_number(v) for v in f["kommun"]],
            "riket": [_number(v) for v in f["riket"]] if f["comparable"] else [],
            "senaste_ar": f["latest_year"],
            "senaste": _number(f["latest"]),
            "senaste_riket": _number(f["latest_riket"]) if f["comparable"] else None,
            "kalla": f["source"],
        }
        for f in summary.key_figures(node, period, kommun, karta)
        if f["is_kolada"]  # open data from Kolada; local figures stay inside
    ]


def _karta(karta):
    if karta is None:
        return None
    return {
        "version": karta["number"],
        "overlamnad": _date(karta["handed_over_at"]),
        "budgetar": karta["budget_year"],
        "sammanfattning": karta["summary"],
        "teman": [
            {
                "tema": t.get("title", ""),
                "sammanfattning": t.get("summary", ""),
                "slutsatser": [
                    {
                        "text": c.get("text", ""),
                        "fran": (c.get("source") or {}).get("node_namn", ""),
                    }
                    for c in t.get("conclusions", [])
                ],
            }
            for t in karta["themes"]
        ],
    }


def _kompass(kommun):
    data = summary.kompass(kommun)
    if data is None:
        return None
    return {
        "ar": data["year"],
        "publicerad": _date(data["published_at"]),
        "total_procent": _number(data["total_pct"]),
        "omraden": [
            {"nummer": a["number"], "omrade": a["name"], "procent": _number(a["pct"])}
            for a in data["areas"]
        ],
        "kalla": f"SKR Kommunkompassen, extern utvärdering {data['year']}",
    }


def _hme_value(result, key):
    """One group's index; "För få svar" for a group too small to be shown."""
    if result is None:
        return None
    if result.get("suppressed"):
        return TOO_FEW
    return result.get(key)


def _hme(kommun):
    rnd = HmeRound.objects.filter(status=HmeRound.Status.COMPUTED).order_by("-year").first()
    if rnd is None:
        return None
    # The kommun as a whole and its kvinnor/män; nothing below the kommun is public.
    report = node_report(rnd, kommun, max_depth=kommun.depth)
    own = report.result
    groups = {"kommunen": own, "kvinnor": report.gender.get("K"), "man": report.gender.get("M")}
    return {
        "ar": rnd.year,
        "berakad": _date(rnd.computed_at),
        "svarande": own["respondents"] if own and not own.get("suppressed") else None,
        "index": [
            {
                "index": label,
                **{name: _hme_value(group, key) for name, group in groups.items()},
                "riket": _hme_value(report.riket, key),
            }
            for key, label in HME_INDICES
        ],
        "kalla": f"HME-enkäten {rnd.year}; riket: SKR/Kolada",
    }


def results():
    """Everything the public page shows, as JSON-ready data (dates as YYYY-MM-DD)."""
    kommun = OrgNode.objects.kommun()
    out = {
        "kommun": kommun.namn if kommun else "",
        "kommunkod": kommun.kod if kommun else "",
        "skapad": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        "namnder": [],
        "kommunkompassen": None,
        "hme": None,
    }
    if kommun is None:
        return out
    choices = {c.node_id: c for c in PublicChoice.objects.all()}
    period = summary.planperiod_for()
    boards = OrgNode.objects.open().boards().filter(pk__in=list(choices))
    for node in boards:
        choice = choices[node.pk]
        if not (choice.goals or choice.figures or choice.karta):
            continue
        karta = summary.nulageskarta(node) if (choice.karta or choice.figures) else None
        out["namnder"].append(
            {
                "kod": node.kod,
                "namnd": node.namn,
                "mal": _goals(node, period) if choice.goals else None,
                "nyckeltal": _figures(node, period, kommun, karta) if choice.figures else None,
                "nulageskarta": _karta(karta) if choice.karta else None,
                "visar": {"mal": choice.goals, "nyckeltal": choice.figures, "karta": choice.karta},
            }
        )
    own = choices.get(kommun.pk)
    if own and own.kompass:
        out["kommunkompassen"] = _kompass(kommun)
    if own and own.hme:
        out["hme"] = _hme(kommun)
    return out


# --- the CSV ------------------------------------------------------------------------------------

CSV_HEADER = ["Nämnd", "Avsnitt", "Rubrik", "Värde", "Riket", "År", "Text", "Källa"]


def _sv(value):
    """A number with a decimal comma, as Swedish Excel reads it."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(value).replace(".", ",")
    return value


def csv_rows(data):
    """The same data as one table, one row per goal, figure-year, conclusion, area and index."""
    rows = [CSV_HEADER]
    for n in data["namnder"]:
        if n["mal"]:
            fu = n["mal"]
            source = f"{fu['uppfoljning']}, version {fu['version']}, publicerad {fu['publicerad']}"
            for g in fu["mal"]:
                rows.append(
                    [
                        n["namnd"],
                        "Mål",
                        g["mal"],
                        g["status_text"],
                        "",
                        fu["ar"],
                        g["analys"],
                        source,
                    ]
                )
        for f in n["nyckeltal"] or []:
            title = f["nyckeltal"]
            if f["enhet"] and f["enhet"] not in title:
                title = f"{title} ({f['enhet']})"
            riket = f["riket"] or [None] * len(f["ar"])
            for year, own, nat in zip(f["ar"], f["kommunen"], riket, strict=True):
                rows.append(
                    [n["namnd"], "Nyckeltal", title, _sv(own), _sv(nat), year, "", f["kalla"]]
                )
        if n["nulageskarta"]:
            k = n["nulageskarta"]
            source = f"Nulägeskarta version {k['version']}, överlämnad {k['overlamnad']}"
            for t in k["teman"]:
                for c in t["slutsatser"]:
                    text = f"{c['text']} ({c['fran']})" if c["fran"] else c["text"]
                    rows.append(
                        [n["namnd"], "Nulägeskarta", t["tema"], "", "", k["budgetar"], text, source]
                    )
    kommun = data["kommun"]
    if data["kommunkompassen"]:
        kk = data["kommunkompassen"]
        rows.append(
            [
                kommun,
                "Kommunkompassen",
                "Totalt",
                _sv(kk["total_procent"]),
                "",
                kk["ar"],
                "%",
                kk["kalla"],
            ]
        )
        for a in kk["omraden"]:
            rows.append(
                [
                    kommun,
                    "Kommunkompassen",
                    f"{a['nummer']}. {a['omrade']}",
                    _sv(a["procent"]),
                    "",
                    kk["ar"],
                    "%",
                    kk["kalla"],
                ]
            )
    if data["hme"]:
        h = data["hme"]
        for group, label in (("kommunen", "kommunen"), ("kvinnor", "kvinnor"), ("man", "män")):
            for row in h["index"]:
                if row[group] is None:
                    continue
                riket = row["riket"] if group == "kommunen" else None
                rows.append(
                    [
                        kommun,
                        f"HME, {label}",
                        row["index"],
                        row[group],
                        riket,
                        h["ar"],
                        "",
                        h["kalla"],
                    ]
                )
    return rows
