"""Domain rules for dialogues: who may read and write, agendas, carried-over actions, minutes.

What a role allows on a node is tillit.org.permissions' answer (`can`, `node_q`) and is not
repeated here. The one rule that belongs to dialogues is participation (`is_participant`): the
people in a verksamhetsdialog read it and write its minutes even without a role on its node.
Access to a dialogue (`can_read_dialogue`, and `readable_dialogues` as a query) is the two
together: its participants, and those with VIEW on the dialogue's node — a role held on the
node itself or above it (the unit's line: verksamhetschef, förvaltningschef, and the support
functions placed over it). A chef of a sibling unit, another förvaltning or a politician
(VIEW_PUBLISHED only) cannot read it.
"""

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from tillit.cycle.models import Planperiod
from tillit.locking import save_bumped, save_checked
from tillit.org.permissions import EDIT, PREPARE, VIEW, assignments, can, node_q

from .models import (
    Action,
    ActionStatus,
    AgendaItem,
    AgendaTemplate,
    AlsoTried,
    Dialogue,
    EconomyFigures,
    Experience,
    ExperiencePrinciple,
    ItemKind,
    Participant,
    ParticipantRole,
)

MIN_MANAGERS = 2
MAX_MANAGERS = 5


# --- Access -------------------------------------------------------------------------------


def is_participant(user, dialogue):
    """The dialogue's own rule: is `user` one of its participants?"""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return any(p.user_id == user.pk for p in dialogue.participants.all())


def can_read_dialogue(user, dialogue):
    """Participants and the unit's line (VIEW on the node or above) read a dialogue."""
    return can(user, VIEW, dialogue.node) or is_participant(user, dialogue)


def readable_dialogues(user, queryset=None):
    """The dialogues `user` may read, as one query (the list form of `can_read_dialogue`)."""
    qs = Dialogue.objects.all() if queryset is None else queryset
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return qs.none()
    participant = Exists(Participant.objects.filter(dialogue=OuterRef("pk"), user=user))
    return qs.filter(node_q(user, VIEW) | Q(participant))


def dialogues_to_prepare(user, today=None):
    """Coming dialogues whose material `user` prepares (PREPARE on the node) and that still
    have items not prepared, soonest first, each with `items_total` and `items_done`."""
    today = today or timezone.localdate()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Dialogue.objects.none()
    return (
        Dialogue.objects.filter(node_q(user, PREPARE), date__gte=today, locked_at__isnull=True)
        .annotate(
            items_total=Count("items", distinct=True),
            items_done=Count("items", filter=Q(items__prepared_at__isnull=False), distinct=True),
        )
        .filter(Q(items_total=0) | Q(items_done__lt=models.F("items_total")))
        .select_related("node")
        .order_by("date", "pk")
    )


def can_prepare(user, dialogue):
    """Support functions and managers with PREPARE on the node fill in the material."""
    return not dialogue.is_locked and can(user, PREPARE, dialogue.node)


def can_write_minutes(user, dialogue):
    """Participants and preparers write notes, decisions and actions until the minutes lock."""
    if dialogue.is_locked:
        return False
    return is_participant(user, dialogue) or can(user, PREPARE, dialogue.node)


def can_follow_up(user, dialogue):
    """Updating an action's status is follow-up work; it stays possible after locking."""
    return is_participant(user, dialogue) or can(user, PREPARE, dialogue.node)


def can_close(user, dialogue):
    return not dialogue.is_locked and (
        user.is_superuser or (dialogue.chair_id is not None and dialogue.chair_id == user.pk)
    )


def get_dialogue(user, pk, check=None):
    """The dialogue if `user` may read it (404 otherwise) and, given `check`, may do it (403)."""
    dialogue = (
        Dialogue.objects.select_related("node", "chair", "planperiod")
        .prefetch_related("participants__user")
        .filter(pk=pk)
        .first()
    )
    if dialogue is None or not can_read_dialogue(user, dialogue):
        raise Http404("Dialogen finns inte.")
    if check is not None and not check(user, dialogue):
        if dialogue.is_locked:
            raise PermissionDenied("Protokollet är låst och kan inte ändras.")
        raise PermissionDenied("Du har inte behörighet att göra detta.")
    return dialogue


# --- Planning and agendas ------------------------------------------------------------------


SERIES_STEPS = {"quarterly": 3, "bimonthly": 2, "monthly": 1}


