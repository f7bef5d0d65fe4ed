"""Kommunkompassen: SKR's evaluation of how a kommun governs and leads.

The framework is data (KompassVersion → KompassArea → KompassSubArea), loaded by a migration for
2019/2020; other editions are more rows. A sub-area's code ("2.1") is its identity within a
version; names printed in other report editions are kept as KompassAlias rows.
Points are stored unrounded; rounding happens only for display and export (see
surveys/kompass/rules.py).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from tillit.locking import Revisioned
from tillit.org.models import OrgNode

from .actions import HandlingsplanAction


class KompassVersion(models.Model):
    name = models.CharField("version", max_length=20, unique=True)  # "2019/2020"
    valid_from = models.PositiveSmallIntegerField("gäller från år")

    class Meta:
        verbose_name = "Kommunkompassen-version"
        verbose_name_plural = "Kommunkompassen-versioner"
        ordering = ["-valid_from"]

    def __str__(self):
        return f"Kommunkompassen {self.name}"

    @classmethod
    def for_year(cls, year):
        """The edition in use a given year (the newest one that had started), else the oldest."""
        return (
            cls.objects.filter(valid_from__lte=year).order_by("-valid_from").first()
            or cls.objects.order_by("valid_from").first()
        )


class KompassArea(models.Model):
    version = models.ForeignKey(
        KompassVersion, on_delete=models.CASCADE, related_name="areas", verbose_name="version"
    )
    number = models.PositiveSmallIntegerField("område")
    name = models.CharField("namn", max_length=200)

    class Meta:
        verbose_name = "område"
        verbose_name_plural = "områden"
        ordering = ["version", "number"]
        constraints = [
            models.UniqueConstraint(fields=["version", "number"], name="kompass_area_unique")
        ]

    def __str__(self):
        return f"{self.number} {self.name}"


class KompassSubArea(models.Model):
    area = models.ForeignKey(
        KompassArea, on_delete=models.CASCADE, related_name="subareas", verbose_name="område"
    )
    code = models.CharField("kod", max_length=10)  # "1.1": the identity within a version
    name = models.CharField("namn", max_length=200)
    max_points = models.PositiveSmallIntegerField("maxpoäng")
    position = models.PositiveSmallIntegerField("ordning", default=0)

    class Meta:
        verbose_name = "delområde"
        verbose_name_plural = "delområden"
        ordering = ["area__number", "position"]
        constraints = [
            models.UniqueConstraint(fields=["area", "code"], name="kompass_subarea_unique")
        ]

    def __str__(self):
        return f"{self.code} {self.name}"


class KompassAlias(models.Model):
    """Another name an area or sub-area is printed with in some report edition."""

    area = models.ForeignKey(
        KompassArea, on_delete=models.CASCADE, null=True, blank=True, related_name="aliases"
    )
    subarea = models.ForeignKey(
        KompassSubArea, on_delete=models.CASCADE, null=True, blank=True, related_name="aliases"
    )
    name = models.CharField("namn", max_length=200)
    edition = models.CharField("utgåva", max_length=100, blank=True)

    class Meta:
        verbose_name = "alternativt namn"
        verbose_name_plural = "alternativa namn"
        constraints = [
            models.CheckConstraint(
                condition=Q(area__isnull=True, subarea__isnull=False)
                | Q(area__isnull=False, subarea__isnull=True),
                name="kompass_alias_one_target",
            )
        ]

    def __str__(self):
        return self.name


class EvaluationKind(models.TextChoices):
    EXTERN = "extern", "Extern utvärdering"
    SJALV = "själv", "Självskattning"
    REFERENS = "referens", "Nationellt snitt"


class EvaluationStatus(models.TextChoices):
    UTKAST = "utkast", "Utkast"
    PUBLICERAD = "publicerad", "Publicerad"


class KompassEvaluationQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=EvaluationStatus.PUBLICERAD)

    def of_kommun(self, node):
        return self.filter(node=node).exclude(kind=EvaluationKind.REFERENS)

    def references(self):
        return self.filter(kind=EvaluationKind.REFERENS)


class KompassEvaluation(Revisioned):
    """One scoring of a kommun in a year: external, self-assessed, or the national average.

    The national average (kind referens) has no node: it is the same for every kommun.
    """

    node = models.ForeignKey(
        OrgNode,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="kompass_evaluations",
        verbose_name="kommun",
    )
    version = models.ForeignKey(
        KompassVersion, on_delete=models.PROTECT, related_name="evaluations"
    )
    year = models.PositiveSmallIntegerField("år")
    kind = models.CharField("typ", max_length=10, choices=EvaluationKind.choices)
    status = models.CharField(
        "status", max_length=12, choices=EvaluationStatus.choices, default=EvaluationStatus.UTKAST
    )
    evaluators = models.TextField("utvärderare", blank=True, help_text="En per rad.")
    note = models.TextField("kommentar", blank=True)
    is_example = models.BooleanField("exempeldata", default=False)
    # Computed by the Celery task from the unrounded points (surveys/kompass/tasks.py).
    total_points = models.DecimalField(
        "totalpoäng", max_digits=14, decimal_places=6, null=True, blank=True
    )
    total_pct = models.PositiveSmallIntegerField("total procent", null=True, blank=True)
    computed_at = models.DateTimeField("beräknad", null=True, blank=True)
    imported_at = models.DateTimeField("importerad", null=True, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField("publicerad", null=True, blank=True)

    objects = KompassEvaluationQuerySet.as_manager()

    class Meta:
        verbose_name = "Kommunkompassen-utvärdering"
        verbose_name_plural = "Kommunkompassen-utvärderingar"
        ordering = ["-year", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["node", "year", "kind"],
                condition=Q(node__isnull=False),
                name="kompass_evaluation_unique",
            ),
            models.UniqueConstraint(
                fields=["year"],
                condition=Q(kind="referens"),
                name="kompass_reference_unique_year",
            ),
            models.CheckConstraint(
                condition=Q(kind="referens", node__isnull=True)
                | (~Q(kind="referens") & Q(node__isnull=False)),
                name="kompass_reference_has_no_node",
            ),
        ]

    def __str__(self):
        if self.kind == EvaluationKind.REFERENS:
            return f"Nationellt snitt {self.year}"
        return f"{self.get_kind_display()} {self.year}"

    def get_absolute_url(self):
        kod = self.node.kod if self.node_id else None
        return reverse("surveys:kompass:evaluation", args=[kod, self.pk]) if kod else ""

    @property
    def is_published(self):
        return self.status == EvaluationStatus.PUBLICERAD

    def publish(self):
        self.status, self.published_at = EvaluationStatus.PUBLICERAD, timezone.now()
        self.save(update_fields=["status", "published_at"])

    def unpublish(self):
        self.status, self.published_at = EvaluationStatus.UTKAST, None
        self.save(update_fields=["status", "published_at"])


class KompassPoints(models.Model):
    evaluation = models.ForeignKey(
        KompassEvaluation, on_delete=models.CASCADE, related_name="points"
    )
    subarea = models.ForeignKey(KompassSubArea, on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField("poäng", max_digits=12, decimal_places=6)  # unrounded
    comment = models.TextField(
        "kommentar", blank=True, help_text="Motivering, i kommunens självskattning."
    )

    class Meta:
        verbose_name = "poäng"
        verbose_name_plural = "poäng"
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "subarea"], name="kompass_points_unique"),
            models.CheckConstraint(condition=Q(points__gte=0), name="kompass_points_nonnegative"),
        ]

    def __str__(self):
        return f"{self.subarea_id}: {self.points}"


class KompassAreaScore(models.Model):
    """An area's computed score (sum of the unrounded sub-area points), stored by the task."""

    evaluation = models.ForeignKey(
        KompassEvaluation, on_delete=models.CASCADE, related_name="area_scores"
    )
    area = models.ForeignKey(KompassArea, on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField("poäng", max_digits=14, decimal_places=6)
    max_points = models.PositiveSmallIntegerField("maxpoäng")
    pct = models.PositiveSmallIntegerField("procent")

    class Meta:
        ordering = ["area__number"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "area"], name="kompass_areascore_unique")
        ]

    def __str__(self):
        return f"{self.area_id}: {self.points}"


