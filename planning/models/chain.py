"""The planning chain: omvärldsanalys → nulägesanalys → nulägeskarta → mål och budget →
verksamhetsplan → uppföljning. Every record links to the records it was built from."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from tillit.cycle.models import Planperiod
from tillit.locking import Revisioned
from tillit.org.models import OrgNode

from .nyckeltal import Direction, Nyckeltal

# --- reads: one QuerySet method for what every caller would otherwise write out -------------


class PeriodQuerySet(models.QuerySet):
    def for_period(self, period):
        return self.filter(planperiod=period)


class NodeDocumentQuerySet(PeriodQuerySet):
    """A document kept once per node and planperiod (nulägesanalys, nulägeskarta, plan)."""

    def of_node(self, node, period):
        return self.filter(node=node, planperiod=period)


class NamndmalQuerySet(models.QuerySet):
    def for_period(self, period):
        return self.filter(overarching__area__planperiod=period)

    def of_board(self, node, period):
        return self.for_period(period).filter(node=node)

    def in_goal_order(self):
        """Under their strategic area and overarching goal, as Mål och budget lists them."""
        return self.order_by("overarching__area__order", "overarching__order", "order", "id")


USER = settings.AUTH_USER_MODEL


# --- 1. Omvärldsanalys ---------------------------------------------------------------------


class Omvarldsanalys(Revisioned):
    """The kommun's analysis of the world around it, once per planperiod."""

    planperiod = models.OneToOneField(
        Planperiod, on_delete=models.CASCADE, related_name="omvarldsanalys"
    )
    introduction = models.TextField("inledning", blank=True)
    updated_at = models.DateTimeField("senast ändrad", auto_now=True)

    objects = PeriodQuerySet.as_manager()

    class Meta:
        verbose_name = "omvärldsanalys"
        verbose_name_plural = "omvärldsanalyser"

    def __str__(self):
        return f"Omvärldsanalys {self.planperiod.budget_year}"


class TrendScope(models.TextChoices):
    GLOBAL = "global", "Global"
    NATIONAL = "nationell", "Nationell"
    REGIONAL = "regional", "Regional"
    LOCAL = "lokal", "Lokal"


class TrendKind(models.TextChoices):
    MEGATREND = "megatrend", "Megatrend"
    EVENT = "handelse", "Händelse"


class Trend(Revisioned):
    analysis = models.ForeignKey(Omvarldsanalys, on_delete=models.CASCADE, related_name="trends")
    scope = models.CharField("nivå", max_length=10, choices=TrendScope.choices)
    kind = models.CharField("typ", max_length=10, choices=TrendKind.choices)
    title = models.CharField("rubrik", max_length=200)
    description = models.TextField("beskrivning", blank=True)
    meaning = models.TextField("vad det betyder för kommunen", blank=True)
    order = models.PositiveSmallIntegerField("ordning", default=0)

    class Meta:
        verbose_name = "trend eller händelse"
        verbose_name_plural = "trender och händelser"
        ordering = ["order", "id"]

    def __str__(self):
        return self.title


class TrendResponse(Revisioned):
    """A verksamhet's own answer to the three questions, for one trend."""

    trend = models.ForeignKey(Trend, on_delete=models.CASCADE, related_name="responses")
    node = models.ForeignKey(OrgNode, on_delete=models.CASCADE, related_name="trend_responses")
    affects_us = models.TextField("Hur påverkar trenden just vår verksamhet?", blank=True)
    events_around = models.TextField("Vilka viktiga skeenden ser vi omkring oss?", blank=True)
    means_for_us = models.TextField("Vad betyder dessa för oss?", blank=True)
    updated_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True)
    updated_at = models.DateTimeField("senast ändrad", auto_now=True)

    class Meta:
        verbose_name = "verksamhetens svar på en trend"
        verbose_name_plural = "verksamheternas svar på trender"
        constraints = [
            models.UniqueConstraint(fields=["trend", "node"], name="one_response_per_trend_node")
        ]

    def __str__(self):
        return f"{self.node} om {self.trend}"

    @property
    def is_empty(self):
        return not (self.affects_us or self.events_around or self.means_for_us)


# --- 2. Nulägesanalys ----------------------------------------------------------------------


class DocStatus(models.TextChoices):
    DRAFT = "utkast", "Utkast"
    DONE = "klar", "Klar"


