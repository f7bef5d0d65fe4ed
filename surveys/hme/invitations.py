"""Personal HME invitations, issued centrally (HR or the kommun's administratör).

The issuer gives a unit's e-mail addresses; Tillit creates one single-use invitation per
address and e-mails each its link. The addresses are used only to send: no address is stored,
nothing links an address to an invitation, and no page shows a token. So a person who can see a
unit's results (its chef, HR) can answer only through their own mailbox: one answer.

Invitations per unit are capped at the unit's headcount where it is known: from the personal
feed when the kommun imports one (`known_headcount`), else as the issuer gives it (kept with the
round's batches, so a later batch cannot forget it).
"""

import re
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Count

from surveys.models import HmeInvitation, HmeInvitationBatch, HmeRound
from tillit.csvimport import ImportError_, decode_csv
from tillit.org.models import OrgNode

from .tasks import send_hme_invitations

MAX_ADDRESSES = 5000
SEPARATORS = re.compile(r"[\s,;]+")


class IssueError(Exception):
    """The invitations were not issued; `errors` says why, in Swedish."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__("\n".join(errors))


def parse_addresses(text):
    """The addresses in pasted text (one or more a line, separated by spaces, commas or
    semicolons), de-duplicated without regard to case. Raises IssueError naming the row."""
    return _checked(
        (number, part)
        for number, line in enumerate((text or "").splitlines(), start=1)
        for part in SEPARATORS.split(line.strip())
        if part
    )


def parse_address_file(data):
    """The addresses of a one-column CSV file (UTF-8; an optional header row without an @)."""
    try:
        text = decode_csv(data)
    except ImportError_ as exc:
        raise IssueError(exc.errors) from exc
    entries, errors = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        cell = line.strip().strip('"').strip()
        if not cell or (number == 1 and "@" not in cell):
            continue
        if ";" in cell or "," in cell:
            errors.append(
                f"Rad {number}: filen ska ha en enda kolumn, med en e-postadress per rad."
            )
            continue
        entries.append((number, cell))
    if errors:
        raise IssueError(errors[:50])
    return _checked(entries)


def _checked(entries):
    seen, addresses, errors = set(), [], []
    for number, address in entries:
        try:
            validate_email(address)
        except ValidationError:
            errors.append(f"Rad {number}: {address!r} är ingen giltig e-postadress.")
            continue
        if address.lower() not in seen:
            seen.add(address.lower())
            addresses.append(address)
    if errors:
        raise IssueError(errors[:50])
    if not addresses:
        raise IssueError(["Ange minst en e-postadress."])
    if len(addresses) > MAX_ADDRESSES:
        raise IssueError([f"Högst {MAX_ADDRESSES} adresser åt gången."])
    return addresses


def known_headcounts(nodes):
    """{node id: own headcount in the feed's latest month for that node}, in one query."""
    if not apps.is_installed("planning.ekonomi"):
        return {}
    rows = apps.get_model("ekonomi", "PersonalRow").objects.filter(node__in=nodes)
    latest = {}
    for node_id, anstallda in rows.order_by("node_id", "period").values_list(
        "node_id", "anstallda"
    ):
        latest[node_id] = anstallda
    return latest


def known_headcount(node):
    """The unit's own headcount in the latest month of the kommun's personal feed (the
    `ekonomi` app's PersonalRow), or None when the feed has none for it. It takes precedence
    over what an issuer types. Looked up by app label so that surveys does not import planning.
    """
    if not apps.is_installed("planning.ekonomi"):
        return None
    rows = apps.get_model("ekonomi", "PersonalRow").objects.filter(node=node)
    return rows.order_by("-period").values_list("anstallda", flat=True).first()


def _given_headcount(rnd, node):
    return (
        HmeInvitationBatch.objects.filter(round=rnd, node=node, headcount__isnull=False)
        .order_by("-pk")
        .values_list("headcount", flat=True)
        .first()
    )


@dataclass
class UnitInvitations:
    node: OrgNode
    issued: int
    headcount: int | None


def units_for(rnd, node):
    """`node` and every open unit below it, with the invitations issued and the headcount."""
    units = list(OrgNode.objects.subtree_of(node).open().order_by("path"))
    issued = dict(
        HmeInvitation.objects.filter(round=rnd, node__in=units)
        .order_by()
        .values_list("node_id")
        .annotate(n=Count("pk"))
    )
    given = {}
    for node_id, headcount in (
        HmeInvitationBatch.objects.filter(round=rnd, node__in=units, headcount__isnull=False)
        .order_by("pk")
        .values_list("node_id", "headcount")
    ):
        given[node_id] = headcount
    known = known_headcounts(units)
    return [
        UnitInvitations(u, issued.get(u.pk, 0), known.get(u.pk) or given.get(u.pk)) for u in units
    ]


def issue_invitations(*, rnd, node, addresses, headcount=None, issued_by=None, base_url=""):
    """Create one invitation per address for `node` and queue their e-mails; the number sent.

    Refuses (IssueError) a round that is not open and more invitations than the headcount."""
    with transaction.atomic():
        # One issuer at a time per round: the count below stays true until we commit.
        rnd = HmeRound.objects.select_for_update().get(pk=rnd.pk)
        if not rnd.is_open:
            raise IssueError([f"HME {rnd.year} är inte öppen: inga inbjudningar kan skickas."])
        limit = known_headcount(node) or headcount or _given_headcount(rnd, node)
        issued = HmeInvitation.objects.filter(round=rnd, node=node).count()
        if limit is not None and issued + len(addresses) > limit:
            left = max(0, limit - issued)
            raise IssueError(
                [
                    f"För många inbjudningar: {node.namn} har {limit} anställda och {issued} "
                    f"inbjudningar har redan skickats, så högst {left} till kan skickas "
                    f"(du angav {len(addresses)} adresser)."
                ]
            )
        invitations = HmeInvitation.objects.bulk_create(
            [HmeInvitation(round=rnd, node=node) for _ in addresses]
        )
        HmeInvitationBatch.objects.create(
            round=rnd, node=node, count=len(addresses), headcount=headcount, issued_by=issued_by
        )
        ids = [i.pk for i in invitations]
        # The addresses travel only in the queued task's arguments, never into the database.
        transaction.on_commit(lambda: send_hme_invitations.delay(ids, list(addresses), base_url))
    return len(addresses)
