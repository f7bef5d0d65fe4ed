"""Monthly figures from the ekonomisystem and the HR system, one row per node's own part.

A node's figure is always the sum over its subtree (results.py); the rows hold only what the
node itself is responsible for, as the files deliver it. `period` is the first day of the closed
month.
"""

from django.conf import settings
from django.db import models

from tillit.org.models import OrgNode


class Post(models.TextChoices):
    INTAKTER = "intakter", "Intäkter"
    PERSONALKOSTNADER = "personalkostnader", "Personalkostnader"
    OVRIGA = "ovriga", "Övriga kostnader"


AMOUNT = {"max_digits": 15, "decimal_places": 2}


class EkonomiRow(models.Model):
    """One post of one node's own accounts for one closed month (kronor)."""

    period = models.DateField("period")
    node = models.ForeignKey(
        OrgNode, on_delete=models.PROTECT, related_name="+", verbose_name="enhet"
    )
    post = models.CharField("post", max_length=20, choices=Post.choices)
    budget_helar = models.DecimalField("budget helår", **AMOUNT)
    budget_ack = models.DecimalField("budget ackumulerad", **AMOUNT)
    utfall_ack = models.DecimalField("utfall ackumulerat", **AMOUNT)
    prognos_helar = models.DecimalField("prognos helår", **AMOUNT)

    class Meta:
        verbose_name = "ekonomirad"
        verbose_name_plural = "ekonomirader"
        constraints = [
            models.UniqueConstraint(
                fields=["period", "node", "post"], name="ekonomi_row_unique_period_node_post"
            )
        ]
        # The unique index (period, node, post) serves the roll-up of one period; this one
        # serves a node's months (the utfall chart).
        indexes = [models.Index(fields=["node", "period"], name="ekonomi_row_node_period")]

    def __str__(self):
        return f"{self.node_id} {self.period:%Y-%m} {self.get_post_display()}"


class PersonalRow(models.Model):
    """One node's own staff for one month: headcount at month end and the month's hours."""

    period = models.DateField("period")
    node = models.ForeignKey(
        OrgNode, on_delete=models.PROTECT, related_name="+", verbose_name="enhet"
    )
    anstallda = models.PositiveIntegerField("tillsvidareanställda")
    ordinarie_timmar = models.PositiveBigIntegerField("ordinarie timmar")
    sjuktimmar = models.PositiveBigIntegerField("sjuktimmar")
    sjuktimmar_60 = models.PositiveBigIntegerField("sjuktimmar, 60 dagar eller mer")
    avslutade = models.PositiveIntegerField("avslutade anställningar")

    class Meta:
        verbose_name = "personalrad"
        verbose_name_plural = "personalrader"
        constraints = [
            models.UniqueConstraint(fields=["period", "node"], name="personal_row_unique"),
            models.CheckConstraint(
                condition=models.Q(sjuktimmar__lte=models.F("ordinarie_timmar")),
                name="personal_row_sick_within_scheduled",
            ),
            models.CheckConstraint(
                condition=models.Q(sjuktimmar_60__lte=models.F("sjuktimmar")),
                name="personal_row_long_within_sick",
            ),
        ]
        indexes = [models.Index(fields=["node", "period"], name="personal_row_node_period")]

    def __str__(self):
        return f"{self.node_id} {self.period:%Y-%m}"


class Feed(models.TextChoices):
    EKONOMI = "ekonomi", "Ekonomi"
    PERSONAL = "personal", "Personal"


class FeedPeriod(models.Model):
    """A month that has been imported for a feed: when, by whom, and whether the figures are
    the demo's invented ones (shown as such on every page)."""

    feed = models.CharField("flöde", max_length=10, choices=Feed.choices)
    period = models.DateField("period")
    rows = models.PositiveIntegerField("rader", default=0)
    demo = models.BooleanField("demosiffror", default=False)
    imported_at = models.DateTimeField("importerad", auto_now=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="importerad av",
    )

    class Meta:
        verbose_name = "importerad period"
        verbose_name_plural = "importerade perioder"
        ordering = ["feed", "-period"]
        constraints = [
            models.UniqueConstraint(fields=["feed", "period"], name="feed_period_unique")
        ]

    def __str__(self):
        return f"{self.get_feed_display()} {self.period:%Y-%m}"
