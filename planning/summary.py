"""The nämnd summary for förtroendevalda: published material only, as plain data.

Publish means frozen: goal statuses and uppdrag reports come from the follow-up's published
version (PublishedGoalStatus, PublishedUppdragReport), the nulägeskarta from its handed-over
version; later edits show here only once a new version is published or handed over.

One function per section, each taking the nämnd/styrelse node (and a planperiod where it
matters) and returning dicts and lists a page template or a print template can show. The
page (`planning.views.namnd_summary`) and the PDF (`namndrapport` in planning/reports.py)
call the same functions, so the politician reads the same figures on the phone and on paper.
Every section is a fixed number of queries whatever the size of the nämnd (no N+1).
"""

from collections import OrderedDict
from datetime import datetime

from django.db.models import Q

from surveys.hme.summary import hme  # the HME section is the survey's own
from tillit.cycle.models import Planperiod
from tillit.org.models import OrgNode

from .models import (
    Malvarde,
    Namndmal,
    NulageskartaVersion,
    Nyckeltal,
    NyckeltalSource,
    PublishedGoalStatus,
    PublishedUppdragReport,
    Uppdrag,
    Uppfoljning,
)
from .models.chain import RATING_CSS
from .models.nulageskoll import NulageskollItem
from .models.nyckeltal import RIKET, Gender, NyckeltalValue

KEY_FIGURE_YEARS = 5
MAX_KEY_FIGURES = 12


def kommun_of(node):
    """The root of the node's tree (the kommun); its kod is the Kolada municipality id."""
    return OrgNode.objects.get_root(node)


def planperiod_for(year=None):
    if year:
        return Planperiod.objects.filter(budget_year=int(year)).first()
    return Planperiod.current() or Planperiod.objects.order_by("-budget_year").first()


def rating(st):
    """A status (GoalStatus, UppdragReport or None) as the page and print templates show it."""
    if st is None:
        return {"code": "", "label": "Ingen status", "css": "none", "analysis": ""}
    return {
        "code": st.status,
        "label": st.get_status_display(),
        "css": RATING_CSS.get(st.status, "none"),
        "analysis": st.analysis,
        "updated_at": st.updated_at,
    }


# --- sections -------------------------------------------------------------------------------


def nulageskarta(node):
    """The latest handed-over nulägeskarta of the nämnd, exactly as handed over (1 query)."""
    version = (
        NulageskartaVersion.objects.filter(karta__node=node)
        .select_related("karta__planperiod")
        .order_by("-handed_over_at", "-number")
        .first()
    )
    if version is None:
        return None
    return version_data(version)


def version_data(version):
    content = version.content
    return {
        "id": version.pk,
        "number": version.number,
        "handed_over_at": version.handed_over_at,
        "budget_year": content.get("budget_year"),
        "summary": content.get("summary", ""),
        "themes": content.get("themes", []),
        "node_namn": content.get("node_namn", ""),
    }


def latest_published_followup(period):
    if period is None:
        return None
    return (
        Uppfoljning.objects.filter(planperiod=period, published=True)
        .order_by("-year", "-kind")
        .first()
    )


def goals(node, period, followup=None):
    """The nämnd's goals with the status and analysis from the latest PUBLISHED uppföljning,
    as published (its published version), grouped under their overarching goals (3 queries)."""
    if period is None:
        return {"followup": None, "groups": [], "counts": {}, "as_of": None, "published_at": None}
    fu = followup if followup is not None else latest_published_followup(period)
    items = list(
        Namndmal.objects.of_board(node, period).select_related("overarching__area").in_goal_order()
    )
    statuses = {}
    if fu is not None and items:
        statuses = {
            st.namndmal_id: st
            for st in PublishedGoalStatus.objects.filter(
                followup=fu, version=fu.published_version, node=node, namndmal__in=items
            )
        }
    targets = {}
    for t in Malvarde.objects.filter(namndmal__in=items).select_related("nyckeltal"):
        targets.setdefault(t.namndmal_id, []).append(
            {
                "nyckeltal": t.nyckeltal.title,
                "code": t.nyckeltal.code,
                "unit": t.nyckeltal.unit,
                "year": t.year,
                "target": t.target,
            }
        )
    groups = OrderedDict()
    counts = {"green": 0, "yellow": 0, "red": 0, "none": 0}
    as_of = None
    for g in items:
        st = statuses.get(g.pk)
        status = rating(st)
        counts[status["css"]] += 1
        if st is not None and (as_of is None or st.updated_at > as_of):
            as_of = st.updated_at
        key = g.overarching_id
        if key not in groups:
            groups[key] = {
                "area": g.overarching.area.title,
                "overarching": g.overarching.title,
                "goals": [],
            }
        groups[key]["goals"].append(
            {
                "id": g.pk,
                "title": g.title,
                "description": g.description,
                "status": status,
                "targets": targets.get(g.pk, []),
            }
        )
    return {
        "followup": fu,
        "published_at": fu.published_at if fu else None,
        "groups": list(groups.values()),
        "counts": counts,
        "as_of": as_of,
    }


