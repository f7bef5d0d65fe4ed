"""Planning's board reports: the nämndrapport (built on the nämnd summary), the kommun-wide
follow-up of the goals, and a handed-over nulägeskarta. Registered with tillit.reports.

Each `build` returns a template context with `sources` (what the report was built from) and
`data_as_of` (the date of the newest material), so the same data gives the same document.
"""

from django.http import Http404

from tillit.cycle.models import Planperiod
from tillit.org.models import BOARD_TYPES, NodeType, OrgNode
from tillit.org.permissions import VIEW, VIEW_PUBLISHED, can, nodes_where
from tillit.reports.registry import Contents, ReportType, register

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
    # Published material of the nämnd (and the kommun's figures above it) only.
    data["contents"] = Contents(working=False, nodes=[job.node, data["kommun"]])
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


def _readable_by_orderer(job, fu, nodes):
    """The nodes among `nodes` whose statuses the orderer may read: a politician's report
    lists her own nämnd only (what her pages show)."""
    user = job.created_by
    if user is None:
        return set(nodes)
    action = VIEW_PUBLISHED if fu.published else VIEW
    return set(nodes_where(user, action, OrgNode.objects.filter(pk__in=[n.pk for n in nodes])))


def build_followup(job):
    fu = _followup(job)
    tree = followup_tree(fu)
    goal_nodes = {
        g.node for area in tree["areas"] for og in area.goals.all() for g in og.namndmal_list
    }
    reports = list(tree["reports"])
    readable = _readable_by_orderer(job, fu, goal_nodes | {r.uppdrag.node for r in reports})
    for area in tree["areas"]:
        for og in area.goals.all():
            og.namndmal_list = [g for g in og.namndmal_list if g.node in readable]
    tree["reports"] = [r for r in reports if r.uppdrag.node in readable]
    counts = {"green": 0, "yellow": 0, "red": 0, "none": 0}  # of what the report lists
    for area in tree["areas"]:
        for og in area.goals.all():
            for g in og.namndmal_list:
                counts[summary.rating(g.current_status)["css"]] += 1
    listed = {
        job.node,
        *(g.node for a in tree["areas"] for og in a.goals.all() for g in og.namndmal_list),
    }
    listed |= {r.uppdrag.node for r in tree["reports"]}
    ekonomi = board_ekonomi(fu, job.created_by)
    return {
        "followup": fu,
        "ekonomi": ekonomi,
        "areas": _print_areas(tree["areas"], ekonomi["by_kod"]),
        "counts": counts,
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
            f"{_published_as(fu)}.",
            "Övergripande mål bedöms av kommunen, nämndmål av respektive nämnd.",
        ],
        "data_as_of": tree["as_of"] or job.created_at,
        "contents": Contents(working=not fu.published, nodes=sorted(listed, key=lambda n: n.path)),
    }


def _published_as(fu):
    if not fu.published:
        return " (ej publicerad)"
    when = f" {_date(fu.published_at)}" if fu.published_at else ""
    return f", publicerad version {fu.published_version}{when}"


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
        # The handed-over version: published material of the nämnd and the units it cites.
        "contents": Contents(
            working=False,
            nodes=[job.node, *OrgNode.objects.filter(kod__in=_cited_units(version))],
        ),
    }


def _cited_units(version):
    return {
        (c.get("source") or {}).get("node_kod")
        for theme in version.content.get("themes", [])
        for c in theme.get("conclusions", [])
        if c.get("source")
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
