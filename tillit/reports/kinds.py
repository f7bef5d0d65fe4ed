"""The board reports built on the nämnd summary (tillit.reports.summary): the nämnd report,
the kommun-wide follow-up, a handed-over nulägeskarta and the HME report.

Each `build` returns a template context with `sources` (what the report was built from) and
`data_as_of` (the date of the newest material), so the same data gives the same document.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from planning.models import FollowUpKind, NulageskartaVersion, Uppfoljning
from tillit.org.models import NodeType
from tillit.org.permissions import VIEW, VIEW_PUBLISHED, can

from . import summary
from .charts import bar_chart
from .charts_data import summary_charts
from .registry import ReportType, register

BOARDS = (NodeType.NAMND, NodeType.STYRELSE)
HME_PUBLISHED_DEPTH = 2  # politicians see the kommun and the nämnder (as surveys.views_hme)


def _digits(value):
    """A year posted from a localized template may read "2 027"."""
    text = "".join(c for c in str(value or "") if c.isdigit())
    return int(text) if text else None


def _date(value):
    return f"{value:%Y-%m-%d}" if value else "–"


# --- namndrapport ---------------------------------------------------------------------------


def build_namnd(job):
    data = summary.namnd_summary(job.node, _digits(job.params.get("year")))
    data["charts"] = summary_charts(data)
    sources = []
    if data["karta"]:
        sources.append(
            f"Nulägeskartan version {data['karta']['number']}, överlämnad "
            f"{_date(data['karta']['handed_over_at'])}."
        )
    fu = data["goals"]["followup"]
    if fu:
        changed = _date(data["goals"]["as_of"])
        sources.append(f"Målens status: {fu} (publicerad), senast ändrad {changed}.")
    sources += [f"{f['title']}: {f['source']}." for f in data["figures"]]
    if data["hme"]:
        sources.append(
            f"HME {data['hme']['year']}, beräknad {_date(data['hme']['computed_at'])}; "
            "riket enligt SKR/Kolada."
        )
    if data["kompass"]:
        sources.append(f"SKR Kommunkompassen, extern utvärdering {data['kompass']['year']}.")
    data["sources"] = sources or ["Inget publicerat material ännu."]
    if data["data_as_of"] is None:
        data["data_as_of"] = job.created_at
    return data


def _namnd_title(job):
    return f"Nämndrapport {job.node.namn}"


def _period_choices(node, user):
    from tillit.cycle.models import Planperiod

    return {
        "year": [(p.budget_year, str(p)) for p in Planperiod.objects.order_by("-budget_year")[:5]]
    }


register(
    ReportType(
        kind="namndrapport",
        label="Nämndrapport",
        template="reports/namndrapport.html",
        build_context=build_namnd,
        title=_namnd_title,
        params=["year"],
        action=VIEW_PUBLISHED,
        node_types=BOARDS,
        param_choices=_period_choices,
    )
)


# --- uppfoljning ----------------------------------------------------------------------------


def _followup(job):
    year, kind = _digits(job.params.get("year")), job.params.get("typ") or FollowUpKind.INTERIM
    if year is None or kind not in FollowUpKind.values:
        raise Http404("Välj år och typ av uppföljning.")
    fu = summary.find_followup(year, kind)
    if fu is None:
        raise Http404("Uppföljningen finns inte.")
    if not fu.published and job.created_by and not can(job.created_by, VIEW, job.node):
        raise Http404("Uppföljningen är inte publicerad.")
    return fu


def build_followup(job):
    data = summary.followup_goals(_followup(job))
    fu = data["followup"]
    data["sources"] = [
        f"Målens status och analys från {fu.get_kind_display().lower()} {fu.year} i Tillit"
        f"{'' if fu.published else ' (ej publicerad)'}.",
        "Övergripande mål bedöms av kommunen, nämndmål av respektive nämnd.",
    ]
    data["data_as_of"] = data["as_of"] or job.created_at
    return data


def _followup_title(job):
    kind = dict(FollowUpKind.choices).get(job.params.get("typ"), "Uppföljning")
    return f"{kind} {_digits(job.params.get('year')) or ''} – måluppfyllelse".replace("  ", " ")


def _followup_choices(node, user):
    qs = Uppfoljning.objects.order_by("-year", "kind")
    if not can(user, VIEW, node):
        qs = qs.filter(published=True)
    seen = {}
    for fu in qs[:20]:
        seen.setdefault(fu.year, str(fu.year))
    return {"year": list(seen.items()), "typ": list(FollowUpKind.choices)}


register(
    ReportType(
        kind="uppfoljning",
        label="Uppföljning av målen (delår/årsredovisning)",
        template="reports/uppfoljning.html",
        build_context=build_followup,
        title=_followup_title,
        params=["year", "typ"],
        action=VIEW_PUBLISHED,
        node_types=(NodeType.KOMMUN,),
        param_choices=_followup_choices,
    )
)


# --- nulageskarta ---------------------------------------------------------------------------


def _version(job):
    pk = _digits(job.params.get("version"))
    version = (
        NulageskartaVersion.objects.select_related("karta__node", "karta__planperiod")
        .filter(pk=pk or 0)
        .first()
    )
    if version is None or version.karta.node_id != job.node_id:
        raise Http404("Beställ nulägeskartan från den överlämnade versionens sida.")
    return version


def build_karta(job):
    version = _version(job)
    return {
        "karta": summary.version_data(version),
        "data_as_of": version.handed_over_at,
        "sources": [
            f"Nulägeskartan version {version.number} exakt som den lämnades över till nämnden "
            f"{_date(version.handed_over_at)}.",
            "Slutsatserna bygger på verksamheternas nulägesanalyser (källa anges vid varje).",
        ],
    }


def _karta_title(job):
    version = _version(job)
    return f"Nulägeskarta {version.karta.planperiod.budget_year} – {job.node.namn}"


register(
    ReportType(
        kind="nulageskarta",
        label="Nulägeskarta",
        template="reports/nulageskarta.html",
        build_context=build_karta,
        title=_karta_title,
        params=["version"],
        action=VIEW_PUBLISHED,
        node_types=BOARDS,
        listed=False,
    )
)


# --- hme ------------------------------------------------------------------------------------


def build_hme(job):
    node, user = job.node, job.created_by
    full = user is None or can(user, VIEW, node)
    if not full and node.depth > HME_PUBLISHED_DEPTH:
        raise PermissionDenied("HME-resultat för enheter är inte publicerade.")
    data = summary.hme(node, _digits(job.params.get("year")))
    if data is None:
        raise Http404("Det finns inget beräknat HME-resultat.")
    rows = data["rows"]
    if not full:
        rows = [(n, r) for n, r in rows if n.depth <= HME_PUBLISHED_DEPTH]
    data["rows"] = [
        (n, summary.hme_table(r, None, None)) for n, r in rows if n.depth <= node.depth + 2
    ]
    result, riket = data["result"], data["riket"] or {}
    chart = ""
    if result and not result["suppressed"]:
        chart = bar_chart(
            [(label, result[key], riket.get(key)) for key, label in summary.HME_INDICES],
            label=f"HME {data['year']} för {node.namn}; streckad linje = riket",
            width=440,
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
    }


def _hme_title(job):
    from surveys.models import HmeRound

    year = _digits(job.params.get("year"))
    if year is None:
        computed = HmeRound.objects.filter(status=HmeRound.Status.COMPUTED).order_by("-year")
        year = computed.values_list("year", flat=True).first()
    return f"HME {year or ''} – {job.node.namn}".replace("  ", " ")


def _hme_choices(node, user):
    from surveys.models import HmeRound

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
