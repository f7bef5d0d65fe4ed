from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from tillit.exports import export_format, table_response
from tillit.locking import StaleEdit, save_checked
from tillit.org.models import OrgNode
from tillit.org.permissions import (
    EDIT,
    PREPARE,
    VIEW,
    assignments,
    can,
    get_node,
    nodes_where,
)

from . import exports
from . import services as s
from .forms import (
    ActionForm,
    ActionStatusForm,
    AlsoTriedForm,
    DelaktighetForm,
    DialogueEditForm,
    EconomyForm,
    ExperienceForm,
    ExperienceSearchForm,
    MaterialForm,
    NotesForm,
    SeriesForm,
)
from .material import material_for
from .models import (
    Action,
    AgendaItem,
    DelaktighetDialog,
    EconomyFigures,
    Experience,
    ParticipantRole,
)


@login_required
def index(request):
    """The dialogues the user may read: coming ones first, then earlier ones."""
    today = timezone.localdate()
    qs = s.readable_dialogues(request.user).select_related("node")
    return render(
        request,
        "dialogue/index.html",
        {
            "coming": qs.filter(date__gte=today).order_by("date")[:50],
            "earlier": qs.filter(date__lt=today).order_by("-date")[:50],
            "mine": Action.objects.filter(responsible=request.user, dialogue__in=qs)
            .exclude(status="done")
            .select_related("dialogue__node"),
            "can_plan": plannable_units(request.user).exists(),
            "today": today,
        },
    )


@login_required
def prepare(request):
    """Dialoger att förbereda: the coming dialogues whose material the user prepares."""
    return render(
        request,
        "dialogue/prepare.html",
        {"dialogues": list(s.dialogues_to_prepare(request.user)[:50])},
    )


@login_required
def plan_choose(request):
    """Planera dialog from the overview: choose the unit, then plan its series."""
    kod = request.GET.get("enhet", "")
    if kod:
        node = get_node(request.user, kod, PREPARE)
        return redirect("dialogue:plan", kod=node.kod)
    return render(request, "dialogue/plan_choose.html", {"units": plannable_units(request.user)})


def plannable_units(user):
    return nodes_where(user, PREPARE).open().filter(depth__gt=1).order_by("path")


@login_required
def node_dialogues(request, kod):
    node = get_node(request.user, kod, VIEW)
    return render(
        request,
        "dialogue/node.html",
        {
            "node": node,
            "crumbs": node.ancestors(),
            "dialogues": s.readable_dialogues(request.user, node.dialogues.all()),
            "delaktighet": node.delaktighet.all()[:20],
            "can_prepare": can(request.user, PREPARE, node),
            "can_edit": can(request.user, EDIT, node) or can(request.user, PREPARE, node),
        },
    )


@login_required
def plan(request, kod):
    """Plan a series of dialogues (e.g. quarterly) for the node in the current planperiod."""
    node = get_node(request.user, kod, PREPARE)
    form = SeriesForm(request.POST or None, node=node)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        dialogues = s.plan_series(
            node=node,
            first=d["first"],
            count=d["count"],
            every=form.months,
            created_by=request.user,
            managers=d["managers"],
            support=list(d["support"]),
            theme=d["theme"],
            template=d["template"],
            planperiod=d["planperiod"],
        )
        messages.success(request, f"{len(dialogues)} verksamhetsdialoger har planerats.")
        return redirect(dialogues[0])
    crumbs = [*node.ancestors(), node]
    return render(request, "dialogue/plan.html", {"node": node, "form": form, "crumbs": crumbs})


