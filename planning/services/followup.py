"""Step 6, the uppföljning: each owner rates its goals green/yellow/red with an analysis (the
kommun its overarching goals, a nämnd its nämndmål, a unit the goals its plan serves), with a
suggestion from the målvärden; one tree of it for the page and the PDF."""

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from tillit.locking import save_checked
from tillit.org.models import BOARD_TYPES, OrgNode
from tillit.org.permissions import (
    COMMENT,
    COMPILE,
    EDIT,
    MANAGE,
    VIEW,
    VIEW_PUBLISHED,
    can,
    node_q,
    nodes_where,
)

from ..models import (
    Activity,
    Direction,
    FollowUpKind,
    GoalStatus,
    Malvarde,
    Namndmal,
    NyckeltalSource,
    OverarchingGoal,
    PublishedGoalStatus,
    PublishedUppdragReport,
    Rating,
    StrategicArea,
    Uppdrag,
    UppdragReport,
    Uppfoljning,
    Verksamhetsplan,
)
from ..models.chain import RATING_CSS
from .common import has_working_access

# --- statuses as a reader reads them (publish means frozen) ------------------------------------

GOALS, UPPDRAG = "goals", "uppdrag"
_RATED = {
    GOALS: (GoalStatus, PublishedGoalStatus, "node__"),
    UPPDRAG: (UppdragReport, PublishedUppdragReport, "uppdrag__node__"),
}


def ratings_as_read(fu, user, kind, *, q=None, published_q=None, related=(), order=(), limit=None):
    """A follow-up's goal statuses (`GOALS`) or uppdrag reports (`UPPDRAG`) as `user` reads
    them: the live ones where the user reads working material (VIEW on the node), the
    published version everywhere else (nothing while unpublished). Without a user (a report):
    the published version, or the live statuses of a follow-up not yet published.

    `q` narrows both; `published_q` narrows the published part only (what a reader without
    working access may see). `limit` caps each part (the API's pages: merge and cut). Returns
    a list.
    """
    live_model, published_model, prefix = _RATED[kind]
    q = q if q is not None else Q(pk__isnull=False)
    live = live_model.objects.filter(followup=fu).filter(q)
    published = published_model.objects.filter(followup=fu, version=fu.published_version).filter(q)
    if published_q is not None:
        published = published.filter(published_q)
    cut = slice(None, limit)
    if user is None:
        rows = published if fu.published else live
        return list(rows.select_related(*related).order_by(*order)[cut])
    working = node_q(user, VIEW, prefix=prefix)
    rows = list(live.filter(working).select_related(*related).order_by(*order)[cut])
    if fu.published:
        rows += list(published.exclude(working).select_related(*related).order_by(*order)[cut])
    return rows


def followup_changed_since_published(fu):
    """Whether any status or analysis differs from the published version (the working page
    says "Ändrad sedan publicering")."""
    return bool(fu.published_version) and bool(followup_changes(fu, limit=1))


_VALUES = {
    GOALS: ("status", "analysis", "suggested", "deviation_reason"),
    UPPDRAG: ("status", "analysis"),
}


def _same_key(kind):
    if kind == UPPDRAG:
        return Q(uppdrag=OuterRef("uppdrag"))
    # exactly one of namndmal/overarching is set (goalstatus_one_goal), so OR matches the key
    return Q(node=OuterRef("node")) & (
        Q(namndmal=OuterRef("namndmal")) | Q(overarching=OuterRef("overarching"))
    )


def followup_changes(fu, version=None, limit=200):
    """What changed in a follow-up: published `version` against the one before it, or (None)
    the live statuses against the published version. Unchanged rows (a re-save) are left
    out. Returns up to `limit` (kind, old row or None, new row) newest first; two queries per
    kind."""
    old_version = fu.published_version if version is None else version - 1
    changes = []
    for kind, (live_model, published_model, _prefix) in _RATED.items():
        related = ("node", "namndmal", "overarching") if kind == GOALS else ("uppdrag",)
        old_rows = published_model.objects.filter(followup=fu, version=old_version)
        identical = old_rows.filter(_same_key(kind)).filter(
            **{f: OuterRef(f) for f in _VALUES[kind]}
        )
        new_rows = (
            live_model.objects.filter(followup=fu)
            if version is None
            else published_model.objects.filter(followup=fu, version=version)
        )
        changed = list(
            new_rows.filter(~Exists(identical))
            .select_related(*related, "updated_by")
            .order_by("-updated_at")[:limit]
        )
        if not changed:
            continue
        if kind == UPPDRAG:
            olds = {
                r.uppdrag_id: r
                for r in old_rows.filter(uppdrag__in=[c.uppdrag_id for c in changed])
            }
            pairs = [(olds.get(c.uppdrag_id), c) for c in changed]
        else:
            olds = {
                (r.node_id, r.namndmal_id, r.overarching_id): r
                for r in old_rows.filter(node__in={c.node_id for c in changed})
            }
            pairs = [(olds.get((c.node_id, c.namndmal_id, c.overarching_id)), c) for c in changed]
        changes += [(kind, old, new) for old, new in pairs]
    changes.sort(key=lambda c: c[2].updated_at, reverse=True)
    return changes[:limit]