class SectionKey(models.TextChoices):
    RESULTS = "resultat", "Hur ser våra resultat ut?"
    NEEDS = "behov", "Hur ser behoven ut för dem vi är till för?"
    EXPECTATIONS = "forvantningar", "Vilka förväntningar har invånarna på oss?"
    CHALLENGES = "utmaningar", "Vilka är våra största utmaningar?"
    ECONOMY = "ekonomi", "Vilka ekonomiska förutsättningar finns?"
    DEMOGRAPHY = "demografi", "Hur ser demografin ut?"
    IMPROVEMENT = "forbattring", "Vilka förbättringsområden ska prioriteras?"
    INVESTMENTS = "satsningar", "Vilka viktiga satsningar behöver göras?"
    ASSIGNMENTS = "uppdrag", "Finns något specifikt uppdrag?"
    EMPLOYER = (
        "arbetsgivare",
        "Vad ska göras för att vi ska uppfattas som en attraktiv arbetsgivare?",
    )


SECTION_SHORT = {
    SectionKey.RESULTS: "Resultat",
    SectionKey.NEEDS: "Behov",
    SectionKey.EXPECTATIONS: "Invånarnas förväntningar",
    SectionKey.CHALLENGES: "Största utmaningar",
    SectionKey.ECONOMY: "Ekonomiska förutsättningar",
    SectionKey.DEMOGRAPHY: "Demografi",
    SectionKey.IMPROVEMENT: "Förbättringsområden",
    SectionKey.INVESTMENTS: "Satsningar",
    SectionKey.ASSIGNMENTS: "Specifika uppdrag",
    SectionKey.EMPLOYER: "Attraktiv arbetsgivare",
}


class RevisionMixin(Revisioned):
    """A living document: its revision (optimistic locking, tillit/locking.py) and who saved it
    last."""

    updated_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField("senast ändrad", default=timezone.now)

    class Meta:
        abstract = True


class Nulagesanalys(RevisionMixin):
    node = models.ForeignKey(OrgNode, on_delete=models.CASCADE, related_name="nulagesanalyser")
    planperiod = models.ForeignKey(
        Planperiod, on_delete=models.CASCADE, related_name="nulagesanalyser"
    )
    status = models.CharField(
        "status", max_length=10, choices=DocStatus.choices, default=DocStatus.DRAFT
    )

    objects = NodeDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = "nulägesanalys"
        verbose_name_plural = "nulägesanalyser"
        constraints = [
            models.UniqueConstraint(
                fields=["node", "planperiod"], name="one_nulagesanalys_per_node_period"
            )
        ]

    def __str__(self):
        return f"Nulägesanalys {self.node.namn} {self.planperiod.budget_year}"

    def get_absolute_url(self):
        return reverse("planning:analysis", args=[self.node.kod]) + f"?period={self.planperiod_id}"