def _detail_context(request, dialogue):
    items = list(dialogue.items.all())
    actions = list(dialogue.actions.select_related("responsible"))
    for item in items:
        item.dialogue = dialogue  # the one already fetched, with its participants
        item.data = material_for(item, request.user)
        item.item_actions = [a for a in actions if a.item_id == item.pk]
    user = request.user
    return {
        "dialogue": dialogue,
        "node": dialogue.node,
        "crumbs": [*dialogue.node.ancestors(), dialogue.node],
        "items": items,
        "progress": s.preparation_progress(dialogue),
        "participants": list(dialogue.participants.all()),
        "me": next((p for p in dialogue.participants.all() if p.user_id == user.pk), None),
        "can_prepare": s.can_prepare(user, dialogue),
        "can_write": s.can_write_minutes(user, dialogue),
        "can_follow_up": s.can_follow_up(user, dialogue),
        "can_close": s.can_close(user, dialogue),
        "held": s.meeting_held(dialogue),
        "plan_url": s.plan_discussed_url(user, dialogue),
        "can_edit": s.can_prepare(user, dialogue),
        "action_form": ActionForm(dialogue=dialogue),
        "report_params": {"dialog": str(dialogue.pk)},
        "can_report": can(user, VIEW, dialogue.node),
        "statuses": ActionStatusForm.base_fields["status"].choices,
    }


@login_required
def detail(request, pk):
    dialogue = s.get_dialogue(request.user, pk)
    context = _detail_context(request, dialogue)
    if fmt := export_format(request):
        return table_response(request, exports.dialogue_actions_table(context), fmt)
    return render(request, "dialogue/detail.html", context)


@login_required
def edit(request, pk):
    dialogue = s.get_dialogue(request.user, pk, s.can_prepare)
    current = list(dialogue.participants.all())
    initial = {
        "date": dialogue.date,
        "theme": dialogue.theme,
        "managers": [p.user for p in current if p.role == ParticipantRole.LEDNING],
        "support": [p.user for p in current if p.role != ParticipantRole.LEDNING],
    }
    form = DialogueEditForm(
        request.POST or None, node=dialogue.node, initial=initial, record=dialogue
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "seen_revision"}
        s.update_dialogue(dialogue, seen=form.seen(), **data)
        messages.success(request, "Dialogen har sparats.")
        return redirect(dialogue)
    return render(request, "dialogue/edit.html", {"dialogue": dialogue, "form": form})


def _item(request, pk, item_pk, check):
    dialogue = s.get_dialogue(request.user, pk, check)
    return dialogue, get_object_or_404(AgendaItem, pk=item_pk, dialogue=dialogue)


def _item_response(request, dialogue, item, refused=None):
    """htmx gets the item's card back; a plain POST goes back to the item on the page. A form
    refused (somebody else saved meanwhile) comes back in the card with what was typed."""
    if request.htmx or refused is not None:
        context = _detail_context(request, dialogue)
        item = next(i for i in context["items"] if i.pk == item.pk)
        if refused is not None:
            setattr(item, refused.card_name, refused)
        if request.htmx:
            return render(request, "dialogue/_item.html", {**context, "item": item})
        return render(request, "dialogue/detail.html", context)
    return redirect(f"{dialogue.get_absolute_url()}#{item.anchor}")


def _item_save(form, item, fields):
    """Save the card's fields if nobody saved the item since the form was opened."""
    if not form.is_valid():
        return False
    for name in fields:
        setattr(item, name, form.cleaned_data[name])
    try:
        save_checked(item, form.seen(), update_fields=fields)
    except StaleEdit:
        form.mark_stale()
        return False
    return True


@login_required
@require_POST
def item_material(request, pk, item_pk):
    dialogue, item = _item(request, pk, item_pk, s.can_prepare)
    form = MaterialForm(request.POST, record=item)
    if not _item_save(form, item, ["material"]):
        return _item_response(request, dialogue, item, refused=form)
    if "prepared" in request.POST:
        s.set_prepared(item, request.user, True)
    return _item_response(request, dialogue, item)


@login_required
@require_POST
def item_prepared(request, pk, item_pk):
    dialogue, item = _item(request, pk, item_pk, s.can_prepare)
    s.set_prepared(item, request.user, request.POST.get("prepared") == "1")
    return _item_response(request, dialogue, item)


@login_required
@require_POST
def item_notes(request, pk, item_pk):
    dialogue, item = _item(request, pk, item_pk, s.can_write_minutes)
    form = NotesForm(request.POST, record=item)
    if not _item_save(form, item, ["notes", "decisions"]):
        return _item_response(request, dialogue, item, refused=form)
    return _item_response(request, dialogue, item)