# --- the follow-up tree ----------------------------------------------------------------------


def followup_tree(fu, user=None):
    """Strategic areas → overarching goals (the kommun's status) → nämndmål (the nämnd's
    status) → the units' statuses, and the uppdrag reports. Five queries whatever the size.

    With `user`: what that user may see (the page). Without: the whole kommun at board level,
    no unit statuses (the PDF, whose reader was checked when the job was ordered).

    Returns {"areas", "reports", "counts", "as_of"}; each area's `goals.all()` carry
    `current_status` and `namndmal_list`, each nämndmål `current_status` and `unit_statuses`.
    """
    period = fu.planperiod
    areas = list(
        StrategicArea.objects.filter(planperiod=period).prefetch_related(
            Prefetch("goals", queryset=OverarchingGoal.objects.order_by("order", "id"))
        )
    )
    goals = Namndmal.objects.for_period(period)
    by_path = ("node__path",)
    report_order = ("uppdrag__node__path", "uppdrag__due_date", "uppdrag_id")
    if user is None:
        board_level = Q(namndmal__isnull=False, node=F("namndmal__node")) | Q(
            overarching__isnull=False, node__depth=1
        )
        statuses = ratings_as_read(fu, None, GOALS, q=board_level, related=("node",), order=by_path)
        reports = ratings_as_read(fu, None, UPPDRAG, related=("uppdrag__node",), order=report_order)
    else:
        goals = goals.filter(node_q(user, VIEW_PUBLISHED))
        statuses = ratings_as_read(
            fu,
            user,
            GOALS,
            published_q=node_q(user, VIEW_PUBLISHED)
            & (Q(node__depth=1) | Q(node__typ__in=BOARD_TYPES)),
            related=("node",),
            order=by_path,
        )
        reports = ratings_as_read(
            fu,
            user,
            UPPDRAG,
            published_q=node_q(user, VIEW_PUBLISHED, prefix="uppdrag__node__"),
            related=("uppdrag__node",),
            order=report_order,
        )
        statuses.sort(key=lambda st: st.node.path)
        reports.sort(key=lambda r: (r.uppdrag.node.path, r.uppdrag.due_date, r.uppdrag_id))
    goals = list(goals.select_related("node").order_by("node__path", "order", "id"))

    over_status, goal_status, unit_statuses, as_of = {}, {}, {}, None
    for st in statuses:
        if st.overarching_id:
            if st.node.depth != 1:
                continue
            over_status[st.overarching_id] = st
        elif st.node.is_board:
            goal_status[st.namndmal_id] = st
        else:
            unit_statuses.setdefault(st.namndmal_id, []).append(st)
            continue
        as_of = st.updated_at if as_of is None or st.updated_at > as_of else as_of

    counts = {"green": 0, "yellow": 0, "red": 0, "none": 0}
    beneath = {}
    for g in goals:
        g.current_status = goal_status.get(g.pk)
        g.unit_statuses = unit_statuses.get(g.pk, [])
        counts[RATING_CSS.get(getattr(g.current_status, "status", ""), "none")] += 1
        beneath.setdefault(g.overarching_id, []).append(g)
    for area in areas:
        for og in area.goals.all():
            og.current_status = over_status.get(og.pk)
            og.namndmal_list = beneath.get(og.pk, [])
    return {"areas": areas, "reports": reports, "counts": counts, "as_of": as_of}


