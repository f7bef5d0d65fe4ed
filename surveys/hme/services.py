"""HME writes that are not computations: closing a round (which queues its computation),
taking an anonymous answer, the survey links."""

from django.db import transaction
from django.utils import timezone

from surveys.models import HmeInvitation, HmeLink, HmeResponse, HmeRound
from tillit.org.models import OrgNode

from .tasks import compute_hme_round


def close_round(rnd):
    """Close an open round and queue its computation once the transaction commits."""
    rnd.status = HmeRound.Status.CLOSED
    rnd.save(update_fields=["status"])
    round_id = rnd.pk
    transaction.on_commit(lambda: compute_hme_round.delay(round_id))


# --- answering ----------------------------------------------------------------------------


def find_survey(token):
    """(round, node, invitation or None) for a unit link or a personal invitation, or None."""
    link = HmeLink.objects.select_related("round", "node").filter(token=token).first()
    if link:
        return link.round, link.node, None
    invitation = HmeInvitation.objects.select_related("round", "node").filter(token=token).first()
    if invitation:
        return invitation.round, invitation.node, invitation
    return None


def submit_response(token, answers, gender):
    """Store one anonymous answer: "ok", or "closed"/"used"/"unknown" when it cannot be taken.

    The response gets the unit, the gender, the answers and today's date — nothing else; a
    personal invitation is only marked used, with no reference in either direction."""
    survey = find_survey(token)
    if survey is None:
        return "unknown"
    rnd, node, invitation = survey
    with transaction.atomic():
        if invitation is not None:
            invitation = HmeInvitation.objects.select_for_update().get(pk=invitation.pk)
            if invitation.used:
                return "used"
        rnd.refresh_from_db(fields=["status"])
        if not rnd.is_open:
            return "closed"
        HmeResponse.objects.create(
            round=rnd,
            node=node,
            gender=gender if gender in ("K", "M") else "",
            answered_on=timezone.localdate(),
            **{f"f{i}": a for i, a in enumerate(answers, start=1)},
        )
        if invitation is not None:
            invitation.used = True
            invitation.save(update_fields=["used"])
    return "ok"


def links_for_subtree(rnd, node):
    """The survey links of `node` and every open unit below it, created where missing."""
    units = list(OrgNode.objects.subtree_of(node).open())
    have = set(HmeLink.objects.filter(round=rnd, node__in=units).values_list("node_id", flat=True))
    HmeLink.objects.bulk_create(
        [HmeLink(round=rnd, node=u) for u in units if u.pk not in have], ignore_conflicts=True
    )
    return list(
        HmeLink.objects.filter(round=rnd, node__in=units)
        .select_related("node")
        .order_by("node__path")
    )
