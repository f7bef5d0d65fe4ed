from django.conf import settings
from django.db import models
from django.utils import timezone


class Kind(models.TextChoices):
    KARTA_HANDED_OVER = "karta", "Nulägeskarta överlämnad"
    REPORT_HANDED_OVER = "rapport", "Rapport överlämnad"
    ACTION_ASSIGNED = "atgard", "Åtgärd till dig"
    DIALOGUE_PREPARATION = "dialog", "Dialog att förbereda"
    # A comment on a document the recipient wrote (the comments feature calls notify with it).
    COMMENT = "kommentar", "Kommentar"
    DEADLINE_SOON = "deadline", "Sista dag närmar sig"
    DEADLINE_OVERDUE = "forsenad", "Sista dag passerad"
    CONTROL_DUE = "kontroll", "Kontroll att göra"
    REMINDER = "paminnelse", "Påminnelse"


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name="mottagare",
    )
    kind = models.CharField("typ", max_length=20, choices=Kind.choices)
    title = models.CharField("rubrik", max_length=300)
    url = models.CharField("länk", max_length=500)
    # Set when the same thing must not be notified twice (a deadline, a dialogue's preparation):
    # one notification per recipient, kind and key.
    key = models.CharField("nyckel", max_length=200, blank=True)
    created = models.DateTimeField("skapad", default=timezone.now)
    read_at = models.DateTimeField("läst", null=True, blank=True)
    emailed_at = models.DateTimeField("e-post skickad", null=True, blank=True)

    class Meta:
        verbose_name = "notis"
        verbose_name_plural = "notiser"
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "key"],
                condition=~models.Q(key=""),
                name="one_notification_per_key",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def is_read(self):
        return self.read_at is not None


class EmailChoice(models.TextChoices):
    IMMEDIATE = "direkt", "E-post direkt"
    DAILY = "daglig", "Ett sammandrag per dag"
    NONE = "ingen", "Ingen e-post"


class NotificationPreference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
        verbose_name="användare",
    )
    email = models.CharField(
        "e-post om notiser",
        max_length=10,
        choices=EmailChoice.choices,
        default=EmailChoice.IMMEDIATE,
    )

    class Meta:
        verbose_name = "notisinställning"
        verbose_name_plural = "notisinställningar"

    def __str__(self):
        return f"{self.user}: {self.get_email_display()}"


def email_choice(user_id, prefs=None):
    """The person's choice (immediately when they have not chosen)."""
    if prefs is not None:
        return prefs.get(user_id, EmailChoice.IMMEDIATE)
    p = NotificationPreference.objects.filter(user_id=user_id).values_list("email", flat=True)
    return p.first() or EmailChoice.IMMEDIATE


class UnitReminder(models.Model):
    """A Påminn sent to a unit's responsible people (the log; at most one per unit and day)."""

    node = models.ForeignKey(
        "org.OrgNode", on_delete=models.CASCADE, related_name="reminders", verbose_name="enhet"
    )
    day = models.DateField("dag")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="skickad av",
    )
    sent_at = models.DateTimeField("skickad", default=timezone.now)
    what = models.CharField("gäller", max_length=300)
    recipients = models.CharField("till", max_length=500)

    class Meta:
        verbose_name = "påminnelse"
        verbose_name_plural = "påminnelser"
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["node", "day"], name="one_reminder_per_unit_and_day")
        ]

    def __str__(self):
        return f"Påminnelse {self.day:%Y-%m-%d} – {self.node}"
