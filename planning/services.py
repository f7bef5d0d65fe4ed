"""Domain functions of the planning chain. Views stay thin and call these."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, F, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from tillit.cycle.models import CycleStep, Planperiod, StepKind
from tillit.org.models import NodeType, OrgNode
from tillit.org.permissions import (
    COMPILE,
    EDIT,
    MANAGE,
    ROLE_ACTIONS,
    VIEW,
    VIEW_PUBLISHED,
    assignments,
    can,
    node_q,
    nodes_where,
)

from .models import (
    SECTION_SHORT,
    Activity,
    AnalysisSection,
    Conclusion,
    Direction,
    FollowUpKind,
    GoalStatus,
    KartaStatus,
    KartaTheme,
    Malvarde,
    Namndmal,
    Nulagesanalys,
    Nulageskarta,
    NulageskartaVersion,
    NyckeltalSource,
    Omvarldsanalys,
    OverarchingGoal,
    Rating,
    SectionKey,
    StrategicArea,
    Uppdrag,
    UppdragReport,
    Uppfoljning,
    Verksamhetsplan,
)

BOARD_TYPES = (NodeType.NAMND, NodeType.STYRELSE)


# --- permissions for nämnd-level material ----------------------------------------------------


def _administrations(node):
    """The förvaltningar that serve a nämnd/styrelse (its förvaltning children)."""
    if node.typ not in BOARD_TYPES:
        return []
    cached = getattr(node, "_tillit_administrations", None)
    if cached is None:
        cached = list(
            OrgNode.objects.filter(
                path__startswith=node.path, depth=node.depth + 1, typ=NodeType.FORVALTNING
            )
        )
        node._tillit_administrations = cached
    return cached


def can_for(user, action, node):
    """`can`, where the förvaltningschef of a nämnd's förvaltning also acts for the nämnd."""
    if can(user, action, node):
        return True
    return any(can(user, action, f) for f in _administrations(node))


def authorize_for(user, action, node):
    """`authorize` with `can_for`: 404 to outsiders, 403 to those who may only read."""
    if can_for(user, action, node):
        return
    if can_for(user, VIEW, node) or can(user, VIEW_PUBLISHED, node):
        raise PermissionDenied("Du har inte behörighet att göra detta.")
    raise Http404("Sidan finns inte.")


def get_board(user, kod, action):
    node = OrgNode.objects.filter(kod=kod, typ__in=BOARD_TYPES).first()
    if node is None:
        raise Http404("Nämnden finns inte.")
    authorize_for(user, action, node)
    return node


def board_of(node):
    """The nämnd/styrelse a node belongs to (itself if it is one), or None."""
    if node.typ in BOARD_TYPES:
        return node
    return (
        OrgNode.objects.filter(path__in=node.ancestor_paths(), typ__in=BOARD_TYPES)
        .order_by("-depth")
        .first()
    )


def planperiod_from(request):
    """The planperiod chosen with ?period=<id>, else the current one."""
    pk = request.GET.get("period") or request.POST.get("period")
    if pk and str(pk).isdigit():
        period = Planperiod.objects.filter(pk=pk).first()
        if period:
            return period
    period = Planperiod.current()
    if period is None:
        raise Http404("Det finns ingen planperiod.")
    return period


# --- optimistic locking --------------------------------------------------------------------


class StaleEdit(Exception):
    """Somebody else saved the document after this form was opened."""


STALE_MESSAGE = (
    "Någon annan har sparat dokumentet medan du skrev. Dina ändringar är inte sparade ännu: "
    "jämför med den senaste versionen nedan och spara igen."
)


def save_checked(obj, seen_revision, user, fields=None):
    """Save `obj` only if nobody has saved it since revision `seen_revision`."""
    with transaction.atomic():
        if obj.pk is not None:
            current = type(obj).objects.select_for_update().only("revision").get(pk=obj.pk)
            if seen_revision is not None and current.revision != seen_revision:
                raise StaleEdit
            obj.revision = current.revision + 1
        obj.updated_by = user
        obj.updated_at = timezone.now()
        obj.save()
    return obj


