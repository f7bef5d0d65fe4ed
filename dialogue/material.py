"""Preparation material for a dialogue's agenda items: the seam to the other modules.

Each agenda item kind shows material from somewhere: the frozen nulägeskoll (planning), the
HME result and handlingsplaner (surveys), goal statuses at the latest follow-up (planning), the
ekonomi and personal figures from the feeds (planning.ekonomi: live until the item is marked
prepared, then frozen in the item), and the economy figures entered per dialogue by the economy
function (here; for kommuner without the ekonomi feed). Each function returns
a plain dict that `templates/dialogue/_material.html` and the agenda PDF render; `available` is
False when there is nothing yet (the page then says so and the preparer writes the material).

Contract for every function: read-only, a fixed number of queries, no permission check (the
caller has already checked `can_read_dialogue`) except the feeds' figures, which only those the
permission module lets see them get; nothing fetched over the network, values as Decimal.
"""

from decimal import Decimal

from django.urls import reverse

from .models import ActionStatus, ItemKind


def nulageskoll_material(node):
    """The unit's latest frozen nulägeskoll snapshot (planning's NulageskollSnapshot).

    Returns {"available": bool, "as_of": datetime|None, "url": str|None, "title": str,
    "rows": [{"title", "value", "unit", "reference", "period", "source"}]} where `reference` is
    riket's value for the same year.
    """
    from planning.models import NulageskollSnapshot

    snapshot = NulageskollSnapshot.objects.filter(node=node).order_by("-created_at").first()
    if snapshot is None:
        return {"available": False, "as_of": None, "url": None, "title": "", "rows": []}
    rows = []
    for item in snapshot.data.get("items", []):
        latest = item.get("latest") or {}
        period = latest.get("period")
        riket = dict(item.get("series", [])).get("Riket")
        reference = None
        if riket and period in item.get("labels", []):
            reference = riket[item["labels"].index(period)]
        rows.append(
            {
                "title": item.get("title", ""),
                "value": _decimal(latest.get("value")),
                "unit": item.get("unit", ""),
                "reference": _decimal(reference),
                "period": period,
                "source": item.get("source_label", ""),
            }
        )
    return {
        "available": True,
        "as_of": snapshot.created_at,
        "url": snapshot.get_absolute_url(),
        "title": snapshot.title,
        "rows": rows,
    }


def hme_material(node):
    """The unit's latest computed HME result (suppression kept) with riket's figures.

    Returns {"available": bool, "year": int|None, "suppressed": bool, "respondents": int|None,
    "indices": [{"name", "value", "riket"}], "handlingsplan_url": str|None}.
    """
    from surveys.models import HmeReference, HmeResult, HmeRound

    result = (
        HmeResult.objects.filter(node=node, group="T", round__status=HmeRound.Status.COMPUTED)
        .select_related("round")
        .order_by("-round__year")
        .first()
    )
    if result is None:
        return {
            "available": False,
            "year": None,
            "suppressed": False,
            "respondents": None,
            "indices": [],
            "handlingsplan_url": None,
        }
    year = result.round.year
    riket = HmeReference.objects.filter(year=year).first()
    names = [
        ("motivation", "Motivation"),
        ("ledarskap", "Ledarskap"),
        ("styrning", "Styrning"),
        ("hme", "HME totalt"),
    ]
    return {
        "available": True,
        "year": year,
        "suppressed": result.suppressed,
        "respondents": result.respondents,
        "indices": []
        if result.suppressed
        else [
            {
                "name": label,
                "value": getattr(result, field),
                "riket": getattr(riket, field) if riket else None,
            }
            for field, label in names
        ],
        "handlingsplan_url": reverse("surveys:hme_plan", args=[year, node.kod]),
    }


def goal_status_material(node, planperiod):
    """Goal statuses from the unit's own follow-up: the latest follow-up of the planperiod in
    which the unit has judged its goals (else the latest one), the unit's own statuses first,
    then those of the nämnd and kommun above it.

    Returns {"available": bool, "followup": str, "url": str|None, "own": int, "goals":
    [{"title", "status", "status_label", "badge", "comment", "by"}]}.
    """
    from planning.models import GoalStatus, Uppfoljning

    followups = Uppfoljning.objects.for_period(planperiod) if planperiod else None
    followup = None
    if followups is not None:
        followup = (
            followups.filter(statuses__node=node).order_by("-year", "-kind").first()
            or followups.order_by("-year", "-kind").first()
        )
    if followup is None:
        return {"available": False, "followup": "", "url": None, "own": 0, "goals": []}
    statuses = (
        GoalStatus.objects.filter(
            followup=followup, node__path__in=[*node.ancestor_paths(), node.path]
        )
        .select_related("node", "namndmal", "overarching")
        .order_by("-node__depth", "pk")
    )
    goals = [
        {
            "title": str(s.goal),
            "status": s.status,
            "status_label": s.get_status_display(),
            "badge": s.badge_class,
            "comment": s.analysis,
            "by": s.node.namn,
            "own": s.node_id == node.pk,
        }
        for s in statuses
    ]
    return {
        "available": True,
        "followup": str(followup),
        "url": reverse("planning:followup_node", args=[followup.pk, node.kod]),
        "own": sum(1 for g in goals if g["own"]),
        "goals": goals,
    }


