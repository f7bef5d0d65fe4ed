"""The report kinds of internkontroll, registered with tillit/reports/registry.py:

- *internkontrollplan*: a nämnd's adopted plan with the risk analysis it was adopted on;
- *uppföljning av intern kontroll*: how the adopted plan's controls went, with open actions;
- *intern kontroll i kommunen*: kommunstyrelsen's uppsiktsplikt, per nämnd.

They read the adopted (frozen) version only, never the draft: what is handed to the nämnd is
what the nämnd adopted.
"""

from django.http import Http404
from django.utils import timezone

from tillit.org.models import BOARD_TYPES, NodeType, OrgNode
from tillit.org.permissions import VIEW_PUBLISHED, nodes_where
from tillit.reports.registry import ReportType, register

from . import rules, services
from .charts import risk_matrix_svg


def _year(job):
    text = "".join(c for c in str(job.params.get("year") or "") if c.isdigit())
    return int(text) if text else timezone.localdate().year


def _version(job):
    version = services.latest_version(services.plan_for(job.node, _year(job)))
    if version is None:
        raise Http404(f"Ingen internkontrollplan är antagen för {_year(job)}.")
    return version


def _matrix(version, node):
    grid = services.frozen_matrix(version)
    return {
        "grid": grid,
        "konsekvens": rules.KONSEKVENS,
        "svg": risk_matrix_svg(
            grid, label=f"Riskmatris {version.plan.year} – {node.namn}", responsive=False
        ),
    }


def _sources(version):
    who = f" av {version.adopted_by}" if version.adopted_by else ""
    return [
        f"Internkontrollplanen version {version.number}, antagen {version.adopted_on:%Y-%m-%d}"
        f" (registrerad{who}).",
        "Riskanalysen så som den var när planen antogs; riskvärde = sannolikhet × konsekvens.",
    ]


def build_plan(job):
    version = _version(job)
    return {
        "version": version,
        "year": version.plan.year,
        "controls": version.content.get("controls", []),
        "risks": version.content.get("risks", []),
        "matrix": _matrix(version, job.node),
        "sources": _sources(version),
        "data_as_of": version.created_at,
    }


def build_followup(job):
    version = _version(job)
    rows = services.followup_rows(version)
    results = [r for row in rows for r in row["results"]]
    newest = max((r.recorded_at for r in results), default=version.created_at)
    return {
        "version": version,
        "year": version.plan.year,
        "rows": rows,
        "counts": services.followup_counts(rows),
        "actions": services.open_actions_of_plan(version.plan),
        "matrix": _matrix(version, job.node),
        "sources": [
            *_sources(version),
            "Genomförda kontroller och åtgärder så som de registrerats i Tillit.",
        ],
        "data_as_of": max(newest, version.created_at),
    }


def build_kommun(job):
    year = _year(job)
    boards = OrgNode.objects.boards()
    if job.created_by is not None:
        boards = nodes_where(job.created_by, VIEW_PUBLISHED, boards)
    rows = services.kommun_summary(year, boards)
    return {
        "year": year,
        "rows": rows,
        "sources": ["Antagna internkontrollplaner och registrerade kontroller i Tillit."],
        "data_as_of": job.created_at,
    }


def _years(node, user):
    this = timezone.localdate().year
    return {"year": [(y, str(y)) for y in (this + 1, this, this - 1)]}


register(
    ReportType(
        kind="internkontrollplan",
        label="Internkontrollplan",
        template="reports/internkontroll/plan.html",
        build_context=build_plan,
        title=lambda job: f"Internkontrollplan {_year(job)} – {job.node.namn}",
        params=["year"],
        action=VIEW_PUBLISHED,
        node_types=BOARD_TYPES,
        param_choices=_years,
    )
)
register(
    ReportType(
        kind="uppfoljning_internkontroll",
        label="Uppföljning av intern kontroll",
        template="reports/internkontroll/uppfoljning.html",
        build_context=build_followup,
        title=lambda job: f"Uppföljning av intern kontroll {_year(job)} – {job.node.namn}",
        params=["year"],
        action=VIEW_PUBLISHED,
        node_types=BOARD_TYPES,
        param_choices=_years,
    )
)
register(
    ReportType(
        kind="internkontroll_kommun",
        label="Intern kontroll i kommunen (uppsikt)",
        template="reports/internkontroll/kommun.html",
        build_context=build_kommun,
        title=lambda job: f"Intern kontroll i nämnderna {_year(job)}",
        params=["year"],
        action=VIEW_PUBLISHED,
        node_types=(NodeType.KOMMUN,),
        param_choices=_years,
    )
)