# --- omvärldsanalys -----------------------------------------------------------------------


def omvarldsanalys_for(period, create=False):
    if create:
        return Omvarldsanalys.objects.get_or_create(planperiod=period)[0]
    return Omvarldsanalys.objects.filter(planperiod=period).first()


# --- nulägesanalys ------------------------------------------------------------------------


def analysis_for(node, period, create=False):
    """The node's nulägesanalys with one section per question (created on demand)."""
    analysis = Nulagesanalys.objects.filter(node=node, planperiod=period).first()
    if analysis is None and create:
        analysis = Nulagesanalys.objects.create(node=node, planperiod=period)
    if analysis is not None and create:
        have = set(analysis.sections.values_list("key", flat=True))
        AnalysisSection.objects.bulk_create(
            AnalysisSection(analysis=analysis, key=k) for k in SectionKey.values if k not in have
        )
    return analysis


def sections_of(analysis):
    order = {k: i for i, k in enumerate(SectionKey.values)}
    sections = list(analysis.sections.prefetch_related("nyckeltal", "trends"))
    return sorted(sections, key=lambda s: order.get(s.key, 99))


# --- nulägeskarta -------------------------------------------------------------------------


def karta_for(node, period, create=False):
    if create:
        return Nulageskarta.objects.get_or_create(node=node, planperiod=period)[0]
    return Nulageskarta.objects.filter(node=node, planperiod=period).first()


def themes_of(karta):
    """The karta's themes with conclusions, their sources, the source nodes and nyckeltal."""
    return list(
        karta.themes.prefetch_related(
            Prefetch(
                "conclusions",
                queryset=Conclusion.objects.select_related("source__analysis__node")
                .prefetch_related("source__nyckeltal")
                .order_by("order", "id"),
            )
        )
    )


COMPILE_ALL_LIMIT = 20  # above this many analyses, the compile page asks for a unit first


def compile_units(karta):
    """The nulägesanalyser in the nämnd's subtree, with the number of answered questions."""
    return list(
        Nulagesanalys.objects.filter(
            planperiod=karta.planperiod, node__path__startswith=karta.node.path
        )
        .select_related("node")
        .annotate(answered=Count("sections", filter=~Q(sections__text="")))
        .order_by("node__path")
    )


def source_sections(karta, under=None):
    """Non-empty sections of the nulägesanalyser in the nämnd's subtree (or under one of its
    units), to draw from."""
    path = under.path if under is not None else karta.node.path
    return (
        AnalysisSection.objects.filter(
            analysis__planperiod=karta.planperiod,
            analysis__node__path__startswith=path,
        )
        .exclude(text="")
        .select_related("analysis__node")
        .prefetch_related("nyckeltal")
        .order_by("analysis__node__path", "id")
    )


def note_karta_changed(karta, user):
    """An edit after a hand-over starts a new version: the handed-over one stays as it was."""
    if karta.status != KartaStatus.DRAFT:
        karta.status = KartaStatus.DRAFT
    save_checked(karta, None, user)


def add_conclusion(theme, text, source=None, user=None):
    order = theme.conclusions.count() + 1
    conclusion = Conclusion.objects.create(theme=theme, text=text, source=source, order=order)
    note_karta_changed(theme.karta, user)
    return conclusion


def add_theme(karta, title, summary="", user=None):
    theme = KartaTheme.objects.create(
        karta=karta, title=title, summary=summary, order=karta.themes.count() + 1
    )
    note_karta_changed(karta, user)
    return theme


