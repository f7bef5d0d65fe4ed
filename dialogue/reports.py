"""The dialogue agenda as a PDF: the fixed agenda with its material, figures and actions."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from tillit.org.permissions import VIEW
from tillit.reports.registry import Contents, ReportType, register

from .material import material_for
from .models import Dialogue
from .services import can_read_dialogue, preparation_progress


def _dialogue(job):
    raw = str(job.params.get("dialog") or "")
    if not raw.isdigit():
        # Ordered from the general report list: the agenda is ordered on the dialogue's page.
        raise Http404("Beställ agendan från dialogens sida (Dialoger → dialogen → Agendan).")
    dialogue = get_object_or_404(Dialogue.objects.select_related("node", "planperiod"), pk=int(raw))
    # The job's node is what the report machinery checked; the dialogue must be that node's,
    # and whoever ordered it must be able to read the dialogue itself.
    if dialogue.node_id != job.node_id:
        raise PermissionDenied("Dialogen hör inte till enheten.")
    if job.created_by is not None and not can_read_dialogue(job.created_by, dialogue):
        raise PermissionDenied("Du har inte behörighet att läsa dialogen.")
    return dialogue


def build(job):
    dialogue = _dialogue(job)
    items = list(dialogue.items.all())
    for item in items:
        item.data = material_for(item, job.created_by)
        item.item_actions = list(item.actions.select_related("responsible"))
    return {
        "dialogue": dialogue,
        "items": items,
        "participants": list(dialogue.participants.select_related("user")),
        "progress": preparation_progress(dialogue),
        "data_as_of": job.created_at,
        "sources": [
            "Agenda, underlag och åtgärder från verksamhetsdialogen i Tillit.",
            "Ekonomi och personal från ekonomi- och HR-systemen (frysta när punkten "
            "förbereddes), eller ekonomiska uppgifter (tkr) inmatade av ekonomifunktionen.",
        ],
        "contents": Contents(working=True, nodes=[dialogue.node]),
    }


register(
    ReportType(
        kind="dialogagenda",
        label="Agenda för verksamhetsdialog",
        template="reports/dialogue_agenda.html",
        build_context=build,
        title=lambda job: f"Agenda verksamhetsdialog {_dialogue(job).date:%Y-%m-%d}",
        params=["dialog"],
        action=VIEW,
        listed=False,
    )
)
