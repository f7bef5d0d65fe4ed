"""Open handlingsplan actions across instruments (HME, Kommunkompassen, internkontroll), for the
verksamhetsdialog's preparation and the unit's follow-up."""

from planning.internkontroll.services import open_actions_for as internkontroll_open_actions
from surveys.kompass.services import kompass_open_actions
from surveys.models import open_actions_for


def open_handlingsplan_actions(node):
    """Open actions of the HME handlingsplaner of the node and its subtree, then those of the
    Kommunkompassen handlingsplaner that concern it, then those decided after internal controls
    in the subtree (soonest first per kind). All share the handlingsplan-action shape
    (surveys/models/actions.py): text, who, due_on, status, source."""
    return [
        *open_actions_for(node, subtree=True),
        *kompass_open_actions(node),
        *internkontroll_open_actions(node),
    ]