def snapshot(karta):
    """The karta's content as plain data: what a hand-over freezes."""
    themes = []
    for theme in themes_of(karta):
        conclusions = []
        for c in theme.conclusions.all():
            source = None
            if c.source is not None:
                s = c.source
                source = {
                    "section_id": s.pk,
                    "analysis_id": s.analysis_id,
                    "node_kod": s.analysis.node.kod,
                    "node_namn": s.analysis.node.namn,
                    "key": s.key,
                    "label": SECTION_SHORT.get(s.key, s.key),
                    "text": s.text,
                    "nyckeltal": [
                        {"code": n.code, "title": n.title, "source_label": n.source_label}
                        for n in s.nyckeltal.all()
                    ],
                }
            conclusions.append({"id": c.pk, "text": c.text, "source": source})
        themes.append(
            {
                "id": theme.pk,
                "title": theme.title,
                "summary": theme.summary,
                "conclusions": conclusions,
            }
        )
    return {
        "node_kod": karta.node.kod,
        "node_namn": karta.node.namn,
        "budget_year": karta.planperiod.budget_year,
        "summary": karta.summary,
        "themes": themes,
    }


class HandoverError(Exception):
    pass


def hand_over(karta, user):
    """Freeze the karta as a new immutable version and mark it handed over to the nämnd."""
    with transaction.atomic():
        karta = Nulageskarta.objects.select_for_update().get(pk=karta.pk)
        if karta.status == KartaStatus.HANDED_OVER:
            raise HandoverError(
                "Nulägeskartan är redan överlämnad och har inte ändrats sedan dess."
            )
        if not karta.themes.exists():
            raise HandoverError("Lägg till minst ett tema med slutsatser innan du lämnar över.")
        last = karta.versions.order_by("-number").values_list("number", flat=True).first() or 0
        version = NulageskartaVersion.objects.create(
            karta=karta, number=last + 1, content=snapshot(karta), handed_over_by=user
        )
        karta.status = KartaStatus.HANDED_OVER
        save_checked(karta, None, user)
    return version


def latest_version(karta):
    return karta.versions.order_by("-number").first() if karta else None


# --- goals --------------------------------------------------------------------------------


def goal_count_warning(node, period):
    """A Swedish warning when a nämnd has more nämndmål than the kommun wants (never blocks)."""
    count = Namndmal.objects.filter(node=node, overarching__area__planperiod=period).count()
    limit = settings.MAX_GOALS_PER_NAMND
    if count > limit:
        return (
            f"{node.namn} har {count} nämndmål. Tillitsbaserad styrning bygger på få och "
            f"tydliga mål – kommunens riktlinje är högst {limit}."
        )
    return ""


def goals_of_board(node, period):
    return list(
        Namndmal.objects.filter(node=node, overarching__area__planperiod=period)
        .select_related("overarching__area")
        .prefetch_related("targets__nyckeltal")
        .order_by("overarching__area__order", "overarching__order", "order", "id")
    )


def goals_for_unit(node, period):
    """The nämndmål a unit can work towards: those of its nämnd."""
    board = board_of(node)
    if board is None:
        return Namndmal.objects.none()
    return Namndmal.objects.filter(node=board, overarching__area__planperiod=period).order_by(
        "overarching__area__order", "overarching__order", "order"
    )


# --- verksamhetsplan ----------------------------------------------------------------------


def plan_for(node, period, create=False):
    plan = Verksamhetsplan.objects.filter(node=node, planperiod=period).first()
    if plan is None and create:
        board = board_of(node)
        plan = Verksamhetsplan.objects.create(
            node=node,
            planperiod=period,
            nulageskarta=karta_for(board, period) if board else None,
            omvarldsanalys=omvarldsanalys_for(period),
        )
    return plan


def activities_of(plan):
    return list(
        Activity.objects.filter(plan=plan)
        .prefetch_related("namndmal", "overarching")
        .order_by("status", "starts_on", "id")
    )


def touch_plan(plan, user):
    """An activity changed: the plan records who changed it last (and keeps the history)."""
    save_checked(plan, None, user)