def series_dates(first, count, every):
    """`count` dates from `first`, `every` months apart (the 31st becomes the month's last)."""
    return [first + relativedelta(months=every * i) for i in range(count)]


def check_managers(managers):
    """The 2–5 rule for participants with management responsibility (Swedish message)."""
    n = len(managers)
    if not MIN_MANAGERS <= n <= MAX_MANAGERS:
        return f"En verksamhetsdialog ska ha 2–5 deltagare med ledningsansvar; du har valt {n}."
    return None


def support_role(user):
    """The participant role a support-function user takes (their first support function)."""
    for a in assignments(user):
        if a.support_function:
            return a.support_function
    return ParticipantRole.KVALITET


def default_chair(managers):
    """The manager placed highest in the line leads the dialogue (förvaltningschef first)."""

    def height(user):
        depths = [a.node.depth for a in assignments(user)]
        return min(depths) if depths else 10**6

    return min(managers, key=height)


@transaction.atomic
def planperiod_for(date):
    """The planperiod a dialogue on `date` discusses: the one whose budget year it falls in
    (a dialogue in March 2027 follows up the plan for 2027), else the current one."""
    return Planperiod.objects.filter(budget_year=date.year).first() or Planperiod.current()


def plan_discussed_url(user, dialogue):
    """The unit's verksamhetsplan of the dialogue's planperiod, for those who may read it
    (None otherwise); no query: the plan page says so when there is no plan yet."""
    node = dialogue.node
    if dialogue.planperiod_id is None or node.is_board or not can(user, VIEW, node):
        return None
    return reverse("planning:plan", args=[node.kod]) + f"?period={dialogue.planperiod_id}"


def create_dialogue(
    *,
    node,
    date,
    created_by,
    managers,
    support,
    theme="",
    template=None,
    planperiod=None,
    chair=None,
):
    """One dialogue with its participants and a fixed agenda copied from the template."""
    problem = check_managers(managers)
    if problem:
        raise ValueError(problem)
    template = template or AgendaTemplate.default()
    if planperiod is None:
        planperiod = planperiod_for(date)
    dialogue = Dialogue.objects.create(
        node=node,
        date=date,
        theme=theme,
        template=template,
        planperiod=planperiod,
        chair=chair or default_chair(managers),
        created_by=created_by,
    )
    rows = {
        u.pk: Participant(dialogue=dialogue, user=u, role=ParticipantRole.LEDNING) for u in managers
    }
    for u in support:
        rows.setdefault(u.pk, Participant(dialogue=dialogue, user=u, role=support_role(u)))
    Participant.objects.bulk_create(rows.values())
    build_agenda(dialogue)
    return dialogue


@transaction.atomic
@transaction.atomic
def update_dialogue(dialogue, *, date, theme, managers, support, seen=None):
    """Change date, theme and participants; earlier approvals are kept for those who stay.
    `seen` is the revision the form was opened at (StaleEdit if somebody saved since)."""
    problem = check_managers(managers)
    if problem:
        raise ValueError(problem)
    fields = ["date", "theme"]
    if date != dialogue.date and dialogue.planperiod_id == planperiod_for(dialogue.date).pk:
        # The planperiod followed the date (it was not chosen otherwise): it moves with it.
        dialogue.planperiod = planperiod_for(date)
        fields.append("planperiod")
    dialogue.date, dialogue.theme = date, theme
    if seen is None:
        save_bumped(dialogue, update_fields=fields)
    else:
        save_checked(dialogue, seen, update_fields=fields)
    wanted = {u.pk: ParticipantRole.LEDNING for u in managers}
    for u in support:
        wanted.setdefault(u.pk, support_role(u))
    dialogue.participants.exclude(user_id__in=wanted).delete()
    for user_id, role in wanted.items():
        Participant.objects.update_or_create(
            dialogue=dialogue, user_id=user_id, defaults={"role": role}
        )
    if dialogue.chair_id not in wanted:
        dialogue.chair_id = default_chair(managers).pk
        dialogue.save(update_fields=["chair"])
    tema = dialogue.items.filter(kind=ItemKind.TEMA).first()
    if theme and tema is None:
        last = dialogue.items.order_by("-order").first()
        AgendaItem.objects.create(
            dialogue=dialogue,
            order=(last.order + 1) if last else 1,
            kind=ItemKind.TEMA,
            title=f"Tema: {theme}",
        )
    elif tema is not None:
        if theme:
            tema.title = f"Tema: {theme}"
            tema.save(update_fields=["title"])
        elif not (tema.material or tema.notes or tema.decisions):
            tema.delete()