def cited_nyckeltal(node, period, karta=None):
    """The nyckeltal the nämnd cites: its goals' målvärden, the handed-over karta's
    conclusions, and the Kolada figures its units follow in their nulägeskoll (3 queries)."""
    ids = set(
        Malvarde.objects.filter(
            namndmal__node=node, namndmal__overarching__area__planperiod=period
        ).values_list("nyckeltal_id", flat=True)
    )
    ids |= set(
        NulageskollItem.objects.filter(
            node__path__startswith=node.path, nyckeltal__source=NyckeltalSource.KOLADA
        ).values_list("nyckeltal_id", flat=True)
    )
    codes = set()
    for theme in (karta or {}).get("themes", []):
        for c in theme.get("conclusions", []):
            for n in (c.get("source") or {}).get("nyckeltal", []):
                codes.add(n["code"])
    return list(
        Nyckeltal.objects.filter(Q(pk__in=ids) | Q(code__in=codes)).order_by("source", "title")[
            :MAX_KEY_FIGURES
        ]
    )


def key_figures(node, period, kommun, karta=None):
    """Each cited nyckeltal for the kommun beside riket (0000) over the last years, with its
    source, period and fetch date. Local nyckeltal are shown for the nämnd or its förvaltning
    (2 queries after `cited_nyckeltal`)."""
    nyckeltal = cited_nyckeltal(node, period, karta)
    if not nyckeltal:
        return []
    values = (
        NyckeltalValue.objects.filter(nyckeltal__in=nyckeltal, gender=Gender.TOTAL)
        .filter(
            Q(node__isnull=True, ou="", municipality__in=[kommun.kod, RIKET])
            | Q(node__path__startswith=node.path, node__depth__lte=node.depth + 1)
        )
        .order_by("nyckeltal_id", "period", "node__depth")
        .values("nyckeltal_id", "municipality", "node_id", "period", "value", "fetched_at")
    )
    # Local nyckeltal measured only on the units below: rolled up when the figure can be
    # (a count is a sum), otherwise their spread is shown and the page says why (1 query).
    local_ids = [n.pk for n in nyckeltal if not n.is_kolada]
    below = {}
    if local_ids:
        for nid, period, value in NyckeltalValue.objects.filter(
            nyckeltal_id__in=local_ids,
            gender=Gender.TOTAL,
            value__isnull=False,
            node__path__startswith=node.path,
            node__depth__gt=node.depth + 1,
        ).values_list("nyckeltal_id", "period", "value"):
            below.setdefault(nid, {}).setdefault(period, []).append(value)
    by = {}
    for v in values:
        owner = "riket" if v["municipality"] == RIKET else "kommun"
        if v["node_id"] is not None:
            owner = "kommun"
        by.setdefault(v["nyckeltal_id"], {}).setdefault(owner, {}).setdefault(v["period"], v)
    figures = []
    for n in nyckeltal:
        series = by.get(n.pk, {})
        own, riket = series.get("kommun", {}), series.get("riket", {})
        years = sorted(set(own) | set(riket))[-KEY_FIGURE_YEARS:]
        latest = max((y for y in years if own.get(y) and own[y]["value"] is not None), default=None)
        fetched = [
            s[y]["fetched_at"] for s in (own, riket) for y in years if y in s and s[y]["fetched_at"]
        ]
        units = None
        if latest is None and below.get(n.pk):
            year = max(below[n.pk])
            spread = below[n.pk][year]
            units = {
                "year": year,
                "count": len(spread),
                "low": min(spread),
                "high": max(spread),
                "total": sum(spread) if n.unit == "antal" else None,
            }
        figures.append(
            {
                "code": n.code,
                "title": n.title,
                "unit": n.unit,
                "unit_label": unit_label(n),
                "units": units,
                "is_kolada": n.is_kolada,
                # Counts (inhabitants) are whole numbers and not comparable with riket's total.
                "places": 0 if n.unit == "antal" else 1,
                "comparable": n.unit != "antal",
                "years": years,
                "kommun": [own[y]["value"] if y in own else None for y in years],
                "riket": [riket[y]["value"] if y in riket else None for y in years],
                "latest_year": latest,
                "latest": own[latest]["value"] if latest else None,
                "latest_riket": riket[latest]["value"] if latest and latest in riket else None,
                "fetched_at": max(fetched) if fetched else None,
                "source": _figure_source(n, latest, max(fetched) if fetched else None),
            }
        )
    return figures


