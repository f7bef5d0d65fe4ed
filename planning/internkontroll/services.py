"""Writes (`<entity>_<action>(*, …)`) and the reads that pages, reports, the dialogue and the
start page share. No permission checks here: views check first (tillit/org/permissions.py)."""

import datetime

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from planning.services.common import save_checked
from tillit.locking import StaleEdit
from tillit.org.models import NodeType

from . import rules
from .models import (
    Decision,
    Internkontrollplan,
    KontrollAction,
    Kontrollmoment,
    Kontrollresultat,
    Outcome,
    PlanStatus,
    PlanVersion,
    Risk,
    Riskanalys,
)

__all__ = ["StaleEdit"]


# --- risk analysis ----------------------------------------------------------------------------


def riskanalys_for(node, year, create=False):
    if create:
        return Riskanalys.objects.get_or_create(node=node, year=year)[0]
    return Riskanalys.objects.filter(node=node, year=year).first()


def risks_of(analysis):
    """The analysis' risks, highest risk value first, with what the page shows (one query)."""
    if analysis is None:
        return []
    return list(
        Risk.objects.filter(analysis=analysis)
        .by_value()
        .select_related("owner", "namndmal", "uppdrag")
        .annotate(control_count=Count("controls"))
    )


def risk_save(*, risk, seen_revision, user):
    return save_checked(risk, seen_revision, user)


def risks_carry_over(*, analysis, user):
    """Copy last year's risks of the same node into `analysis` for reassessment (the old rows
    stay as they were: history is kept). Risks already carried over are skipped; returns how
    many were copied."""
    previous = riskanalys_for(analysis.node, analysis.year - 1)
    if previous is None:
        return 0
    done = set(
        Risk.objects.filter(analysis=analysis, carried_from__isnull=False).values_list(
            "carried_from_id", flat=True
        )
    )
    now = timezone.now()
    copies = [
        Risk(
            analysis=analysis,
            title=r.title,
            description=r.description,
            process=r.process,
            owner_id=r.owner_id,
            sannolikhet=r.sannolikhet,
            konsekvens=r.konsekvens,
            namndmal_id=r.namndmal_id,
            uppdrag_id=r.uppdrag_id,
            decision=r.decision,
            decision_reason=r.decision_reason,
            carried_from=r,
            updated_by=user,
            updated_at=now,
        )
        for r in Risk.objects.filter(analysis=previous).exclude(pk__in=done)
    ]
    with transaction.atomic():
        for copy in copies:
            copy.save()
    return len(copies)