def build_agenda(dialogue):
    """Copy the template's items; follow-up of actions always opens the agenda."""
    items = list(dialogue.template.items.all()) if dialogue.template else []
    rows = []
    if not any(i.kind == ItemKind.UPPFOLJNING for i in items):
        rows.append((ItemKind.UPPFOLJNING, ItemKind.UPPFOLJNING.label, ""))
    for i in items:
        if i.kind == ItemKind.TEMA and not dialogue.theme:
            continue
        title = f"Tema: {dialogue.theme}" if i.kind == ItemKind.TEMA else i.title
        rows.append((i.kind, title, i.guidance))
    AgendaItem.objects.bulk_create(
        AgendaItem(dialogue=dialogue, order=n, kind=kind, title=title, material="")
        for n, (kind, title, _guidance) in enumerate(rows, start=1)
    )


@transaction.atomic
def plan_series(*, node, first, count, every, created_by, managers, support, **kwargs):
    """A year's series of dialogues (e.g. quarterly) with the same participants."""
    return [
        create_dialogue(
            node=node, date=d, created_by=created_by, managers=managers, support=support, **kwargs
        )
        for d in series_dates(first, count, every)
    ]


def previous_dialogue(dialogue):
    return (
        Dialogue.objects.filter(node=dialogue.node)
        .filter(Q(date__lt=dialogue.date) | Q(date=dialogue.date, pk__lt=dialogue.pk))
        .order_by("-date", "-pk")
        .first()
    )


def carried_over_actions(dialogue):
    """Actions from the node's earlier dialogues that come back on this agenda.

    An action comes back on every later dialogue until it is done; the first dialogue after it
    was done still shows it (as done) so the group sees it closed, and after that it is gone.
    """
    earlier = Q(dialogue__date__lt=dialogue.date) | Q(
        dialogue__date=dialogue.date, dialogue__pk__lt=dialogue.pk
    )
    prev = previous_dialogue(dialogue)
    still_relevant = ~Q(status=ActionStatus.DONE)
    if prev is not None:
        still_relevant |= Q(status=ActionStatus.DONE, done_on__gt=prev.date)
    else:
        still_relevant |= Q(status=ActionStatus.DONE, done_on__isnull=True)
    return (
        Action.objects.filter(dialogue__node=dialogue.node)
        .filter(earlier)
        .filter(still_relevant)
        .select_related("responsible", "dialogue")
        .order_by("dialogue__date", "due_on", "pk")
    )


def preparation_progress(dialogue):
    items = list(dialogue.items.all())
    done = sum(1 for i in items if i.is_prepared)
    return {"done": done, "total": len(items), "ready": bool(items) and done == len(items)}


def set_prepared(item, user, prepared=True):
    """Mark the item prepared (or not). An ekonomi or personal item freezes the figures it
    shows from the feeds as it is marked prepared, and shows them live again if unmarked."""
    from .material import freeze_feeds

    item.prepared_at = timezone.now() if prepared else None
    item.prepared_by = user if prepared else None
    item.feeds = freeze_feeds(item, user) if prepared else {}
    item.save(update_fields=["prepared_at", "prepared_by", "feeds"])
    return item


@transaction.atomic
def save_economy(dialogue, user, data, seen=None):
    """Enter the figures; `seen` is the revision the form was opened at (0: none entered yet)."""
    figures, created = EconomyFigures.objects.get_or_create(dialogue=dialogue)
    for field in ("period_label", "budget", "utfall", "prognos", "comment"):
        setattr(figures, field, data.get(field))
    figures.period_label = figures.period_label or ""
    figures.comment = figures.comment or ""
    figures.updated_by = user
    if created or seen is None:
        save_bumped(figures)
    else:
        save_checked(figures, seen)
    return figures


def add_action(dialogue, user, *, text, responsible=None, due_on=None, item=None):
    from .notifications import action_assigned

    action = Action.objects.create(
        dialogue=dialogue,
        item=item,
        text=text,
        responsible=responsible,
        due_on=due_on,
        created_by=user,
    )
    action_assigned(action, by=user)
    return action


