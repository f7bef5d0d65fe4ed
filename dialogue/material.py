"""Preparation material for a dialogue's agenda items: the seam to the other modules.

Each agenda item kind shows material from somewhere. The economy figures are entered per
dialogue by the economy function and live here (`economy_material`). The other kinds come from
modules built on other branches; each function below is the one place to wire them, returns a
plain dict or list that `templates/dialogue/_material.html` and the agenda PDF render, and is
until then an honest empty result (the page then says "Inget underlag från … ännu").

Contract for every function: read-only, one or two queries, no permission check (the caller
has already checked `can_read_dialogue`), nothing fetched over the network, values as Decimal.
`available` is False when the feeding module is not there yet, so the page can say so.
"""

from .models import ActionStatus, ItemKind


def nulageskoll_material(node):
    """The unit's latest frozen nulägeskoll snapshot.

    To be fed by planning's nulägeskoll (the frozen snapshot model, e.g.
    `planning.models.NulageskollSnapshot` for `node`, latest `frozen_at`): one row per chosen
    nyckeltal (`planning.models.Nyckeltal`) with its value, the comparison value and its period.

    Returns {"available": bool, "as_of": date|None, "rows": [{"title", "value", "unit",
    "reference", "period", "source"}]}.
    """
    return {"available": False, "as_of": None, "rows": []}


def hme_material(node):
    """The latest HME result for the unit and the riket figure.

    To be fed by surveys' HME results (the HME result/index model for `node` and the latest
    survey round, computed per HME.md, hidden below HME_MIN_GROUP) and surveys' HME
    handlingsplan for the node.

    Returns {"available": bool, "year": int|None, "indices": [{"name", "value", "riket"}],
    "handlingsplan_url": str|None}.
    """
    return {"available": False, "year": None, "indices": [], "handlingsplan_url": None}


def goal_status_material(node, planperiod):
    """The node's goals in the planperiod with their green/yellow/red follow-up.

    To be fed by planning's goals (nämndmål and the unit's verksamhetsplan goals for
    `planperiod`) and their latest follow-up status (green/yellow/red with analysis).

    Returns {"available": bool, "goals": [{"title", "status", "status_label", "comment"}]}.
    """
    return {"available": False, "goals": []}


def open_handlingsplan_actions(node):
    """Open actions from the node's handlingsplaner (HME and Kommunkompassen).

    To be fed by surveys' HME handlingsplan actions for `node` and surveys' Kommunkompassen
    handlingsplan actions whose area is owned by `node` (or above it), status not done.

    Returns {"available": bool, "actions": [{"what", "who", "due", "status", "source"}]}.
    """
    return {"available": False, "actions": []}


def economy_material(dialogue):
    """The economy function's figures for this dialogue (fully implemented: entered here)."""
    figures = getattr(dialogue, "economy", None) if _has_economy(dialogue) else None
    if figures is None:
        return {"available": True, "entered": False}
    return {
        "available": True,
        "entered": True,
        "period_label": figures.period_label,
        "budget": figures.budget,
        "utfall": figures.utfall,
        "prognos": figures.prognos,
        "avvikelse": figures.avvikelse,
        "comment": figures.comment,
        "updated_at": figures.updated_at,
        "updated_by": figures.updated_by,
    }


def followup_material(dialogue):
    """Actions from earlier dialogues of the node that are not done (or just got done)."""
    from .services import carried_over_actions

    actions = list(carried_over_actions(dialogue))
    return {
        "available": True,
        "actions": actions,
        "open_count": sum(1 for a in actions if a.status != ActionStatus.DONE),
    }


def _has_economy(dialogue):
    from .models import EconomyFigures

    try:
        return dialogue.economy is not None
    except EconomyFigures.DoesNotExist:
        return False


def material_for(item):
    """The material for one agenda item, by its kind (None for free-text-only kinds)."""
    dialogue = item.dialogue
    node = dialogue.node
    if item.kind == ItemKind.UPPFOLJNING:
        return followup_material(dialogue)
    if item.kind == ItemKind.NULAGESKOLL:
        return nulageskoll_material(node)
    if item.kind == ItemKind.EKONOMI:
        return economy_material(dialogue)
    if item.kind == ItemKind.PERSONAL:
        return hme_material(node)
    if item.kind == ItemKind.MAL:
        return {
            **goal_status_material(node, dialogue.planperiod),
            "handlingsplan": open_handlingsplan_actions(node),
        }
    return None