def followup_rollup(user, fu, *, extras=True):
    """The uppföljning page: the tree the user may see, and the nodes the user assesses.
    `extras=False` (the page's goal statuses as a file): the tree only, without the nodes to
    assess and the nämnder's ekonomi."""
    if not fu.published and not has_working_access(user):
        raise Http404("Uppföljningen är inte publicerad.")
    tree = followup_tree(fu, user)
    if not extras:
        return {"areas": tree["areas"], "reports": tree["reports"], "assess": [], "ekonomi": {}}
    root = OrgNode.objects.kommun()
    assess = []
    if root is not None and can(user, MANAGE, root):
        assess.append(root)
    assess += nodes_where(user, COMPILE, OrgNode.objects.boards())
    assess += [
        p.node
        for p in Verksamhetsplan.objects.for_period(fu.planperiod)
        .filter(node_q(user, EDIT))
        .select_related("node")
        .order_by("node__path")[:50]
    ]
    # Units whose draft the user comments on without assessing it (support staff).
    assessed = {n.pk for n in assess}
    review = [
        p.node
        for p in Verksamhetsplan.objects.for_period(fu.planperiod)
        .filter(node_q(user, COMMENT))
        .select_related("node")
        .order_by("node__path")[:50]
        if p.node_id not in assessed
    ]
    ekonomi = board_ekonomi(fu, user)
    mark_ekonomi(tree["areas"], ekonomi["by_kod"])
    return {
        "areas": tree["areas"],
        "reports": tree["reports"],
        "assess": assess,
        "review": review,
        "ekonomi": ekonomi,
    }


def board_ekonomi(fu, user):
    """Each nämnd's ekonomi (budget, prognos, avvikelse, status) at the newest imported month of
    the follow-up's year, for the nämnder `user` may see figures of (the permission module
    decides). Three queries for all nämnder. {"period", "boards": [{"node", "ekonomi"}],
    "by_kod": {kod: Ekonomi}}."""
    from ..ekonomi.cards import board_statuses

    boards = list(OrgNode.objects.boards().order_by("path"))
    found = board_statuses(boards, user, year=fu.year) if user is not None else {}
    by_kod = found.get("by_kod", {})
    return {
        "period": found.get("period"),
        "boards": [{"node": b, "ekonomi": by_kod[b.kod]} for b in boards if b.kod in by_kod],
        "by_kod": by_kod,
    }


def mark_ekonomi(areas, by_kod):
    """Set `ekonomi` (the nämnd's figures or None) on each nämndmål of the tree."""
    for area in areas:
        for og in area.goals.all():
            for g in og.namndmal_list:
                g.ekonomi = by_kod.get(g.node.kod)


def find_followup(year, kind):
    """The follow-up of a year and kind (delar/ars); the newest planperiod's when several
    planperiods cover the year."""
    return (
        Uppfoljning.objects.filter(year=int(year), kind=kind)
        .select_related("planperiod")
        .order_by("-planperiod__budget_year")
        .first()
    )


# --- suggestions from the målvärden ----------------------------------------------------------


def indicator_values(nyckeltal_ids, year, node):
    """Outcomes of nyckeltal for a node and year, as {nyckeltal_id: Decimal} (one query).

    A Kolada nyckeltal's outcome is the kommun's value in Kolada (gender T); a local one is the
    value entered for this very node. Missing values stay missing: no outcome, no suggestion.
    """
    from planning.models.nyckeltal import Gender, NyckeltalValue
    from planning.nyckeltal.sync import kommun_municipality_id

    if not nyckeltal_ids:
        return {}
    rows = NyckeltalValue.objects.filter(
        Q(
            nyckeltal__source=NyckeltalSource.KOLADA,
            municipality=kommun_municipality_id(),
            node__isnull=True,
            ou="",
        )
        | Q(nyckeltal__source=NyckeltalSource.LOCAL, node=node),
        nyckeltal_id__in=nyckeltal_ids,
        period=int(year),
        gender=Gender.TOTAL,
        value__isnull=False,
    ).values_list("nyckeltal_id", "value")
    return dict(rows)


def suggest_status(targets, values):
    """The status the målvärden suggest given outcomes: green when every target with an
    outcome is met, red when none is, yellow in between; "" when nothing can be compared."""
    met = []
    for t in targets:
        value = values.get(t.nyckeltal_id)
        if value is None:
            continue
        direction = t.effective_direction
        if direction == Direction.HIGHER:
            met.append(value >= t.target)
        elif direction == Direction.LOWER:
            met.append(value <= t.target)
    if not met:
        return ""
    if all(met):
        return Rating.GREEN
    return Rating.YELLOW if any(met) else Rating.RED


def suggestions_for(fu, node, goals):
    """Suggested status per goal id for the follow-up's year (two queries at most)."""
    if not goals:
        return {}
    field = "overarching" if isinstance(goals[0], OverarchingGoal) else "namndmal"
    targets = list(
        Malvarde.objects.filter(**{f"{field}__in": goals}, year=fu.year).select_related("nyckeltal")
    )
    values = indicator_values({t.nyckeltal_id for t in targets}, fu.year, node)
    by_goal = {}
    for t in targets:
        by_goal.setdefault(getattr(t, f"{field}_id"), []).append(t)
    return {g.pk: suggest_status(by_goal.get(g.pk, []), values) for g in goals}


# --- one node's assessment ---------------------------------------------------------------------


