"""Open handlingsplan actions across instruments (HME, Kommunkompassen, internkontroll), for the
verksamhetsdialog's preparation and the unit's follow-up."""

from planning.internkontroll.services import open_actions_for as internkontroll_open_actions
from surveys.kompass import kompass_open_actions
from surveys.models import open_actions_for


def open_handlingsplan_actions(node):
    """Open actions of the HME handlingsplaner of the node and its subtree, and of the
    Kommunkompassen handlingsplaner that concern it, as plain dicts (soonest first per kind):
    [{"what", "who", "due", "status", "source"}]."""
    actions = [
        {
            "what": a.text,
            "who": a.responsible_text or (str(a.responsible_user) if a.responsible_user else ""),
            "due": a.due_on,
            "status": a.get_status_display(),
            "source": f"HME-handlingsplan {a.plan.round.year}, {a.plan.node.namn}",
        }
        for a in open_actions_for(node, subtree=True)
    ]
    actions += [
        {
            "what": a.what,
            "who": a.responsible,
            "due": a.due_date,
            "status": a.get_status_display(),
            "source": f"Kommunkompassen, område {a.area.number}",
        }
        for a in kompass_open_actions(node)
    ]
    actions += [
        {
            "what": a.text,
            "who": a.who,
            "due": a.due_on,
            "status": a.get_status_display(),
            "source": a.source,
        }
        for a in internkontroll_open_actions(node)
    ]
    return actions
