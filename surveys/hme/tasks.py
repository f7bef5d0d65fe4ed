import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.urls import reverse
from django.utils.formats import date_format

from surveys.models import HmeInvitation, HmeRound

from .results import ReleaseConflict, compute_round

logger = logging.getLogger(__name__)


# The name stays the one the task had before the rooms (queued messages keep working).
@shared_task(name="surveys.tasks.compute_hme_round")
def compute_hme_round(round_id):
    """Compute a closed round's HME results (idempotent: replaces them). A recomputation that
    would make a release comparable with an earlier one is refused and the shown figures stay."""
    if HmeRound.objects.filter(pk=round_id).exclude(status=HmeRound.Status.OPEN).exists():
        try:
            compute_round(round_id)
        except ReleaseConflict:
            logger.warning(
                "HME round %s not recomputed: it would reveal answers between releases", round_id
            )


@shared_task(name="surveys.tasks.send_hme_invitations")
def send_hme_invitations(invitation_ids, addresses, base_url=""):
    """E-mail each address the link of one of the invitations (pairing them only here, in
    memory). Sending twice sends the same link to the same address again: harmless, since an
    invitation answers once. Unused invitations of a round that has closed are not sent."""
    invitations = list(
        HmeInvitation.objects.filter(pk__in=invitation_ids, used=False, round__status="open")
        .select_related("round", "node")
        .order_by("pk")
    )
    by_id = {i.pk: i for i in invitations}
    messages = [
        _message(by_id[pk], address, base_url)
        for pk, address in zip(invitation_ids, addresses, strict=True)
        if pk in by_id
    ]
    with get_connection() as connection:
        connection.send_messages(messages)
    return len(messages)


def _message(invitation, address, base_url):
    rnd, node = invitation.round, invitation.node
    closes = f" Enkäten stänger {date_format(rnd.closes_on, 'j F Y')}." if rnd.closes_on else ""
    body = (
        "Hej!\n\n"
        f"Du är inbjuden att svara på HME-enkäten {rnd.year} (Hållbart medarbetarengagemang) "
        f"för {node.namn}. Den har nio påståenden och tar ett par minuter.{closes}\n\n"
        f"Din personliga länk:\n{base_url}{reverse('surveys:hme_answer', args=[invitation.token])}"
        "\n\n"
        "Länken går att använda en gång och är bara din – skicka inte vidare den. Dina svar är "
        "anonyma: de sparas utan koppling till dig, din e-postadress eller länken, och resultat "
        f"visas bara för grupper med minst {settings.HME_MIN_GROUP} svarande.\n\n"
        "Det här är ett automatiskt meddelande från Tillit."
    )
    return EmailMessage(
        subject=f"HME {rnd.year}: din personliga enkätlänk", body=body, to=[address]
    )
