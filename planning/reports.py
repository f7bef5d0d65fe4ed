"""Planning's board reports: the nämndrapport (built on the nämnd summary), the kommun-wide
follow-up of the goals, and a handed-over nulägeskarta. Registered with tillit.reports.

Each `build` returns a template context with `sources` (what the report was built from) and
`data_as_of` (the date of the newest material), so the same data gives the same document.
"""

from django.http import Http404

from tillit.cycle.models import Planperiod
from tillit.org.models import BOARD_TYPES, NodeType
from tillit.org.permissions import VIEW, VIEW_PUBLISHED, can
from tillit.reports.registry import ReportType, register

from . import summary
from .charts_data import summary_charts
from .ekonomi import cards as feed_cards
from .models import FollowUpKind, NulageskartaVersion, Uppfoljning
from .services.followup import board_ekonomi, find_followup, followup_tree


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
    data["feeds"] = feed_cards.board_overview(job.node, job.created_by) if job.created_by else None
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
    if feeds := data["feeds"]:
        if feeds["ekonomi"]:
            sources.append(f"Ekonomi från ekonomisystemet, {feeds['ekonomi_period']:%Y-%m}.")
        if feeds["personal"]:
            sources.append(
                f"Personal från HR-systemet, 12 månader till {feeds['personal_period']:%Y-%m}."
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
        node_types=BOARD_TYPES,
        param_choices=_period_choices,
    )
)


# --- uppfoljning ----------------------------------------------------------------------------


def _followup(job):
    year, kind = _digits(job.params.get("year")), job.params.get("typ") or FollowUpKind.INTERIM
    if year is None or kind not in FollowUpKind.values:
        raise Http404("Välj år och typ av uppföljning.")
    fu = find_followup(year, kind)
    if fu is None:
        raise Http404("Uppföljningen finns inte.")
    if not fu.published and job.created_by and not can(job.created_by, VIEW, job.node):
        raise Http404("Uppföljningen är inte publicerad.")
    return fu


def _print_areas(areas, ekonomi=None):
    """The follow-up tree as the print template reads it: titles and rated statuses (and each
    nämndmål's nämnd's ekonomi status, from `ekonomi` {kod: Ekonomi})."""
    ekonomi = ekonomi or {}
    return [
        {
            "id": area.pk,
            "title": area.title,
            "goals": [
                {
                    "id": og.pk,
                    "title": og.title,
                    "status": summary.rating(og.current_status),
                    "namndmal": [
                        {
                            "id": g.pk,
                            "title": g.title,
                            "node": g.node.namn,
                            "status": summary.rating(g.current_status),
                            "ekonomi": ekonomi.get(g.node.kod),
                        }
                        for g in og.namndmal_list
                    ],
                }
                for og in area.goals.all()
            ],
        }
        for area in areas
    ]


def build_followup(job):
    fu = _followup(job)
    tree = followup_tree(fu)
    ekonomi = board_ekonomi(fu, job.created_by)
    return {
        "followup": fu,
        "ekonomi": ekonomi,
        "areas": _print_areas(tree["areas"], ekonomi["by_kod"]),
        "counts": tree["counts"],
        "uppdrag": [
            {
                "title": r.uppdrag.title,
                "node": r.uppdrag.node.namn,
                "status": summary.rating(r),
                "progress": r.uppdrag.get_status_display(),
            }
            for r in tree["reports"]
        ],
        "as_of": tree["as_of"],
        "sources": [
            f"Målens status och analys från {fu.get_kind_display().lower()} {fu.year} i Tillit"
            f"{'' if fu.published else ' (ej publicerad)'}.",
            "Övergripande mål bedöms av kommunen, nämndmål av respektive nämnd.",
        ],
        "data_as_of": tree["as_of"] or job.created_at,
    }


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
        node_types=BOARD_TYPES,
        listed=False,
    )
)
