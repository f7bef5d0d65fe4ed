"""The planning start page: the boards with their nulägeskarta and the units with the state of
their documents, so the förvaltningschef sees who has not yet submitted (bounded queries), and
Påminn: one reminder to the responsible people of the selected late units, logged, at most once
a day per unit.

A unit is expected to deliver when someone holds the role the årshjul gives the nulägesanalys and
verksamhetsplan to (verksamhetschef/enhetschef) on it — the same rule as the årshjul's tasks
and deadline reminders — or when it has already begun one of the documents. Only those units
are listed and counted; the others are counted apart ("utan ansvarig")."""

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from tillit.cycle.models import CycleStep, StepKind
from tillit.notifications.models import Kind, UnitReminder
from tillit.notifications.service import notify
from tillit.org.models import BOARD_TYPES, NodeType, Role, RoleAssignment
from tillit.org.permissions import COMPILE, EDIT, VIEW, VIEW_PUBLISHED, can, nodes_where

from ..models import DocStatus, Nulagesanalys, Nulageskarta, Verksamhetsplan


class ReminderRefused(Exception):
    """Påminn refused as a whole (nothing sent); the message is Swedish and names the units."""


def _responsible(ids):
    """{node id: [users holding the chef role on exactly that node]} (one query)."""
    found = {}
    for a in (
        RoleAssignment.objects.filter(role=Role.CHEF, node_id__in=ids, user__is_active=True)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username")
    ):
        found.setdefault(a.node_id, []).append(a.user)
    return found


def _document_statuses(period, ids):
    """{node_id: status} of the units' nulägesanalyser and verksamhetsplaner of `period`."""
    return tuple(
        dict(
            model.objects.filter(planperiod=period, node_id__in=ids).values_list(
                "node_id", "status"
            )
        )
        for model in (Nulagesanalys, Verksamhetsplan)
    )


def overview(user, period, limit=500, today=None):
    today = today or timezone.localdate()
    boards = list(nodes_where(user, VIEW_PUBLISHED).boards())
    kartor = {
        k.node_id: k
        for k in Nulageskarta.objects.filter(planperiod=period, node__in=boards).annotate(
            version_count=Count("versions")
        )
    }
    board_rows = [{"node": b, "karta": kartor.get(b.pk)} for b in boards]
    units = list(
        nodes_where(user, VIEW).exclude(typ__in=(NodeType.KOMMUN, *BOARD_TYPES)).open()[:limit]
    )
    ids = [u.pk for u in units]
    analyses, plans = _document_statuses(period, ids)
    responsible = _responsible(ids)
    reminded = dict(
        UnitReminder.objects.filter(node_id__in=ids, day=today).values_list("node_id", "sent_at")
    )
    steps = {
        st.kind: st
        for st in CycleStep.objects.filter(
            planperiod=period, kind__in=[StepKind.NULAGESANALYS, StepKind.VERKSAMHETSPLAN]
        )
    }
    unit_rows, without = [], 0
    for u in units:
        row = {
            "node": u,
            "analysis": analyses.get(u.pk),
            "plan": plans.get(u.pk),
            "responsible": responsible.get(u.pk, []),
        }
        if not row["responsible"] and row["analysis"] is None and row["plan"] is None:
            without += 1
            continue
        row["late"] = row["analysis"] != DocStatus.DONE or row["plan"] != DocStatus.DONE
        row["can_edit"] = can(user, EDIT, u)
        row["reminded_at"] = reminded.get(u.pk)
        row["may_remind"] = can(user, COMPILE, u)
        row["can_remind"] = (
            row["may_remind"]
            and row["late"]
            and bool(row["responsible"])
            and row["reminded_at"] is None
        )
        unit_rows.append(row)
    return {
        "boards": board_rows,
        "units": unit_rows,
        "units_without_responsible": without,
        "missing_analyses": sum(1 for r in unit_rows if r["analysis"] != DocStatus.DONE),
        "missing_plans": sum(1 for r in unit_rows if r["plan"] != DocStatus.DONE),
        "analysis_step": steps.get(StepKind.NULAGESANALYS),
        "plan_step": steps.get(StepKind.VERKSAMHETSPLAN),
        "can_remind": any(r["can_remind"] for r in unit_rows),
        "remind_column": any(r["may_remind"] for r in unit_rows),
        "today": today,
    }


def remind_units(*, user, period, kods, today=None):
    """Påminn: one notification to the responsible people of each selected late unit, logged
    as a UnitReminder. Refused as a whole, nothing sent, if any unit cannot be reminded (not
    the sender's to remind, not late, nobody responsible, already reminded today)."""
    today = today or timezone.localdate()
    kods = list(dict.fromkeys(k for k in kods if k))
    if not kods:
        raise ReminderRefused("Välj minst en enhet att påminna.")
    units = list(
        nodes_where(user, COMPILE)
        .exclude(typ__in=(NodeType.KOMMUN, *BOARD_TYPES))
        .open()
        .filter(kod__in=kods)
    )
    by_kod = {u.kod: u for u in units}
    unknown = [k for k in kods if k not in by_kod]
    if unknown:
        raise ReminderRefused(
            "Du kan inte påminna " + ", ".join(unknown) + ": enheten finns inte bland dina."
        )
    ids = [u.pk for u in units]
    analyses, plans = _document_statuses(period, ids)
    responsible = _responsible(ids)
    already = set(
        UnitReminder.objects.filter(node_id__in=ids, day=today).values_list("node_id", flat=True)
    )
    problems, work = [], []
    for u in units:
        missing = []
        if analyses.get(u.pk) != DocStatus.DONE:
            missing.append(("nulägesanalys", reverse("planning:analysis", args=[u.kod])))
        if plans.get(u.pk) != DocStatus.DONE:
            missing.append(("verksamhetsplan", reverse("planning:plan", args=[u.kod])))
        if u.pk in already:
            problems.append(
                f"{u.namn} har redan fått en påminnelse i dag ({today:%Y-%m-%d}); "
                "Påminn går att skicka en gång per dag och enhet."
            )
        elif not missing:
            problems.append(f"{u.namn} har klar nulägesanalys och verksamhetsplan.")
        elif not responsible.get(u.pk):
            problems.append(f"{u.namn} har ingen ansvarig chef att påminna.")
        else:
            work.append((u, missing))
    if problems:
        raise ReminderRefused(" ".join(problems) + " Ingen påminnelse skickades.")
    sender = user.get_full_name() or user.username
    year = period.budget_year
    try:
        with transaction.atomic():
            for u, missing in work:
                what = " och ".join(m for m, _ in missing)
                people = responsible[u.pk]
                UnitReminder.objects.create(
                    node=u,
                    day=today,
                    sent_by=user,
                    what=f"{what} {year}"[:300],
                    recipients=", ".join(p.get_full_name() or p.username for p in people)[:500],
                )
                notify(
                    people,
                    Kind.REMINDER,
                    f"Påminnelse från {sender}: {what} {year} för {u.namn} är inte klar",
                    missing[0][1] + f"?period={period.pk}",
                    about=u,
                    key=f"paminn:{u.pk}:{today:%Y-%m-%d}",
                )
    except IntegrityError as e:  # someone else pressed Påminn for one of them just now
        raise ReminderRefused(
            "En av enheterna fick just en påminnelse av någon annan; ladda om sidan. "
            "Ingen påminnelse skickades."
        ) from e
    return [u for u, _ in work]