def plan_revisions(plan, limit=50):
    """The plan's and its activities' history, newest first, with changed fields in Swedish."""
    rows = []
    records = list(plan.history.select_related("history_user").order_by("-history_date")[:limit])
    for i, rec in enumerate(records):
        prev = records[i + 1] if i + 1 < len(records) else None
        changed = []
        if prev is not None:
            changed = [
                str(plan._meta.get_field(c.field).verbose_name)
                for c in rec.diff_against(prev).changes
                if c.field not in ("updated_at", "updated_by")
            ]
        rows.append(
            {
                "when": rec.history_date,
                "who": rec.history_user,
                "what": "Planen skapades"
                if rec.history_type == "+"
                else ("Ändrade: " + ", ".join(changed) if changed else "Sparad"),
                "record": rec,
            }
        )
    act_history = Activity.history.filter(plan_id=plan.pk).select_related("history_user")
    for rec in act_history.order_by("-history_date")[:limit]:
        verb = {"+": "Ny aktivitet", "~": "Ändrad aktivitet", "-": "Borttagen aktivitet"}
        rows.append(
            {
                "when": rec.history_date,
                "who": rec.history_user,
                "what": f"{verb[rec.history_type]}: {rec.title} ({rec.get_status_display()})",
                "record": rec,
            }
        )
    rows.sort(key=lambda r: r["when"], reverse=True)
    return rows[:limit]


def save_plan(form, user):
    with transaction.atomic():
        plan = form.save(commit=False)
        save_checked(plan, form.seen(), user)
        form.save_m2m()
    return plan


def save_activity(form, plan, user):
    with transaction.atomic():
        activity = form.save()
        touch_plan(plan, user)
    return activity


# --- saving with checks -------------------------------------------------------------------


def stale_form(form, data, obj):
    """Tell the second writer: keep what they typed, show the latest saved version, and let
    them save again on top of it."""
    latest = type(obj).objects.get(pk=obj.pk)
    data["seen_revision"] = str(latest.revision)
    form.add_error(None, STALE_MESSAGE)
    form.latest = latest
    return form


def save_trend_responses(forms_, user):
    with transaction.atomic():
        for _trend, f in forms_:
            obj = f.save(commit=False)
            if obj.pk is None and obj.is_empty:
                continue
            obj.updated_by = user
            obj.save()


def save_analysis(analysis, form, user):
    data = form.cleaned_data
    with transaction.atomic():
        analysis.status = data["status"]
        save_checked(analysis, form.seen(), user)
        # Write only what changed: a save that touches one answer should not rewrite ten.
        changed = []
        for section in form.sections:
            text = data.get(f"{section.key}_text", "")
            if text != section.text:
                section.text = text
                changed.append(section)
            for relation in ("nyckeltal", "trends"):
                wanted = {obj.pk for obj in data.get(f"{section.key}_{relation}") or []}
                manager = getattr(section, relation)
                if wanted != {obj.pk for obj in manager.all()}:
                    manager.set(wanted)
        AnalysisSection.objects.bulk_update(changed, ["text"])
    return analysis


def citing_conclusions(sections):
    """Which nulägeskarta conclusions cite each section (knowledge flowing upward)."""
    cited = {}
    qs = Conclusion.objects.filter(source__in=[x.pk for x in sections]).select_related(
        "theme__karta__node"
    )
    for c in qs:
        cited.setdefault(c.source_id, []).append(c)
    return cited


def save_karta(karta, seen, user):
    if karta.status == KartaStatus.HANDED_OVER:
        karta.status = KartaStatus.DRAFT
    return save_checked(karta, seen, user)


def compile_rows(karta, bound=None, under=None):
    """The units' sections to draw from, each with what is already used and a form state."""
    used = set(
        Conclusion.objects.filter(theme__karta=karta, source__isnull=False).values_list(
            "source_id", flat=True
        )
    )
    themes = list(karta.themes.all())
    rows = []
    for section in source_sections(karta, under):
        form = bound[1] if bound and bound[0] == section.pk else None
        rows.append(
            {
                "section": section,
                "used": section.pk in used,
                "form": form,
                "text": form.data.get(f"s{section.pk}-text", "") if form else section.text,
                "theme_id": form.data.get(f"s{section.pk}-theme", "") if form else "",
                "themes": themes,
            }
        )
    return rows