def followup_action(node):
    """The right a node's assessment needs: the kommun's is administration, a nämnd's is
    compiling, a unit's is editing its own documents."""
    if node.depth == 1:
        return MANAGE
    if node.is_board:
        return COMPILE
    return EDIT


def followup_items(fu, node):
    """The goals (and uppdrag) a node assesses at a follow-up, with any status already set."""
    period = fu.planperiod
    if node.depth == 1:
        goals = list(OverarchingGoal.objects.filter(area__planperiod=period))
        existing = {
            st.overarching_id: st
            for st in GoalStatus.objects.filter(followup=fu, node=node, overarching__isnull=False)
        }
        pairs = [
            (g, existing.get(g.pk) or GoalStatus(followup=fu, node=node, overarching=g))
            for g in goals
        ]
        return {"goals": pairs, "uppdrag": []}
    if node.is_board:
        goals = list(Namndmal.objects.of_board(node, period))
        uppdrag = list(Uppdrag.objects.of_node(node, period))
    else:
        plan = Verksamhetsplan.objects.of_node(node, period).first()
        ids = set()
        if plan is not None:
            ids |= set(plan.goals.values_list("pk", flat=True))
            ids |= set(
                Activity.namndmal.through.objects.filter(activity__plan=plan).values_list(
                    "namndmal_id", flat=True
                )
            )
        goals = list(Namndmal.objects.filter(pk__in=ids).order_by("node__path", "order", "id"))
        uppdrag = list(Uppdrag.objects.filter(owner_node=node, planperiod=period))
    existing = {
        st.namndmal_id: st
        for st in GoalStatus.objects.filter(followup=fu, node=node, namndmal__isnull=False)
    }
    reports = {
        r.uppdrag_id: r for r in UppdragReport.objects.filter(followup=fu, uppdrag__in=uppdrag)
    }
    return {
        "goals": [
            (g, existing.get(g.pk) or GoalStatus(followup=fu, node=node, namndmal=g)) for g in goals
        ],
        "uppdrag": [
            (u, reports.get(u.pk) or UppdragReport(followup=fu, uppdrag=u)) for u in uppdrag
        ],
    }


# --- writes ------------------------------------------------------------------------------------


def followup_create(*, period, kind, year):
    """The planperiod's follow-up of a kind and year (created once), or None if invalid."""
    if kind not in FollowUpKind.values or not str(year or "").isdigit():
        return None
    if int(year) not in period.years:
        return None
    return Uppfoljning.objects.get_or_create(planperiod=period, year=int(year), kind=kind)[0]


def followup_publish(*, fu):
    """Publish the follow-up as a new version: every status and analysis as it is now is
    copied, and that copy is what politicians, the nämnd summary and the reports read until
    the next version is published on purpose."""
    with transaction.atomic():
        fu = Uppfoljning.objects.select_for_update().get(pk=fu.pk)
        version = fu.published_version + 1
        rated = ["status", "analysis", "updated_by_id", "updated_at"]
        PublishedGoalStatus.objects.bulk_create(
            (
                PublishedGoalStatus(
                    followup=fu,
                    version=version,
                    **{
                        f: getattr(st, f)
                        for f in [
                            "node_id",
                            "namndmal_id",
                            "overarching_id",
                            "suggested",
                            "deviation_reason",
                            *rated,
                        ]
                    },
                )
                for st in GoalStatus.objects.filter(followup=fu).iterator(chunk_size=2000)
            ),
            batch_size=2000,
        )
        PublishedUppdragReport.objects.bulk_create(
            (
                PublishedUppdragReport(
                    followup=fu,
                    version=version,
                    uppdrag_id=r.uppdrag_id,
                    **{f: getattr(r, f) for f in rated},
                )
                for r in UppdragReport.objects.filter(followup=fu).iterator(chunk_size=2000)
            ),
            batch_size=2000,
        )
        fu.published, fu.published_version, fu.published_at = True, version, timezone.now()
        fu.save(update_fields=["published", "published_version", "published_at"])
    return fu


def followup_unpublish(*, fu):
    """Politicians no longer see the follow-up; its published versions are kept."""
    fu.published = False
    fu.save(update_fields=["published"])
    return fu


def followup_save(*, goal_forms, upp_forms, user):
    """Save the statuses a node set; a goal left without status is not stored."""
    with transaction.atomic():
        for _item, f in [*goal_forms, *upp_forms]:
            if not f.cleaned_data.get("status"):
                continue
            if f.instance.pk is not None and not f.has_changed():
                continue  # an unchanged re-save changes nothing (nor the Ändringslogg)
            obj = f.save(commit=False)
            obj.updated_by = user
            save_checked(obj, f.seen())