def set_action_status(action, status, *, comment=None, today=None, seen=None):
    """`seen` is the revision the follow-up form was opened at; None only for the system."""
    action.set_status(status, today=today)
    if comment is not None:
        action.comment = comment
    fields = ["status", "done_on", "comment"]
    if seen is None:
        save_bumped(action, update_fields=fields)
    else:
        save_checked(action, seen, update_fields=fields)
    return action


# --- Minutes -------------------------------------------------------------------------------


TOO_EARLY = "Protokollet kan godkännas först när dialogen har hållits ({date})."


def meeting_held(dialogue, today=None):
    """Has the dialogue taken place (its day has come)? Only then are there minutes to approve."""
    return dialogue.date <= (today or timezone.localdate())


@transaction.atomic
def approve_minutes(dialogue, user):
    """Record the participant's approval; the minutes lock when every participant approved."""
    participant = (
        Participant.objects.select_for_update().filter(dialogue=dialogue, user=user).first()
    )
    if participant is None:
        raise PermissionDenied("Bara deltagare kan godkänna protokollet.")
    if dialogue.is_locked:
        raise PermissionDenied("Protokollet är redan låst.")
    if not meeting_held(dialogue):
        raise PermissionDenied(TOO_EARLY.format(date=f"{dialogue.date:%Y-%m-%d}"))
    if participant.approved_at is None:
        participant.approved_at = timezone.now()
        participant.save(update_fields=["approved_at"])
    if not dialogue.participants.filter(approved_at__isnull=True).exists():
        lock_minutes(dialogue, None)
    return participant


def lock_minutes(dialogue, user):
    dialogue.locked_at = timezone.now()
    dialogue.locked_by = user
    dialogue.save(update_fields=["locked_at", "locked_by"])


# --- Delade erfarenheter -------------------------------------------------------------------


def is_in_kommun(user):
    """Everyone in the kommun: any authenticated user with a role (or a superuser)."""
    return getattr(user, "is_authenticated", False) and (
        user.is_superuser or bool(assignments(user))
    )


def can_read_experience(user, experience):
    if experience.is_shared:
        return is_in_kommun(user)
    return experience.author_id == user.pk or can(user, VIEW, experience.node)


def can_edit_experience(user, experience):
    return experience.author_id == user.pk or can(user, EDIT, experience.node)


def can_write_experience(user, node):
    return can(user, EDIT, node) or can(user, PREPARE, node)


def readable_experiences(user):
    qs = Experience.objects.select_related("node", "author")
    if not is_in_kommun(user):
        return qs.none()
    if user.is_superuser:
        return qs
    return qs.filter(Q(status=Experience.Status.SHARED) | Q(author=user) | node_q(user, VIEW))


def search_experiences(user, *, text="", principles=(), unit=None, status=""):
    """Readable experiences filtered by free text, principles (any of those chosen) and unit."""
    qs = readable_experiences(user)
    if text:
        words = Q()
        for field in ("title", "topic", "problem", "measure", "outcome", "analysis"):
            words |= Q(**{f"{field}__icontains": text})
        qs = qs.filter(words)
    if principles:
        qs = qs.filter(
            Exists(
                ExperiencePrinciple.objects.filter(
                    experience=OuterRef("pk"), principle__in=list(principles)
                )
            )
        )
    if unit is not None:
        qs = qs.filter(node__path__startswith=unit.path)
    if status:
        qs = qs.filter(status=status)
    return qs.prefetch_related("principles")


@transaction.atomic
def save_experience(experience, principles, seen=None):
    """`seen` is the revision the form was opened at; None for a save by the system."""
    if seen is None:
        save_bumped(experience)
    else:
        save_checked(experience, seen)
    experience.principles.exclude(principle__in=principles).delete()
    have = set(experience.principles.values_list("principle", flat=True))
    ExperiencePrinciple.objects.bulk_create(
        ExperiencePrinciple(experience=experience, principle=p) for p in principles if p not in have
    )
    return experience


def share_experience(experience):
    experience.status = Experience.Status.SHARED
    experience.shared_at = experience.shared_at or timezone.now()
    experience.save(update_fields=["status", "shared_at"])


def mark_also_tried(experience, user, *, note="", linked=None, node=None):
    if not note and linked is None:
        raise ValueError("Skriv ert resultat eller länka en egen erfarenhet.")
    row, _ = AlsoTried.objects.update_or_create(
        experience=experience, user=user, defaults={"note": note, "linked": linked, "node": node}
    )
    return row