@login_required
@require_POST
def action_add(request, pk, item_pk):
    dialogue, item = _item(request, pk, item_pk, s.can_write_minutes)
    form = ActionForm(request.POST, dialogue=dialogue)
    if form.is_valid():
        s.add_action(dialogue, request.user, item=item, **form.cleaned_data)
        if not request.htmx:
            messages.success(request, "Åtgärden har lagts till.")
    elif not request.htmx:
        messages.error(request, "; ".join(e for errs in form.errors.values() for e in errs))
    if request.htmx and not form.is_valid():
        context = _detail_context(request, dialogue)
        item = next(i for i in context["items"] if i.pk == item.pk)
        return render(
            request, "dialogue/_item.html", {**context, "item": item, "action_form": form}
        )
    return _item_response(request, dialogue, item)


@login_required
@require_POST
def action_status(request, action_pk):
    action = get_object_or_404(Action.objects.select_related("dialogue"), pk=action_pk)
    # Follow-up happens from the dialogue where the action is shown (its own or a later one).
    raw = request.POST.get("dialog", "")
    shown_on = s.get_dialogue(request.user, int(raw) if raw.isdigit() else action.dialogue_id)
    if shown_on.node_id != action.dialogue.node_id:
        raise Http404("Åtgärden finns inte.")
    if not s.can_follow_up(request.user, shown_on):
        raise PermissionDenied("Du har inte behörighet att följa upp åtgärden.")
    form = ActionStatusForm(request.POST, record=action)
    saved = form.is_valid()
    if saved:
        try:
            s.set_action_status(
                action,
                form.cleaned_data["status"],
                comment=form.cleaned_data["comment"] or None,
                seen=form.seen(),
            )
        except StaleEdit:
            form.mark_stale()
            saved = False
    row = {
        "action": action,
        "dialogue": shown_on,
        "can_follow_up": True,
        "statuses": ActionStatusForm.base_fields["status"].choices,
        "status_form": None if saved else form,
    }
    if request.htmx:
        return render(request, "dialogue/_action_row.html", row)
    if not saved:
        context = _detail_context(request, shown_on)
        return render(request, "dialogue/detail.html", {**context, "status_form": form})
    return redirect(shown_on)


@login_required
@require_POST
def economy(request, pk):
    dialogue = s.get_dialogue(request.user, pk, s.can_prepare)
    form = EconomyForm(
        request.POST, record=EconomyFigures.objects.filter(dialogue=dialogue).first()
    )
    if form.is_valid():
        try:
            s.save_economy(dialogue, request.user, form.cleaned_data, seen=form.seen())
        except StaleEdit:
            form.mark_stale()
        else:
            messages.success(request, "Ekonomiska uppgifter har sparats.")
            return redirect(dialogue)
    context = _detail_context(request, dialogue)
    status = 200 if form.is_stale else 400
    return render(request, "dialogue/detail.html", {**context, "economy_form": form}, status=status)


@login_required
@require_POST
def approve(request, pk):
    dialogue = s.get_dialogue(request.user, pk)
    if (
        not dialogue.is_locked
        and s.is_participant(request.user, dialogue)
        and not s.meeting_held(dialogue)
    ):
        messages.error(request, s.TOO_EARLY.format(date=f"{dialogue.date:%Y-%m-%d}"))
        return redirect(dialogue)
    s.approve_minutes(dialogue, request.user)
    dialogue.refresh_from_db()
    messages.success(
        request,
        "Protokollet är låst: alla deltagare har godkänt."
        if dialogue.is_locked
        else "Du har godkänt protokollet.",
    )
    return redirect(dialogue)


@login_required
@require_POST
def close(request, pk):
    dialogue = s.get_dialogue(request.user, pk, s.can_close)
    s.lock_minutes(dialogue, request.user)
    messages.success(request, "Protokollet är stängt och låst.")
    return redirect(dialogue)


# --- Delaktighet ---------------------------------------------------------------------------


@login_required
def delaktighet_create(request, kod):
    node = get_node(request.user, kod, VIEW)
    if not (can(request.user, EDIT, node) or can(request.user, PREPARE, node)):
        raise PermissionDenied("Du har inte behörighet att göra detta.")
    form = DelaktighetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        record = form.save(commit=False)
        record.node, record.created_by = node, request.user
        record.save()
        messages.success(request, "Dialogen för ökad delaktighet har sparats.")
        return redirect(record)
    return render(request, "dialogue/delaktighet_form.html", {"node": node, "form": form})