class AnalysisSection(models.Model):
    analysis = models.ForeignKey(Nulagesanalys, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField("fråga", max_length=20, choices=SectionKey.choices)
    text = models.TextField("svar", blank=True)
    nyckeltal = models.ManyToManyField(
        Nyckeltal, blank=True, related_name="analysis_sections", verbose_name="nyckeltal"
    )
    trends = models.ManyToManyField(
        Trend, blank=True, related_name="analysis_sections", verbose_name="trender"
    )

    class Meta:
        verbose_name = "avsnitt i nulägesanalys"
        verbose_name_plural = "avsnitt i nulägesanalyser"
        ordering = ["analysis", "id"]
        constraints = [
            models.UniqueConstraint(fields=["analysis", "key"], name="one_section_per_key")
        ]

    def __str__(self):
        return f"{self.analysis.node.namn}: {self.short_label}"

    @property
    def short_label(self):
        return SECTION_SHORT.get(self.key, self.key)

    @property
    def anchor(self):
        return f"avsnitt-{self.key}"


# --- 3. Nulägeskarta -----------------------------------------------------------------------


class KartaStatus(models.TextChoices):
    DRAFT = "utkast", "Utkast"
    READY = "klar", "Klar"
    HANDED_OVER = "overlamnad", "Överlämnad till nämnden"


class Nulageskarta(RevisionMixin):
    """Per nämnd/styrelse and planperiod; compiled by the förvaltningschef. A living document:
    every hand-over freezes the content as a NulageskartaVersion."""

    node = models.ForeignKey(OrgNode, on_delete=models.CASCADE, related_name="nulageskartor")
    planperiod = models.ForeignKey(
        Planperiod, on_delete=models.CASCADE, related_name="nulageskartor"
    )
    summary = models.TextField("sammanfattning", blank=True)
    status = models.CharField(
        "status", max_length=12, choices=KartaStatus.choices, default=KartaStatus.DRAFT
    )
    history = HistoricalRecords()

    objects = NodeDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = "nulägeskarta"
        verbose_name_plural = "nulägeskartor"
        constraints = [
            models.UniqueConstraint(
                fields=["node", "planperiod"], name="one_nulageskarta_per_node_period"
            )
        ]

    def __str__(self):
        return f"Nulägeskarta {self.node.namn} {self.planperiod.budget_year}"

    def get_absolute_url(self):
        return reverse("planning:karta", args=[self.node.kod]) + f"?period={self.planperiod_id}"


class KartaTheme(Revisioned):
    karta = models.ForeignKey(Nulageskarta, on_delete=models.CASCADE, related_name="themes")
    title = models.CharField("tema", max_length=200)
    summary = models.TextField("kort sammanfattning", blank=True)
    order = models.PositiveSmallIntegerField("ordning", default=0)
    history = HistoricalRecords(excluded_fields=["revision"])

    class Meta:
        verbose_name = "tema"
        verbose_name_plural = "teman"
        ordering = ["order", "id"]

    def __str__(self):
        return self.title


class Conclusion(Revisioned):
    """A conclusion in the nulägeskarta: text copied from a unit's analysis and edited,
    keeping the link to where it came from."""

    theme = models.ForeignKey(KartaTheme, on_delete=models.CASCADE, related_name="conclusions")
    text = models.TextField("slutsats")
    source = models.ForeignKey(
        AnalysisSection,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="conclusions",
        verbose_name="källa",
    )
    order = models.PositiveSmallIntegerField("ordning", default=0)
    history = HistoricalRecords(excluded_fields=["revision"])

    class Meta:
        verbose_name = "slutsats"
        verbose_name_plural = "slutsatser"
        ordering = ["order", "id"]

    def __str__(self):
        return self.text[:60]


class FrozenError(Exception):
    pass


class FrozenRecord(models.Model):
    """A version handed over or adopted: written once, never changed or deleted afterwards.
    `frozen_name` says what it is, in Swedish ("En överlämnad nulägeskarta")."""

    frozen_name = "Versionen"

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise FrozenError(f"{self.frozen_name} kan inte ändras.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise FrozenError(f"{self.frozen_name} kan inte tas bort.")


class NulageskartaVersion(FrozenRecord):
    """An immutable snapshot of a nulägeskarta as it was handed to the nämnd."""

    frozen_name = "En överlämnad nulägeskarta"

    karta = models.ForeignKey(Nulageskarta, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("version")
    content = models.JSONField("innehåll")
    handed_over_at = models.DateTimeField("överlämnad", default=timezone.now)
    handed_over_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "överlämnad version av nulägeskarta"
        verbose_name_plural = "överlämnade versioner av nulägeskartor"
        ordering = ["karta", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["karta", "number"], name="one_version_number")
        ]

    def __str__(self):
        return f"{self.karta} version {self.number}"

    def get_absolute_url(self):
        return reverse("planning:karta_version", args=[self.pk])


# --- 4. Mål och budget ---------------------------------------------------------------------


class StrategicArea(Revisioned):
    """Set by kommunfullmäktige for the whole kommun."""

    planperiod = models.ForeignKey(
        Planperiod, on_delete=models.CASCADE, related_name="strategic_areas"
    )
    title = models.CharField("strategiskt område", max_length=200)
    description = models.TextField("beskrivning", blank=True)
    order = models.PositiveSmallIntegerField("ordning", default=0)

    class Meta:
        verbose_name = "strategiskt område"
        verbose_name_plural = "strategiska områden"
        ordering = ["order", "id"]

    def __str__(self):
        return self.title


class OverarchingGoal(Revisioned):
    area = models.ForeignKey(StrategicArea, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField("övergripande mål", max_length=300)
    description = models.TextField("beskrivning", blank=True)
    order = models.PositiveSmallIntegerField("ordning", default=0)

    class Meta:
        verbose_name = "övergripande mål"
        verbose_name_plural = "övergripande mål"
        ordering = ["area__order", "order", "id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("planning:overarching", args=[self.pk])


class Namndmal(Revisioned):
    node = models.ForeignKey(OrgNode, on_delete=models.CASCADE, related_name="namndmal")
    overarching = models.ForeignKey(
        OverarchingGoal,
        on_delete=models.PROTECT,
        related_name="namndmal",
        verbose_name="övergripande mål",
    )
    title = models.CharField("nämndmål", max_length=300)
    description = models.TextField("beskrivning", blank=True)
    based_on = models.ManyToManyField(
        Conclusion,
        blank=True,
        related_name="goals",
        verbose_name="bygger på slutsatser i nulägeskartan",
    )
    order = models.PositiveSmallIntegerField("ordning", default=0)

    objects = NamndmalQuerySet.as_manager()

    class Meta:
        verbose_name = "nämndmål"
        verbose_name_plural = "nämndmål"
        ordering = ["node__path", "order", "id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("planning:goal", args=[self.pk])

    @property
    def planperiod_id(self):
        return self.overarching.area.planperiod_id


class Malvarde(Revisioned):
    """A target value for one year on one indicator, for an overarching goal or a nämndmål."""

    overarching = models.ForeignKey(
        OverarchingGoal, on_delete=models.CASCADE, null=True, blank=True, related_name="targets"
    )
    namndmal = models.ForeignKey(
        Namndmal, on_delete=models.CASCADE, null=True, blank=True, related_name="targets"
    )
    nyckeltal = models.ForeignKey(
        Nyckeltal, on_delete=models.PROTECT, related_name="targets", verbose_name="nyckeltal"
    )
    year = models.PositiveIntegerField("år")
    target = models.DecimalField("målvärde", max_digits=14, decimal_places=2)
    direction = models.CharField(
        "riktning",
        max_length=10,
        choices=Direction.choices,
        blank=True,
        help_text="Lämna tomt för att använda nyckeltalets riktning.",
    )

    class Meta:
        verbose_name = "målvärde"
        verbose_name_plural = "målvärden"
        ordering = ["nyckeltal__title", "year"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(overarching__isnull=True) & Q(namndmal__isnull=False))
                | (Q(overarching__isnull=False) & Q(namndmal__isnull=True)),
                name="malvarde_one_goal",
            )
        ]

    def __str__(self):
        return f"{self.nyckeltal.title} {self.year}: {self.target}"

    @property
    def effective_direction(self):
        return self.direction or self.nyckeltal.direction

    def get_effective_direction_display(self):
        return Direction(self.effective_direction).label


class UppdragStatus(models.TextChoices):
    NOT_STARTED = "ej_paborjat", "Ej påbörjat"
    ONGOING = "pagar", "Pågår"
    DONE = "klart", "Klart"


class Uppdrag(Revisioned):
    """A specific assignment from the politicians, reported at the ordinary follow-ups."""

    planperiod = models.ForeignKey(Planperiod, on_delete=models.CASCADE, related_name="uppdrag")
    node = models.ForeignKey(
        OrgNode, on_delete=models.CASCADE, related_name="uppdrag", verbose_name="nämnd"
    )
    title = models.CharField("uppdrag", max_length=300)
    description = models.TextField("beskrivning", blank=True)
    owner = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, verbose_name="ansvarig person"
    )
    owner_node = models.ForeignKey(
        OrgNode,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_uppdrag",
        verbose_name="ansvarig enhet",
    )
    due_date = models.DateField("klart senast", null=True, blank=True)
    status = models.CharField(
        "status", max_length=12, choices=UppdragStatus.choices, default=UppdragStatus.NOT_STARTED
    )

    objects = NodeDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = "uppdrag"
        verbose_name_plural = "uppdrag"
        ordering = ["due_date", "id"]

    def __str__(self):
        return self.title


# --- 5. Verksamhetsplan --------------------------------------------------------------------


class Verksamhetsplan(RevisionMixin):
    node = models.ForeignKey(OrgNode, on_delete=models.CASCADE, related_name="verksamhetsplaner")
    planperiod = models.ForeignKey(
        Planperiod, on_delete=models.CASCADE, related_name="verksamhetsplaner"
    )
    mission = models.TextField("Vad är vårt uppdrag?", blank=True)
    aims = models.TextField("Vad vill vi uppnå?", blank=True)
    how = models.TextField(
        "Vad behöver vi göra för att ta oss dit?",
        blank=True,
        help_text="En kort inledning; aktiviteterna listas under planen.",
    )
    long_term = models.TextField("Vad planerar vi att göra på längre sikt?", blank=True)
    goals = models.ManyToManyField(
        Namndmal, blank=True, related_name="plans", verbose_name="mål vi arbetar mot"
    )
    nulageskarta = models.ForeignKey(
        Nulageskarta,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plans",
        verbose_name="utgår från nulägeskartan",
    )
    omvarldsanalys = models.ForeignKey(
        Omvarldsanalys,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plans",
        verbose_name="utgår från omvärldsanalysen",
    )
    status = models.CharField(
        "status", max_length=10, choices=DocStatus.choices, default=DocStatus.DRAFT
    )
    history = HistoricalRecords(excluded_fields=["revision"])

    objects = NodeDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = "verksamhetsplan"
        verbose_name_plural = "verksamhetsplaner"
        constraints = [
            models.UniqueConstraint(
                fields=["node", "planperiod"], name="one_verksamhetsplan_per_node_period"
            )
        ]

    def __str__(self):
        return f"Verksamhetsplan {self.node.namn} {self.planperiod.budget_year}"

    def get_absolute_url(self):
        return reverse("planning:plan", args=[self.node.kod]) + f"?period={self.planperiod_id}"


class ActivityStatus(models.TextChoices):
    PLANNED = "planerad", "Planerad"
    ONGOING = "pagar", "Pågår"
    DONE = "klar", "Klar"


class Activity(Revisioned):
    plan = models.ForeignKey(Verksamhetsplan, on_delete=models.CASCADE, related_name="activities")
    title = models.CharField("aktivitet", max_length=300)
    description = models.TextField("beskrivning", blank=True)
    namndmal = models.ManyToManyField(
        Namndmal, blank=True, related_name="activities", verbose_name="nämndmål"
    )
    overarching = models.ManyToManyField(
        OverarchingGoal, blank=True, related_name="activities", verbose_name="övergripande mål"
    )
    responsible = models.CharField("ansvarig", max_length=200, blank=True)
    starts_on = models.DateField("start", null=True, blank=True)
    ends_on = models.DateField("klar senast", null=True, blank=True)
    status = models.CharField(
        "status", max_length=10, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    history = HistoricalRecords(excluded_fields=["revision"])

    class Meta:
        verbose_name = "aktivitet"
        verbose_name_plural = "aktiviteter"
        ordering = ["starts_on", "id"]

    def __str__(self):
        return self.title

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "Slutdatum kan inte vara före startdatum."})


# --- 6. Uppföljning ------------------------------------------------------------------------


class FollowUpKind(models.TextChoices):
    INTERIM = "delar", "Delårsrapport"
    ANNUAL = "ars", "Årsredovisning"


class Rating(models.TextChoices):
    GREEN = "gron", "Uppfyllt"
    YELLOW = "gul", "Delvis uppfyllt"
    RED = "rod", "Ej uppfyllt"
    NONE = "ej_bedomd", "Ej bedömbar"


# Print/page classes per rating: colour AND a shape AND the Swedish label (never colour alone).
RATING_CSS = {
    Rating.GREEN: "green",
    Rating.YELLOW: "yellow",
    Rating.RED: "red",
    Rating.NONE: "none",
}

RATING_BADGE = {
    Rating.GREEN: "badge badge--green",
    Rating.YELLOW: "badge badge--yellow",
    Rating.RED: "badge badge--red",
    Rating.NONE: "badge",
}


class Uppfoljning(models.Model):
    planperiod = models.ForeignKey(
        Planperiod, on_delete=models.CASCADE, related_name="uppfoljningar"
    )
    year = models.PositiveIntegerField("år")
    kind = models.CharField("typ", max_length=10, choices=FollowUpKind.choices)
    published = models.BooleanField(
        "publicerad för förtroendevalda",
        default=False,
        help_text="Förtroendevalda ser statusarna först när uppföljningen är publicerad.",
    )
    # Publish means frozen: publishing copies every status and analysis into a numbered
    # version (PublishedGoalStatus, PublishedUppdragReport); politicians, the nämnd summary and
    # the reports read that version, and later edits wait for "Publicera ny version".
    published_version = models.PositiveIntegerField("publicerad version", default=0)
    published_at = models.DateTimeField("publicerad", null=True, blank=True)

    objects = PeriodQuerySet.as_manager()

    class Meta:
        verbose_name = "uppföljning"
        verbose_name_plural = "uppföljningar"
        ordering = ["-year", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["planperiod", "year", "kind"], name="one_followup_per_kind_year"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.year}"

    def get_absolute_url(self):
        return reverse("planning:followup", args=[self.pk])


class RatedMixin(Revisioned):
    status = models.CharField("status", max_length=10, choices=Rating.choices)
    analysis = models.TextField("analys", blank=True)
    updated_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField("senast ändrad", auto_now=True)

    class Meta:
        abstract = True

    @property
    def badge_class(self):
        return RATING_BADGE.get(self.status, "badge")


class GoalStatus(RatedMixin):
    """How a node judges a goal at a follow-up: the nämnd for its nämndmål, a unit for the
    goals its activities serve, the kommun for the overarching goals."""

    followup = models.ForeignKey(Uppfoljning, on_delete=models.CASCADE, related_name="statuses")
    node = models.ForeignKey(OrgNode, on_delete=models.CASCADE, related_name="goal_statuses")
    namndmal = models.ForeignKey(
        Namndmal, on_delete=models.CASCADE, null=True, blank=True, related_name="statuses"
    )
    overarching = models.ForeignKey(
        OverarchingGoal, on_delete=models.CASCADE, null=True, blank=True, related_name="statuses"
    )
    suggested = models.CharField(
        "förslag utifrån målvärden", max_length=10, choices=Rating.choices, blank=True
    )
    deviation_reason = models.TextField("varför statusen avviker från förslaget", blank=True)

    class Meta:
        verbose_name = "målstatus"
        verbose_name_plural = "målstatusar"
        constraints = [
            models.CheckConstraint(
                condition=(Q(overarching__isnull=True) & Q(namndmal__isnull=False))
                | (Q(overarching__isnull=False) & Q(namndmal__isnull=True)),
                name="goalstatus_one_goal",
            ),
            models.UniqueConstraint(
                fields=["followup", "node", "namndmal"],
                condition=Q(namndmal__isnull=False),
                name="one_status_per_namndmal",
            ),
            models.UniqueConstraint(
                fields=["followup", "node", "overarching"],
                condition=Q(overarching__isnull=False),
                name="one_status_per_overarching",
            ),
        ]

    def __str__(self):
        return f"{self.goal}: {self.get_status_display()}"

    @property
    def goal(self):
        return self.namndmal or self.overarching


class UppdragReport(RatedMixin):
    followup = models.ForeignKey(
        Uppfoljning, on_delete=models.CASCADE, related_name="uppdrag_reports"
    )
    uppdrag = models.ForeignKey(Uppdrag, on_delete=models.CASCADE, related_name="reports")

    class Meta:
        verbose_name = "återrapportering av uppdrag"
        verbose_name_plural = "återrapporteringar av uppdrag"
        constraints = [
            models.UniqueConstraint(fields=["followup", "uppdrag"], name="one_report_per_uppdrag")
        ]

    def __str__(self):
        return f"{self.uppdrag}: {self.get_status_display()}"


# --- 6b. The published versions of a follow-up (publish means frozen) -----------------------


class PublishedRating(models.Model):
    """A status and analysis exactly as they were when the follow-up was published: what a
    politician reads. Written once per publication, never changed."""

    version = models.PositiveIntegerField("version")
    status = models.CharField("status", max_length=10, choices=Rating.choices)
    analysis = models.TextField("analys", blank=True)
    updated_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField("senast ändrad")

    class Meta:
        abstract = True

    @property
    def badge_class(self):
        return RATING_BADGE.get(self.status, "badge")


class PublishedGoalStatus(PublishedRating):
    followup = models.ForeignKey(
        Uppfoljning, on_delete=models.CASCADE, related_name="published_statuses"
    )
    node = models.ForeignKey(OrgNode, on_delete=models.CASCADE, related_name="+")
    namndmal = models.ForeignKey(
        Namndmal, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    overarching = models.ForeignKey(
        OverarchingGoal, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    suggested = models.CharField(
        "förslag utifrån målvärden", max_length=10, choices=Rating.choices, blank=True
    )
    deviation_reason = models.TextField("varför statusen avviker från förslaget", blank=True)

    class Meta:
        verbose_name = "publicerad målstatus"
        verbose_name_plural = "publicerade målstatusar"
        indexes = [models.Index(fields=["followup", "version"])]

    def __str__(self):
        return f"{self.goal}: {self.get_status_display()} (version {self.version})"

    @property
    def goal(self):
        return self.namndmal or self.overarching


class PublishedUppdragReport(PublishedRating):
    followup = models.ForeignKey(
        Uppfoljning, on_delete=models.CASCADE, related_name="published_reports"
    )
    uppdrag = models.ForeignKey(Uppdrag, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = "publicerad återrapportering av uppdrag"
        verbose_name_plural = "publicerade återrapporteringar av uppdrag"
        indexes = [models.Index(fields=["followup", "version"])]

    def __str__(self):
        return f"{self.uppdrag}: {self.get_status_display()} (version {self.version})"