def karta_revisions(karta, limit=50):
    rows = []
    for rec in karta.history.select_related("history_user").order_by("-history_date")[:limit]:
        rows.append(
            {
                "when": rec.history_date,
                "who": rec.history_user,
                "what": f"Nulägeskartan sparades ({rec.get_status_display()})",
            }
        )
    theme_ids = list(karta.themes.values_list("pk", flat=True))
    verbs = {"+": "Nytt", "~": "Ändrat", "-": "Borttaget"}
    for rec in (
        KartaTheme.history.filter(karta_id=karta.pk)
        .select_related("history_user")
        .order_by("-history_date")[:limit]
    ):
        rows.append(
            {
                "when": rec.history_date,
                "who": rec.history_user,
                "what": f"{verbs[rec.history_type]} tema: {rec.title}",
            }
        )
    for rec in (
        Conclusion.history.filter(theme_id__in=theme_ids)
        .select_related("history_user")
        .order_by("-history_date")[:limit]
    ):
        verb = {"+": "Ny", "~": "Ändrad", "-": "Borttagen"}[rec.history_type]
        rows.append(
            {
                "when": rec.history_date,
                "who": rec.history_user,
                "what": f"{verb} slutsats: {rec.text[:80]}",
            }
        )
    for v in karta.versions.select_related("handed_over_by"):
        rows.append(
            {
                "when": v.handed_over_at,
                "who": v.handed_over_by,
                "what": f"Lämnades över till nämnden som version {v.number}",
            }
        )
    rows.sort(key=lambda r: r["when"], reverse=True)
    return rows[:limit]


# --- overviews ----------------------------------------------------------------------------


def _has_working_access(user):
    """Whether the user reads working material anywhere (not only published material)."""
    return user.is_superuser or any(VIEW in ROLE_ACTIONS[a.role] for a in assignments(user))


def overview(user, period, limit=500):
    """Boards with their nulägeskarta state and units with their documents' state:
    the förvaltningschef sees who has not yet submitted (bounded queries)."""
    boards = list(nodes_where(user, VIEW_PUBLISHED).filter(typ__in=BOARD_TYPES))
    kartor = {
        k.node_id: k
        for k in Nulageskarta.objects.filter(planperiod=period, node__in=boards).annotate(
            version_count=Count("versions")
        )
    }
    board_rows = [{"node": b, "karta": kartor.get(b.pk)} for b in boards]
    units = list(
        nodes_where(user, VIEW)
        .exclude(typ__in=(NodeType.KOMMUN, *BOARD_TYPES))
        .filter(closed_on__isnull=True)[:limit]
    )
    ids = [u.pk for u in units]
    analyses = dict(
        Nulagesanalys.objects.filter(planperiod=period, node_id__in=ids).values_list(
            "node_id", "status"
        )
    )
    plans = dict(
        Verksamhetsplan.objects.filter(planperiod=period, node_id__in=ids).values_list(
            "node_id", "status"
        )
    )
    steps = {
        st.kind: st
        for st in CycleStep.objects.filter(
            planperiod=period, kind__in=[StepKind.NULAGESANALYS, StepKind.VERKSAMHETSPLAN]
        )
    }
    unit_rows = [
        {
            "node": u,
            "analysis": analyses.get(u.pk),
            "plan": plans.get(u.pk),
            "can_edit": can(user, EDIT, u),
        }
        for u in units
    ]
    return {
        "boards": board_rows,
        "units": unit_rows,
        "missing_analyses": sum(1 for r in unit_rows if r["analysis"] != "klar"),
        "missing_plans": sum(1 for r in unit_rows if r["plan"] != "klar"),
        "analysis_step": steps.get(StepKind.NULAGESANALYS),
        "plan_step": steps.get(StepKind.VERKSAMHETSPLAN),
        "today": timezone.localdate(),
    }


