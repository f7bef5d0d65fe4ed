"""HME writes that are not computations: closing a round (which queues its computation),
taking an anonymous answer through a personal invitation. (Issuing invitations is in
invitations.py.)"""

from django.db import transaction
from django.utils import timezone

from surveys.models import HmeInvitation, HmeLink, HmeResponse, HmeRound

from .tasks import compute_hme_round


def close_round(rnd):
    """Close an open round and queue its computation once the transaction commits."""
    rnd.status = HmeRound.Status.CLOSED
    rnd.save(update_fields=["status"])
    round_id = rnd.pk
    transaction.on_commit(lambda: compute_hme_round.delay(round_id))


# --- answering ----------------------------------------------------------------------------


def find_survey(token):
    """(round, node, invitation) for a personal invitation, or None.

    A retired unit link is not a survey any more (see `is_retired_link`)."""
    invitation = HmeInvitation.objects.select_related("round", "node").filter(token=token).first()
    if invitation:
        return invitation.round, invitation.node, invitation
    return None


def is_retired_link(token):
    """Is `token` one of the reusable unit links that no longer take answers?"""
    return HmeLink.objects.filter(token=token).exists()


def submit_response(token, answers, gender):
    """Store one anonymous answer: "ok", or "closed"/"used"/"unknown" when it cannot be taken.

    The response gets the unit, the gender, the answers and today's date — nothing else; the
    personal invitation is only marked used, with no reference in either direction."""
    survey = find_survey(token)
    if survey is None:
        return "unknown"
    rnd, node, invitation = survey
    with transaction.atomic():
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
        invitation.used = True
        invitation.save(update_fields=["used"])
    return "ok"


def answers_so_far(rnd):
    """The number of answers of the whole round: the only count shown while it is open.

    A count per unit would move by one as each person answers, and tell the unit's chef who
    has answered (or not) in a group they know by name; the round's total tells nobody that."""
    return HmeResponse.objects.filter(round=rnd).count()