class FindingKind(models.TextChoices):
    STYRKA = "styrka", "Styrka"
    FORBATTRING = "forbattring", "Förbättringsområde"


class KompassFinding(models.Model):
    """A strength or improvement opportunity the evaluators wrote for an area."""

    evaluation = models.ForeignKey(
        KompassEvaluation, on_delete=models.CASCADE, related_name="findings"
    )
    area = models.ForeignKey(KompassArea, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("typ", max_length=12, choices=FindingKind.choices)
    text = models.TextField("text")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "styrka eller förbättringsområde"
        verbose_name_plural = "styrkor och förbättringsområden"
        ordering = ["area__number", "kind", "position"]

    def __str__(self):
        return self.text


class KompassActionPlan(Revisioned):
    """A handlingsplan drawn up from an evaluation's improvement areas."""

    node = models.ForeignKey(
        OrgNode, on_delete=models.PROTECT, related_name="kompass_plans", verbose_name="enhet"
    )
    evaluation = models.ForeignKey(
        KompassEvaluation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plans",
        verbose_name="utvärdering",
    )
    title = models.CharField("rubrik", max_length=200)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "handlingsplan"
        verbose_name_plural = "handlingsplaner"
        ordering = ["-created_at"]

    def __str__(self):
        return self.title


class KompassAction(HandlingsplanAction):
    plan = models.ForeignKey(KompassActionPlan, on_delete=models.CASCADE, related_name="actions")
    area = models.ForeignKey(
        KompassArea, on_delete=models.PROTECT, related_name="+", verbose_name="område"
    )
    subarea = models.ForeignKey(
        KompassSubArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="delområde",
    )
    text = models.TextField("åtgärd")
    responsible = models.CharField("ansvarig", max_length=200)
    responsible_node = models.ForeignKey(
        OrgNode,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="kompass_actions",
        verbose_name="ansvarig enhet",
    )

    class Meta(HandlingsplanAction.Meta):
        ordering = ["area__number", "due_on", "pk"]

    @property
    def who(self):
        return self.responsible

    @property
    def source(self):
        return f"Kommunkompassen, område {self.area.number}"

    @property
    def badge(self):
        """Status colour: done is green, overdue red, otherwise yellow (always with a label)."""
        if self.is_done:
            return "green"
        return "red" if self.is_overdue else "yellow"