def visible_followup(user, period):
    """The latest follow-up the user may see statuses of."""
    qs = Uppfoljning.objects.filter(planperiod=period).order_by("-year", "-kind")
    if not _has_working_access(user):
        qs = qs.filter(published=True)
    return qs.first()


def _board_level_statuses(fu, goal_ids=None, overarching_ids=None):
    """Statuses the nämnder set for their own nämndmål and the kommun for overarching goals."""
    if fu is None:
        return {}, {}
    by_goal, by_over = {}, {}
    qs = GoalStatus.objects.filter(followup=fu).filter(
        Q(namndmal__isnull=False, node=F("namndmal__node"))
        | Q(overarching__isnull=False, node__depth=1)
    )
    if goal_ids is not None:
        qs = qs.filter(Q(namndmal_id__in=goal_ids) | Q(overarching_id__in=overarching_ids or []))
    for st in qs:
        if st.namndmal_id:
            by_goal[st.namndmal_id] = st
        else:
            by_over[st.overarching_id] = st
    return by_goal, by_over


def goal_overview(user, period):
    areas = list(
        StrategicArea.objects.filter(planperiod=period).prefetch_related(
            Prefetch(
                "goals", queryset=OverarchingGoal.objects.prefetch_related("targets__nyckeltal")
            )
        )
    )
    namndmal = (
        Namndmal.objects.filter(overarching__area__planperiod=period)
        .filter(node_q(user, VIEW_PUBLISHED))
        .select_related("node")
        .order_by("node__path", "order", "id")
    )
    fu = visible_followup(user, period)
    by_goal, by_over = _board_level_statuses(fu)
    beneath = {}
    for g in namndmal:
        g.current_status = by_goal.get(g.pk)
        beneath.setdefault(g.overarching_id, []).append(g)
    for area in areas:
        for og in area.goals.all():
            og.namndmal_list = beneath.get(og.pk, [])
            og.current_status = by_over.get(og.pk)
    return {"areas": areas, "followup": fu}


def overarching_detail(user, goal):
    fu = visible_followup(user, goal.area.planperiod)
    goals = list(goal.namndmal.filter(node_q(user, VIEW_PUBLISHED)).select_related("node"))
    by_goal, by_over = _board_level_statuses(fu)
    for g in goals:
        g.current_status = by_goal.get(g.pk)
    return {
        "targets": goal.targets.select_related("nyckeltal"),
        "namndmal": goals,
        "current_status": by_over.get(goal.pk),
        "followup": fu,
        "activities": goal.activities.filter(node_q(user, VIEW, prefix="plan__node__"))
        .select_related("plan__node")
        .order_by("plan__node__path"),
    }


def goal_detail(user, goal):
    """A goal with what it rests on (conclusions → unit analyses) and what serves it."""
    may_view_board = can_for(user, VIEW, goal.node)
    karta = karta_for(goal.node, goal.overarching.area.planperiod)
    version = latest_version(karta)
    conclusions = []
    if may_view_board or version is not None:
        conclusions = list(
            goal.based_on.select_related("theme", "source__analysis__node").prefetch_related(
                "source__nyckeltal"
            )
        )
    working = _has_working_access(user)
    statuses = GoalStatus.objects.filter(namndmal=goal).select_related("node", "followup")
    if not working:
        statuses = statuses.filter(followup__published=True, node=goal.node)
    else:
        statuses = statuses.filter(node_q(user, VIEW) | Q(node=goal.node))
    return {
        "targets": goal.targets.select_related("nyckeltal"),
        "conclusions": conclusions,
        "may_view_board": may_view_board,
        "karta_version": version,
        "activities": goal.activities.filter(node_q(user, VIEW, prefix="plan__node__"))
        .select_related("plan__node", "plan__planperiod")
        .order_by("plan__node__path"),
        "statuses": statuses.order_by("-followup__year", "followup__kind", "node__path"),
    }