def open_handlingsplan_actions(node):
    """Open actions from the HME and Kommunkompassen handlingsplaner that concern the node."""
    from surveys.handlingsplaner import open_handlingsplan_actions as actions

    return {"available": True, "actions": actions(node)}


def _decimal(value):
    if value in (None, ""):
        return None
    return Decimal(str(value))


def economy_material(dialogue):
    """The economy function's figures for this dialogue (fully implemented: entered here)."""
    figures = getattr(dialogue, "economy", None) if _has_economy(dialogue) else None
    if figures is None:
        return {"available": True, "entered": False, "revision": 0}
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
        "entered_as": entered_as(dialogue, figures.updated_by_id),
        "revision": figures.revision,
    }


def entered_as(dialogue, user_id):
    """The function the person who entered figures took part as ("Stödfunktion ekonomi"), from
    the dialogue's participants; "" when they are not one."""
    if user_id is None:
        return ""
    for p in dialogue.participants.all():
        if p.user_id == user_id:
            return p.get_role_display()
    return ""


def followup_material(dialogue):
    """Actions from earlier dialogues of the node that are not done (or just got done)."""
    from .services import carried_over_actions

    actions = list(carried_over_actions(dialogue))
    return {
        "available": True,
        "actions": actions,
        "open_count": sum(1 for a in actions if a.status != ActionStatus.DONE),
        "overdue_count": sum(1 for a in actions if a.is_overdue),
    }


def _has_economy(dialogue):
    from .models import EconomyFigures

    try:
        return dialogue.economy is not None
    except EconomyFigures.DoesNotExist:
        return False


FEED_KINDS = {ItemKind.EKONOMI: "ekonomi", ItemKind.PERSONAL: "personal"}


def _live_cards(item, user):
    """The unit's card for the item's feed at the newest month up to the dialogue's date."""
    from planning.ekonomi import cards
    from planning.ekonomi.models import Feed

    dialogue, key = item.dialogue, FEED_KINDS[item.kind]
    node = dialogue.node
    months = cards.newest(dialogue.date)
    if key == "ekonomi":
        period, demo = months[Feed.EKONOMI]
        card = cards.ekonomi_card(node, period, user=user, children=True, demo=demo)
    else:
        period, demo = months[Feed.PERSONAL]
        card = cards.personal_card(
            node, period, user, children=True, demo=demo, version=months["personal_version"]
        )
    return {key: card}


def freeze_feeds(item, user):
    """What the ekonomi or personal item shows `user` now, as JSON to keep in the item ({}
    for other kinds, or when there are no figures)."""
    from planning.ekonomi.cards import cards_json

    if item.kind not in FEED_KINDS or user is None:
        return {}
    return cards_json(_live_cards(item, user))


def feed_material(item, user):
    """The ekonomi or personal card from the feeds: the frozen one once the item is prepared,
    live before. {"card": card|None, "frozen": bool, "as_of": datetime|None}; the card is None
    when `user` may not see the unit's figures (the permission module decides) or there are
    none."""
    from planning.ekonomi.cards import cards_from_json
    from tillit.org.permissions import can_see_feeds

    none = {"card": None, "frozen": False, "as_of": None}
    node = item.dialogue.node
    if user is None or not can_see_feeds(user, node):
        return none
    key = FEED_KINDS[item.kind]
    if item.feeds:
        card = cards_from_json(item.feeds)[key]
        return {
            "card": card,
            "frozen": True,
            "as_of": item.prepared_at,
            "by": item.prepared_by,
            "by_as": entered_as(item.dialogue, item.prepared_by_id),
        }
    if item.is_prepared:  # prepared before the feeds existed: nothing was shown
        return none
    return {"card": _live_cards(item, user)[key], "frozen": False, "as_of": None}


def material_for(item, user=None):
    """The material for one agenda item, by its kind (None for free-text-only kinds). With
    `user`, the ekonomi and personal items also carry the feeds' figures `user` may see."""
    dialogue = item.dialogue
    node = dialogue.node
    if item.kind == ItemKind.UPPFOLJNING:
        return followup_material(dialogue)
    if item.kind == ItemKind.NULAGESKOLL:
        return nulageskoll_material(node)
    if item.kind == ItemKind.EKONOMI:
        return {**economy_material(dialogue), "feed": feed_material(item, user)}
    if item.kind == ItemKind.PERSONAL:
        return {**hme_material(node), "feed": feed_material(item, user)}
    if item.kind == ItemKind.RISKER:
        from planning.internkontroll.services import risk_material

        return risk_material(node, today=dialogue.date)
    if item.kind == ItemKind.MAL:
        from .services import planperiod_for

        return {
            **goal_status_material(node, dialogue.planperiod or planperiod_for(dialogue.date)),
            "handlingsplan": open_handlingsplan_actions(node),
        }
    return None
