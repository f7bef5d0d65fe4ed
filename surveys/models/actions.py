"""The one shape of a handlingsplan action: what is to be done, by when, how far it has come.

Actions agreed at a verksamhetsdialog (dialogue.Action), in an HME handlingsplan (HmeAction)
and in a Kommunkompassen handlingsplan (KompassAction) share this abstract base and its status
enum; each concrete model adds where the action belongs and who is responsible, and answers
`who` (the responsible person as text) and `source` (where the action comes from) so that lists
across instruments (surveys/handlingsplaner.py) read them all alike.
"""

from django.db import models
from django.utils import timezone


class ActionStatus(models.TextChoices):
    PLANNED = "planned", "Planerad"
    ONGOING = "ongoing", "Pågår"
    DONE = "done", "Klar"


class HandlingsplanActionQuerySet(models.QuerySet):
    def open(self):
        """Not yet done."""
        return self.exclude(status=ActionStatus.DONE)


class HandlingsplanAction(models.Model):
    text = models.CharField("åtgärd", max_length=300)
    due_on = models.DateField("klart senast", null=True, blank=True)
    status = models.CharField(
        "status", max_length=10, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    done_on = models.DateField("klar den", null=True, blank=True)
    # Null only for actions written before the field existed: their day is not known.
    created_at = models.DateTimeField("skapad", auto_now_add=True, null=True)

    objects = HandlingsplanActionQuerySet.as_manager()

    class Meta:
        abstract = True
        verbose_name = "åtgärd"
        verbose_name_plural = "åtgärder"

    def __str__(self):
        return self.text

    def save(self, *args, **kwargs):
        # `done_on` follows the status, whichever form or service changed it.
        if self.status == ActionStatus.DONE:
            self.done_on = self.done_on or timezone.localdate()
        else:
            self.done_on = None
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "status" in update_fields:
            kwargs["update_fields"] = {*update_fields, "done_on"}
        super().save(*args, **kwargs)

    @property
    def is_done(self):
        return self.status == ActionStatus.DONE

    @property
    def is_overdue(self):
        return not self.is_done and self.due_on is not None and self.due_on < timezone.localdate()

    def set_status(self, status, *, today=None):
        """Change the status (unsaved); `done_on` is the day it was set done, cleared otherwise."""
        self.status = status
        self.done_on = (today or timezone.localdate()) if status == ActionStatus.DONE else None

    @property
    def who(self):
        """The responsible, as text ("" when nobody is named)."""
        raise NotImplementedError

    @property
    def source(self):
        """Where the action comes from, as a person reads it."""
        raise NotImplementedError
