"""The HME report: a unit's or nämnd's HME result as a PDF, built on the nämnd summary
(surveys/hme/summary.py). Politicians get the kommun and the nämnder only (PUBLISHED_DEPTH), and
of those only what their results page shows (the kommun and their own nämnd). Results below
PUBLISHED_DEPTH are working material: such a report is read with VIEW on every unit listed."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from surveys.models import HmeRound
from tillit.org.permissions import VIEW, VIEW_PUBLISHED, can
from tillit.reports.charts import bar_chart
from tillit.reports.registry import Contents, ReportType, register

from . import summary
from .rules import PUBLISHED_DEPTH


def _digits(value):
    """A year posted from a localized template may read "2 027"."""
    text = "".join(c for c in str(value or "") if c.isdigit())
    return int(text) if text else None


def _date(value):
    return f"{value:%Y-%m-%d}" if value else "–"


def build_hme(job):
    node, user = job.node, job.created_by
    full = user is None or can(user, VIEW, node)
    if not full and node.depth > PUBLISHED_DEPTH:
        raise PermissionDenied("HME-resultat för enheter är inte publicerade.")
    data = summary.hme(node, _digits(job.params.get("year")))
    if data is None:
        raise Http404("Det finns inget beräknat HME-resultat.")
    rows = [(n, r) for n, r in data["rows"] if n.depth <= node.depth + 2]
    if not full:
        rows = [
            (n, r) for n, r in rows if n.depth <= PUBLISHED_DEPTH and can(user, VIEW_PUBLISHED, n)
        ]
    data["rows"] = [(n, summary.hme_table(r, None, None)) for n, r in rows]
    listed = [node, *(n for n, _r in rows)]
    result, riket = data["result"], data["riket"] or {}
    chart = ""
    if result and not result["suppressed"]:
        chart = bar_chart(
            [(label, result[key], riket.get(key)) for key, label in summary.HME_INDICES],
            label=f"HME {data['year']} för {node.namn}; streckad linje = riket",
        )
    return {
        "hme": data,
        "chart": chart,
        "data_as_of": data["computed_at"] or job.created_at,
        "min_group": summary.hme_min_group(),
        "sources": [
            f"HME-enkäten {data['year']} i Tillit, beräknad {_date(data['computed_at'])} "
            "enligt SKR:s definition (index 0–100, avrundat till heltal).",
            f"Grupper med färre än {summary.hme_min_group()} svar visas som ”För få svar”.",
            "Riket: SKR/Kolada." if data["riket"] else "Inget värde för riket inlagt.",
        ],
        "contents": Contents(working=any(n.depth > PUBLISHED_DEPTH for n in listed), nodes=listed),
    }


def _hme_title(job):
    year = _digits(job.params.get("year"))
    if year is None:
        computed = HmeRound.objects.filter(status=HmeRound.Status.COMPUTED).order_by("-year")
        year = computed.values_list("year", flat=True).first()
    return f"HME {year or ''} – {job.node.namn}".replace("  ", " ")


def _hme_choices(node, user):
    years = HmeRound.objects.filter(status=HmeRound.Status.COMPUTED).order_by("-year")
    return {"year": [(y, str(y)) for y in years.values_list("year", flat=True)]}


register(
    ReportType(
        kind="hme",
        label="HME-rapport",
        template="reports/hme.html",
        build_context=build_hme,
        title=_hme_title,
        params=["year"],
        action=VIEW_PUBLISHED,
        param_choices=_hme_choices,
    )
)