@login_required
def delaktighet(request, pk):
    record = get_object_or_404(DelaktighetDialog.objects.select_related("node"), pk=pk)
    get_node(request.user, record.node.kod, VIEW)
    return render(request, "dialogue/delaktighet.html", {"record": record, "node": record.node})


# --- Delade erfarenheter -------------------------------------------------------------------


@login_required
def experiences(request):
    if not s.is_in_kommun(request.user):
        raise Http404("Sidan finns inte.")
    form = ExperienceSearchForm(request.GET or None)
    results = s.readable_experiences(request.user)
    if form.is_valid():
        d = form.cleaned_data
        unit = OrgNode.objects.filter(kod=d["enhet"]).first() if d["enhet"] else None
        results = s.search_experiences(
            request.user, text=d["q"].strip(), principles=d["principle"], unit=unit
        )
    writable = [
        a.node for a in assignments(request.user) if s.can_write_experience(request.user, a.node)
    ]
    return render(
        request,
        "dialogue/experiences.html",
        {
            "form": form,
            "results": results.prefetch_related("principles")[:100],
            "writable": writable,
        },
    )


def _experience(request, pk, for_edit=False):
    experience = get_object_or_404(Experience.objects.select_related("node", "author"), pk=pk)
    if not s.can_read_experience(request.user, experience):
        raise Http404("Erfarenheten finns inte.")
    if for_edit and not s.can_edit_experience(request.user, experience):
        raise PermissionDenied("Du har inte behörighet att ändra erfarenheten.")
    return experience


@login_required
def experience(request, pk):
    exp = _experience(request, pk)
    return render(
        request,
        "dialogue/experience.html",
        {
            "experience": exp,
            "can_edit": s.can_edit_experience(request.user, exp),
            "also_tried": exp.also_tried.select_related("user", "node", "linked"),
            "also_form": AlsoTriedForm(user=request.user, exclude=exp),
        },
    )


@login_required
def experience_form(request, pk=None, kod=None):
    if pk:
        exp = _experience(request, pk, for_edit=True)
        node = exp.node
    else:
        node = get_node(request.user, kod, VIEW)
        if not s.can_write_experience(request.user, node):
            raise PermissionDenied("Du har inte behörighet att göra detta.")
        exp = Experience(node=node, author=request.user)
    initial = {"principles": [p.principle for p in exp.principles.all()]} if pk else {}
    form = ExperienceForm(request.POST or None, instance=exp, initial=initial)
    if request.method == "POST" and form.is_valid():
        s.save_experience(form.save(commit=False), form.cleaned_data["principles"], form.seen())
        if "share" in request.POST:
            s.share_experience(exp)
        messages.success(request, "Erfarenheten har sparats.")
        return redirect(exp)
    return render(
        request,
        "dialogue/experience_form.html",
        {"form": form, "node": node, "experience": exp if pk else None},
    )


@login_required
@require_POST
def experience_share(request, pk):
    exp = _experience(request, pk, for_edit=True)
    s.share_experience(exp)
    messages.success(request, "Erfarenheten är delad med hela kommunen.")
    return redirect(exp)


@login_required
@require_POST
def experience_also_tried(request, pk):
    exp = _experience(request, pk)
    if not exp.is_shared:
        raise PermissionDenied("Erfarenheten är inte delad ännu.")
    form = AlsoTriedForm(request.POST, user=request.user, exclude=exp)
    if form.is_valid():
        home = next(iter(assignments(request.user)), None)
        s.mark_also_tried(
            exp,
            request.user,
            note=form.cleaned_data["note"],
            linked=form.cleaned_data["linked"],
            node=home.node if home else None,
        )
        messages.success(request, "Tack! Ert resultat är kopplat till erfarenheten.")
        return redirect(exp)
    return render(
        request,
        "dialogue/experience.html",
        {
            "experience": exp,
            "can_edit": s.can_edit_experience(request.user, exp),
            "also_tried": exp.also_tried.select_related("user", "node", "linked"),
            "also_form": form,
        },
        status=400,
    )