def matrix_for(analysis):
    """The 4 × 4 matrix of the analysis' risks (one aggregate query)."""
    if analysis is None:
        return rules.matrix([])
    pairs = []
    for row in (
        Risk.objects.filter(analysis=analysis)
        .values("sannolikhet", "konsekvens")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        pairs += [(row["sannolikhet"], row["konsekvens"])] * row["n"]
    return rules.matrix(pairs)


# --- the plan ---------------------------------------------------------------------------------


def plan_for(node, year, create=False):
    if create:
        return Internkontrollplan.objects.get_or_create(node=node, year=year)[0]
    return Internkontrollplan.objects.filter(node=node, year=year).first()


def controls_of(plan):
    """The live controls of the plan with their risk, people and results (three queries)."""
    if plan is None:
        return []
    return list(
        Kontrollmoment.objects.filter(plan=plan)
        .select_related("risk", "responsible", "responsible_node")
        .prefetch_related(
            Prefetch("results", queryset=Kontrollresultat.objects.order_by("-performed_on", "-pk"))
        )
    )


def plan_save(*, plan, seen_revision, user):
    return save_checked(plan, seen_revision, user)


def _made_draft(plan, user):
    """Any change to the controls of an adopted plan makes it a draft of the next version."""
    Internkontrollplan.objects.filter(pk=plan.pk, status=PlanStatus.ADOPTED).update(
        status=PlanStatus.DRAFT, updated_by=user, updated_at=timezone.now()
    )
    plan.status = PlanStatus.DRAFT


def control_save(*, control, seen_revision, user):
    with transaction.atomic():
        save_checked(control, seen_revision, user)
        _made_draft(control.plan, user)
    return control


def control_remove(*, control, user):
    """Remove a control that has not been carried out (results are kept with their control)."""
    if control.results.exists():
        raise ValueError("Kontrollen har redan genomförts och kan inte tas bort.")
    with transaction.atomic():
        plan = control.plan
        control.delete()
        _made_draft(plan, user)


def controls_from_risks(*, plan, user):
    """Put every risk of the same node and year decided as *kontrollera i planen* into the plan,
    once each. Returns how many controls were made."""
    risks = Risk.objects.filter(
        analysis__node=plan.node, analysis__year=plan.year, decision=Decision.KONTROLLERA
    ).exclude(Exists(Kontrollmoment.objects.filter(plan=plan, risk=OuterRef("pk"))))
    made = 0
    with transaction.atomic():
        start = plan.controls.count()
        for risk in risks.by_value():
            made += 1
            Kontrollmoment.objects.create(
                plan=plan,
                risk=risk,
                title=f"Kontroll av: {risk.title}"[:300],
                method="stickprov",
                responsible_id=risk.owner_id,
                order=start + made,
                updated_by=user,
            )
        if made:
            _made_draft(plan, user)
    return made


def plan_adopt(*, plan, user, adopted_on=None):
    """The nämnd adopted the plan: freeze its controls as the next version."""
    with transaction.atomic():
        plan = Internkontrollplan.objects.select_for_update().get(pk=plan.pk)
        controls = controls_of(plan)
        if not controls:
            raise ValueError("Planen har inga kontrollmoment att anta.")
        number = (plan.versions.order_by("-number").values_list("number", flat=True).first()) or 0
        version = PlanVersion.objects.create(
            plan=plan,
            number=number + 1,
            adopted_on=adopted_on or timezone.localdate(),
            adopted_by=user,
            content={
                "node": plan.node.namn,
                "year": plan.year,
                "introduction": plan.introduction,
                "controls": [c.as_content() for c in controls],
                # The risk analysis the nämnd adopted the plan on, as it was that day.
                "risks": [r.as_content() for r in risks_of(riskanalys_for(plan.node, plan.year))],
            },
        )
        plan.status = PlanStatus.ADOPTED
        save_checked(plan, None, user)
    return version


def is_adopted(control):
    """Is the control part of an adopted version of its plan (not only of the draft)?"""
    return any(control.pk in v.control_ids for v in control.plan.versions.all())


def _adopted_only(controls):
    """The controls (with `plan__versions` prefetched) that an adopted version contains."""
    return [c for c in controls if is_adopted(c)]


def frozen_matrix(version):
    """The risk matrix of the analysis frozen with an adopted version."""
    risks = version.content.get("risks", []) if version else []
    return rules.matrix([(r["sannolikhet"], r["konsekvens"]) for r in risks])


def latest_version(plan):
    if plan is None:
        return None
    return plan.versions.order_by("-number").first()


# --- controls carried out ---------------------------------------------------------------------


def result_record(*, control, user, outcome, findings="", performed_on=None, actions=()):
    """Record a control carried out; `actions` are (text, due_on) pairs, for deviations."""
    if outcome == Outcome.AVVIKELSE and not findings.strip():
        raise ValueError("Beskriv vad som framkom vid avvikelsen.")
    with transaction.atomic():
        result = Kontrollresultat.objects.create(
            control=control,
            outcome=outcome,
            findings=findings,
            performed_on=performed_on or timezone.localdate(),
            recorded_by=user,
        )
        made = [
            KontrollAction.objects.create(
                result=result,
                node=control.unit,
                text=text.strip(),
                due_on=due_on,
                responsible_id=control.responsible_id,
            )
            for text, due_on in actions
            if text.strip()
        ]
        from .notifications import actions_assigned

        actions_assigned(control, made, user)
    return result


def action_set_status(*, action, status):
    action.set_status(status)
    action.save(update_fields=["status"])
    return action


def control_state(control, today=None):
    """ "genomford", "avvikelse", "forsenad" or "planerad", from the prefetched results."""
    today = today or timezone.localdate()
    results = list(control.results.all())
    if results:
        return "avvikelse" if any(r.is_deviation for r in results) else "genomford"
    due = control.due_on
    return "forsenad" if due and due < today else "planerad"


STATE_LABELS = {
    "genomford": "Utan anmärkning",
    "avvikelse": "Avvikelse",
    "forsenad": "Försenad",
    "planerad": "Planerad",
}


def followup_rows(version, today=None):
    """The adopted version's controls with how they went: [{"control" (frozen dict), "state",
    "state_label", "results" [Kontrollresultat], "actions" [KontrollAction]}] (two queries)."""
    if version is None:
        return []
    ids = version.control_ids
    live = {
        c.pk: c
        for c in Kontrollmoment.objects.filter(pk__in=ids)
        .select_related("plan")
        .prefetch_related(
            Prefetch(
                "results",
                queryset=Kontrollresultat.objects.order_by("-performed_on", "-pk").prefetch_related(
                    "actions"
                ),
            )
        )
    }
    rows = []
    for frozen in version.content.get("controls", []):
        control = live.get(frozen["id"])
        state = control_state(control, today) if control else "planerad"
        results = list(control.results.all()) if control else []
        rows.append(
            {
                "control": frozen,
                "live": control,
                "state": state,
                "state_label": STATE_LABELS[state],
                "results": results,
                "actions": [a for r in results for a in r.actions.all()],
            }
        )
    return rows


def followup_counts(rows):
    counts = dict.fromkeys(STATE_LABELS, 0)
    for row in rows:
        counts[row["state"]] += 1
    counts["total"] = len(rows)
    counts["done"] = counts["genomford"] + counts["avvikelse"]
    return counts


# --- across the kommun ------------------------------------------------------------------------


def kommun_summary(year, boards, today=None):
    """Kommunstyrelsen's uppsiktsplikt: per nämnd/styrelse, is the plan adopted, and how many
    controls are done, with deviations, overdue. A fixed number of queries for any number of
    nämnder: [{"node", "plan", "version", "counts"}]."""
    today = today or timezone.localdate()
    boards = list(boards)
    plans = {
        p.node_id: p
        for p in Internkontrollplan.objects.filter(node__in=boards, year=year).prefetch_related(
            Prefetch("versions", queryset=PlanVersion.objects.order_by("-number"))
        )
    }
    versions = {}
    ids = []
    for node_id, plan in plans.items():
        latest = next(iter(plan.versions.all()), None)
        versions[node_id] = latest
        if latest:
            ids += latest.control_ids
    controls = _annotated(ids)
    rows = []
    for node in boards:
        version = versions.get(node.pk)
        rows.append(
            {
                "node": node,
                "plan": plans.get(node.pk),
                "version": version,
                "counts": _counts(version, controls, today),
            }
        )
    return rows


def _counts(version, controls, today):
    """Controls of an adopted version: total, done, with deviation, overdue; `controls` maps
    id → Kontrollmoment annotated with n_results and n_deviations."""
    counts = {"total": 0, "done": 0, "avvikelse": 0, "forsenad": 0}
    for frozen in version.content.get("controls", []) if version else []:
        counts["total"] += 1
        c = controls.get(frozen["id"])
        if c is not None and c.n_results:
            counts["done"] += 1
            counts["avvikelse"] += 1 if c.n_deviations else 0
        elif (due := rules.due_date(version.plan.year, frozen.get("month"))) and due < today:
            counts["forsenad"] += 1
    return counts


def _annotated(ids):
    return {
        c.pk: c
        for c in Kontrollmoment.objects.filter(pk__in=ids).annotate(
            n_results=Count("results"),
            n_deviations=Count("results", filter=Q(results__outcome=Outcome.AVVIKELSE)),
        )
    }


def adopted_summary(node, year, today=None):
    """The nämnd's adopted plan of the year and how it went, for the politicians' summary (two
    queries): {"version", "counts"} or None when no plan is adopted."""
    version = (
        PlanVersion.objects.filter(plan__node=node, plan__year=year)
        .select_related("plan")
        .order_by("-number")
        .first()
    )
    if version is None:
        return None
    counts = _counts(version, _annotated(version.control_ids), today or timezone.localdate())
    return {"version": version, "counts": counts}


def overdue_controls_for(user, today=None):
    """Controls of adopted plans the user is responsible for, past their month and not yet
    carried out (one query)."""
    today = today or timezone.localdate()
    if not getattr(user, "is_authenticated", False):
        return []
    candidates = (
        Kontrollmoment.objects.filter(
            responsible=user,
            month__isnull=False,
            plan__year__lte=today.year,
            plan__versions__isnull=False,
        )
        .exclude(Exists(Kontrollresultat.objects.filter(control=OuterRef("pk"))))
        .select_related("plan__node")
        .prefetch_related("plan__versions")
        .distinct()
        .order_by("plan__year", "month", "pk")
    )
    return [c for c in _adopted_only(candidates) if c.due_on < today]


# --- the dialogue's Risker agenda item --------------------------------------------------------


def risk_material(node, today=None, horizon_days=92):
    """The unit's risks (its own analysis and the nearest one above it) and its controls due in
    the next months or overdue; read-only, a fixed number of queries.

    {"available", "year", "risks": [Risk], "analysis_node", "controls": [{"control", "due_on",
    "state_label"}], "actions": [open KontrollAction of the subtree], "url"}
    """
    today = today or timezone.localdate()
    paths = [node.path, *reversed(node.ancestor_paths())]
    analysis = (
        Riskanalys.objects.filter(node__path__in=paths, year=today.year)
        .select_related("node")
        .order_by("-node__depth")
        .first()
    )
    risks = risks_of(analysis)[:10] if analysis else []
    horizon = today + datetime.timedelta(days=horizon_days)
    controls = (
        Kontrollmoment.objects.filter(
            Q(responsible_node=node) | Q(responsible_node__isnull=True, plan__node=node),
            plan__year=today.year,
            plan__versions__isnull=False,
        )
        .exclude(Exists(Kontrollresultat.objects.filter(control=OuterRef("pk"))))
        .select_related("plan", "responsible")
        .prefetch_related("plan__versions")
        .distinct()
        .order_by("month", "pk")
    )
    due = [
        {
            "control": c,
            "due_on": c.due_on,
            "state_label": "Försenad" if c.due_on and c.due_on < today else "Planerad",
        }
        for c in _adopted_only(controls)
        if c.due_on is None or c.due_on <= horizon
    ]
    actions = open_actions_for(node)
    return {
        "available": bool(risks or due or actions),
        "year": today.year,
        "actions": actions,
        "analysis_node": analysis.node if analysis else None,
        "risks": risks,
        "controls": due,
        "url": analysis.get_absolute_url() if analysis else None,
    }


def open_actions_for(node):
    """Open control actions of the node and its subtree, soonest first (one query)."""
    return list(
        KontrollAction.objects.open()
        .filter(node__path__startswith=node.path)
        .select_related("responsible", "result__control__plan")
        .order_by("due_on", "pk")
    )


def open_actions_of_plan(plan):
    return list(
        KontrollAction.objects.open()
        .filter(result__control__plan=plan)
        .select_related("responsible", "node", "result__control__plan")
        .order_by("due_on", "pk")
    )


# Nodes that keep a risk analysis and an internkontrollplan: nämnder/styrelser, and förvaltningar
# or verksamheter below them that keep their own.
OWNER_TYPES = (
    NodeType.NAMND,
    NodeType.STYRELSE,
    NodeType.FORVALTNING,
    NodeType.VERKSAMHET,
)