def unit_label(n):
    """What follows a figure: its unit, or for a count the thing counted ("13 639 invånare"
    for "Invånare totalt, antal"), never the bare word "antal"."""
    if n.unit != "antal":
        return n.unit
    head, _, tail = n.title.rpartition(",")
    if tail.strip() == "antal" and head:
        return head.split()[0].lower()
    return ""


def _figure_source(n, year, fetched):
    when = f", hämtat {fetched:%Y-%m-%d}" if fetched else ""
    period = f", {year}" if year else ""
    if n.is_kolada:
        return f"Källa: Kolada, {n.code}{period}{when}"
    return f"Källa: lokalt nyckeltal {n.code}{period}{when.replace('hämtat', 'registrerat')}"


def kompass(kommun):
    """The latest PUBLISHED external Kommunkompassen evaluation: total and % per area
    (2 queries)."""
    from surveys.models import EvaluationKind, KompassAreaScore, KompassEvaluation

    evaluation = (
        KompassEvaluation.objects.of_kommun(kommun)
        .published()
        .filter(kind=EvaluationKind.EXTERN, computed_at__isnull=False)
        .order_by("-year")
        .first()
    )
    if evaluation is None:
        return None
    areas = [
        {"number": s.area.number, "name": s.area.name, "pct": s.pct, "points": s.points}
        for s in KompassAreaScore.objects.filter(evaluation=evaluation)
        .select_related("area")
        .order_by("area__number")
    ]
    return {
        "year": evaluation.year,
        "total_pct": evaluation.total_pct,
        "total_points": evaluation.total_points,
        "areas": areas,
        "published_at": evaluation.published_at,
    }


def uppdrag(node, period, followup=None):
    """The nämnd's uppdrag and their status, with the report from the published follow-up
    (2 queries)."""
    if period is None:
        return []
    items = list(Uppdrag.objects.filter(node=node, planperiod=period).order_by("due_date", "id"))
    reports = {}
    if followup is not None and items:
        reports = {
            r.uppdrag_id: r
            for r in PublishedUppdragReport.objects.filter(
                followup=followup, version=followup.published_version, uppdrag__in=items
            )
        }
    return [
        {
            "title": u.title,
            "description": u.description,
            "due_date": u.due_date,
            "status": u.get_status_display(),
            "status_code": u.status,
            "report": rating(reports.get(u.pk)) if u.pk in reports else None,
        }
        for u in items
    ]


def namnd_summary(node, year=None):
    """Every section of the nämnd summary and the date the material is from."""
    period = planperiod_for(year)
    kommun = kommun_of(node)
    karta = nulageskarta(node)
    goal_data = goals(node, period)
    figures = key_figures(node, period, kommun, karta)
    # Each målvärde with the actual value beside it (the nyckeltal's latest, as shown below).
    actual = {f["code"]: f for f in figures}
    for group in goal_data["groups"]:
        for g in group["goals"]:
            for t in g["targets"]:
                f = actual.get(t["code"])
                t["actual"] = f["latest"] if f else None
                t["actual_year"] = f["latest_year"] if f else None
                t["places"] = f["places"] if f else 1
    hme_data = hme(node)
    kompass_data = kompass(kommun)
    dates = [
        karta and karta["handed_over_at"],
        goal_data["as_of"],
        hme_data and hme_data["computed_at"],
        kompass_data and kompass_data["published_at"],
        *[f["fetched_at"] for f in figures],
    ]
    dates = [d for d in dates if isinstance(d, datetime)]
    return {
        "node": node,
        "kommun": kommun,
        "period": period,
        "karta": karta,
        "goals": goal_data,
        "figures": figures,
        "hme": hme_data,
        "kompass": kompass_data,
        "uppdrag": uppdrag(node, period, goal_data["followup"]),
        "data_as_of": max(dates) if dates else None,
    }