# --- uppföljning --------------------------------------------------------------------------


def followup_create(period, kind, year):
    if kind not in FollowUpKind.values or not str(year or "").isdigit():
        return None
    if int(year) not in period.years:
        return None
    return Uppfoljning.objects.get_or_create(planperiod=period, year=int(year), kind=kind)[0]


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


def followup_action(node):
    if node.depth == 1:
        return MANAGE
    if node.typ in BOARD_TYPES:
        return COMPILE
    return EDIT


def followup_items(fu, node):
    """The goals (and uppdrag) a node assesses at a follow-up, with any status already set."""
    period = fu.planperiod
    uppdrag = []
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
    if node.typ in BOARD_TYPES:
        goals = list(Namndmal.objects.filter(node=node, overarching__area__planperiod=period))
        uppdrag = list(Uppdrag.objects.filter(node=node, planperiod=period))
    else:
        plan = plan_for(node, period)
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


def save_followup(goal_forms, upp_forms, user):
    with transaction.atomic():
        for _item, f in [*goal_forms, *upp_forms]:
            if not f.cleaned_data.get("status"):
                continue
            obj = f.save(commit=False)
            obj.updated_by = user
            obj.save()


def followup_rollup(user, fu):
    """Areas → overarching goals (kommun status) → nämndmål (nämnd status) → unit statuses."""
    period = fu.planperiod
    working = _has_working_access(user)
    if not fu.published and not working:
        raise Http404("Uppföljningen är inte publicerad.")
    areas = list(StrategicArea.objects.filter(planperiod=period).prefetch_related("goals"))
    goals = list(
        Namndmal.objects.filter(overarching__area__planperiod=period)
        .filter(node_q(user, VIEW_PUBLISHED))
        .select_related("node")
        .order_by("node__path", "order", "id")
    )
    statuses = GoalStatus.objects.filter(followup=fu).select_related("node")
    visible = node_q(user, VIEW)
    if fu.published:
        visible |= node_q(user, VIEW_PUBLISHED) & (Q(node__depth=1) | Q(node__typ__in=BOARD_TYPES))
    statuses = statuses.filter(visible).order_by("node__path")
    over_status, goal_status, unit_statuses = {}, {}, {}
    for st in statuses:
        if st.overarching_id:
            if st.node.depth == 1:
                over_status[st.overarching_id] = st
        elif st.node.typ in BOARD_TYPES:
            goal_status[st.namndmal_id] = st
        else:
            unit_statuses.setdefault(st.namndmal_id, []).append(st)
    beneath = {}
    for g in goals:
        g.current_status = goal_status.get(g.pk)
        g.unit_statuses = unit_statuses.get(g.pk, [])
        beneath.setdefault(g.overarching_id, []).append(g)
    for area in areas:
        for og in area.goals.all():
            og.current_status = over_status.get(og.pk)
            og.namndmal_list = beneath.get(og.pk, [])
    reports = (
        UppdragReport.objects.filter(followup=fu)
        .filter(node_q(user, VIEW_PUBLISHED if fu.published else VIEW, prefix="uppdrag__node__"))
        .select_related("uppdrag__node")
    )
    root = OrgNode.objects.filter(depth=1).first()
    assess = []
    if root is not None and can(user, MANAGE, root):
        assess.append(root)
    assess += [b for b in OrgNode.objects.filter(typ__in=BOARD_TYPES) if can_for(user, COMPILE, b)]
    assess += [
        p.node
        for p in Verksamhetsplan.objects.filter(planperiod=period)
        .filter(node_q(user, EDIT))
        .select_related("node")
        .order_by("node__path")[:50]
    ]
    return {"areas": areas, "reports": reports, "assess": assess}
