"""Comments on a unit's drafts and the line above's acknowledgement (kvittering).

A comment belongs to one section of one working document of one node: a nulägesanalys, a
verksamhetsplan or the node's part of a follow-up. Comments are working material: they stay with
the document (answered, resolved, never deleted) and are never copied into a published follow-up
or a handed-over nulägeskarta, so nothing a politician reads can carry them.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from tillit.org.models import OrgNode

from .chain import Nulagesanalys, Uppfoljning, Verksamhetsplan


class CommentDoc(models.TextChoices):
    ANALYSIS = "nulagesanalys", "Nulägesanalys"
    PLAN = "verksamhetsplan", "Verksamhetsplan"
    FOLLOWUP = "uppfoljning", "Uppföljning"


def _one_document(*fields):
    """Exactly one of the document foreign keys is set."""
    condition = Q(pk__in=[])
    for f in fields:
        condition |= Q(
            **{f"{f}__isnull": False}, **{f"{o}__isnull": True for o in fields if o != f}
        )
    return condition


class Comment(models.Model):
    node = models.ForeignKey(OrgNode, on_delete=models.CASCADE, related_name="draft_comments")
    analysis = models.ForeignKey(
        Nulagesanalys, on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    plan = models.ForeignKey(
        Verksamhetsplan, on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    followup = models.ForeignKey(
        Uppfoljning, on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    section = models.CharField("avsnitt", max_length=40)
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    text = models.TextField("kommentar")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField("skriven", default=timezone.now)
    resolved_at = models.DateTimeField("löst", null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "kommentar"
        verbose_name_plural = "kommentarer"
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=_one_document("analysis", "plan", "followup"),
                name="comment_one_document",
            )
        ]
        indexes = [models.Index(fields=["node", "section"])]

    def __str__(self):
        return self.text[:60]

    @property
    def doc(self):
        if self.analysis_id:
            return CommentDoc.ANALYSIS
        return CommentDoc.PLAN if self.plan_id else CommentDoc.FOLLOWUP


class Acknowledgement(models.Model):
    """The line above has read a unit's verksamhetsplan or follow-up (kvitterat). Kept, one row
    per kvittering; the latest is shown to the unit."""

    node = models.ForeignKey(OrgNode, on_delete=models.CASCADE, related_name="acknowledgements")
    plan = models.ForeignKey(
        Verksamhetsplan,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="acknowledgements",
    )
    followup = models.ForeignKey(
        Uppfoljning,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="acknowledgements",
    )
    # The plan's revision that was read: a later save shows as "ändrad efter kvitteringen".
    revision = models.PositiveIntegerField(null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField("kvitterad", default=timezone.now)

    class Meta:
        verbose_name = "kvittering"
        verbose_name_plural = "kvitteringar"
        ordering = ["-at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=_one_document("plan", "followup"), name="acknowledgement_one_document"
            )
        ]

    def __str__(self):
        return f"Kvitterad av {self.by} {self.at:%Y-%m-%d}"
