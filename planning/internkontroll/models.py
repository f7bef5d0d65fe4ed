"""Internkontroll: a nämnd's (or a unit's) risk analysis per year, the internkontrollplan with
its controls (kontrollmoment), adopted and frozen as versions, and the controls carried out with
their results and actions.

Kommunallagen 6 kap. 6 § makes every nämnd responsible for its internal control; kommunstyrelsen
has uppsiktsplikt over all of them.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from planning.models import Namndmal, Uppdrag
from planning.models.chain import FrozenError, FrozenRecord, RevisionMixin  # noqa: F401 (FrozenError: raised here, imported from here)
from surveys.models.actions import HandlingsplanAction
from tillit.org.models import OrgNode

from . import rules

USER = settings.AUTH_USER_MODEL
ONE_TO_FOUR = [MinValueValidator(1), MaxValueValidator(4)]


class Riskanalys(models.Model):
    """The risk analysis of one node (a nämnd, or a förvaltning/verksamhet below it) for a year."""

    node = models.ForeignKey(
        OrgNode, on_delete=models.CASCADE, related_name="riskanalyser", verbose_name="enhet"
    )
    year = models.PositiveIntegerField("år")
    created_at = models.DateTimeField("skapad", default=timezone.now)

    class Meta:
        verbose_name = "riskanalys"
        verbose_name_plural = "riskanalyser"
        ordering = ["node__path", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["node", "year"], name="one_riskanalys_per_node_year")
        ]

    def __str__(self):
        return f"Riskanalys {self.year} – {self.node.namn}"

    def get_absolute_url(self):
        return reverse("internkontroll:risks", args=[self.node.kod, self.year])


class Decision(models.TextChoices):
    ATGARDA = "atgarda", "Åtgärda"
    KONTROLLERA = "kontrollera", "Kontrollera i planen"
    ACCEPTERA = "acceptera", "Acceptera"


class RiskQuerySet(models.QuerySet):
    def with_value(self):
        return self.annotate(value_db=models.F("sannolikhet") * models.F("konsekvens"))

    def by_value(self):
        return self.with_value().order_by("-value_db", "title", "pk")


class Risk(RevisionMixin):
    analysis = models.ForeignKey(
        Riskanalys, on_delete=models.CASCADE, related_name="risks", verbose_name="riskanalys"
    )
    title = models.CharField("risk", max_length=300)
    description = models.TextField("beskrivning", blank=True)
    process = models.CharField("process/område", max_length=200, blank=True)
    owner = models.ForeignKey(
        USER,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="riskägare",
    )
    sannolikhet = models.PositiveSmallIntegerField(
        "sannolikhet", choices=list(rules.SANNOLIKHET.items()), validators=ONE_TO_FOUR
    )
    konsekvens = models.PositiveSmallIntegerField(
        "konsekvens", choices=list(rules.KONSEKVENS.items()), validators=ONE_TO_FOUR
    )
    namndmal = models.ForeignKey(
        Namndmal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="risks",
        verbose_name="risk för att nämndmålet inte nås",
    )
    uppdrag = models.ForeignKey(
        Uppdrag,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="risks",
        verbose_name="gäller uppdraget",
    )
    decision = models.CharField("beslut", max_length=12, choices=Decision.choices, blank=True)
    decision_reason = models.TextField("motivering", blank=True)
    carried_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_to",
        verbose_name="överförd från",
    )
    history = HistoricalRecords(excluded_fields=["revision"])

    objects = RiskQuerySet.as_manager()

    class Meta:
        verbose_name = "risk"
        verbose_name_plural = "risker"
        ordering = ["analysis", "title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sannolikhet__gte=1, sannolikhet__lte=4)
                & models.Q(konsekvens__gte=1, konsekvens__lte=4),
                name="risk_scales_one_to_four",
            )
        ]

    def __str__(self):
        return self.title

    def as_content(self):
        """The risk as it is frozen with an adopted plan."""
        return {
            "id": self.pk,
            "title": self.title,
            "process": self.process,
            "sannolikhet": self.sannolikhet,
            "konsekvens": self.konsekvens,
            "value": self.value,
            "level": self.level["label"],
            "decision": self.get_decision_display(),
            "decision_reason": self.decision_reason,
        }

    @property
    def value(self):
        """Riskvärde, 1–16."""
        return rules.risk_value(self.sannolikhet, self.konsekvens)

    @property
    def level(self):
        return rules.risk_level(self.value)


class PlanStatus(models.TextChoices):
    DRAFT = "utkast", "Utkast"
    ADOPTED = "antagen", "Antagen"


class Internkontrollplan(RevisionMixin):
    """The living plan of a node and year. Adopting it freezes its controls as a version;
    changes after that make the plan a draft again until the next version is adopted."""

    node = models.ForeignKey(
        OrgNode,
        on_delete=models.CASCADE,
        related_name="internkontrollplaner",
        verbose_name="enhet",
    )
    year = models.PositiveIntegerField("år")
    status = models.CharField(
        "status", max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    introduction = models.TextField("inledning", blank=True)
    history = HistoricalRecords(excluded_fields=["revision"])

    class Meta:
        verbose_name = "internkontrollplan"
        verbose_name_plural = "internkontrollplaner"
        ordering = ["node__path", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["node", "year"], name="one_ik_plan_per_node_year")
        ]

    def __str__(self):
        return f"Internkontrollplan {self.year} – {self.node.namn}"

    def get_absolute_url(self):
        return reverse("internkontroll:plan", args=[self.node.kod, self.year])


class PlanVersion(FrozenRecord):
    """An adopted internkontrollplan exactly as the nämnd adopted it; never changed."""

    frozen_name = "En antagen internkontrollplan"

    plan = models.ForeignKey(Internkontrollplan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("version")
    content = models.JSONField("innehåll")
    adopted_on = models.DateField("antagen den")
    adopted_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "antagen version av internkontrollplan"
        verbose_name_plural = "antagna versioner av internkontrollplaner"
        ordering = ["plan", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="one_ik_version_number")
        ]

    def __str__(self):
        return f"{self.plan} version {self.number}"

    def get_absolute_url(self):
        return reverse(
            "internkontroll:version", args=[self.plan.node.kod, self.plan.year, self.number]
        )

    @property
    def control_ids(self):
        return [c["id"] for c in self.content.get("controls", [])]


class Method(models.TextChoices):
    STICKPROV = "stickprov", "Stickprov"
    AVSTAMNING = "avstamning", "Avstämning"
    GENOMGANG = "genomgang", "Genomgång"
    INTERVJU = "intervju", "Intervju"
    ANALYS = "analys", "Analys av nyckeltal"
    ANNAT = "annat", "Annan metod"


class Frequency(models.TextChoices):
    ONCE = "en_gang", "En gång per år"
    HALFYEAR = "halvar", "Varje halvår"
    QUARTER = "kvartal", "Varje kvartal"
    MONTH = "manad", "Varje månad"


MONTHS = [
    (1, "januari"),
    (2, "februari"),
    (3, "mars"),
    (4, "april"),
    (5, "maj"),
    (6, "juni"),
    (7, "juli"),
    (8, "augusti"),
    (9, "september"),
    (10, "oktober"),
    (11, "november"),
    (12, "december"),
]


class Kontrollmoment(RevisionMixin):
    """One control of the plan: what is checked, how, how much, by whom, when, and to whom it
    is reported."""

    plan = models.ForeignKey(Internkontrollplan, on_delete=models.CASCADE, related_name="controls")
    risk = models.ForeignKey(
        Risk,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="controls",
        verbose_name="risk",
    )
    title = models.CharField("vad kontrolleras", max_length=300)
    method = models.CharField("metod", max_length=12, choices=Method.choices)
    scope = models.CharField("omfattning", max_length=300, blank=True)
    responsible = models.ForeignKey(
        USER,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ik_controls",
        verbose_name="ansvarig",
    )
    responsible_node = models.ForeignKey(
        OrgNode,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ik_controls",
        verbose_name="enhet där kontrollen görs",
    )
    month = models.PositiveSmallIntegerField("när (månad)", choices=MONTHS, null=True, blank=True)
    frequency = models.CharField(
        "frekvens", max_length=10, choices=Frequency.choices, default=Frequency.ONCE
    )
    report_to = models.CharField("rapporteras till", max_length=200, blank=True)
    order = models.PositiveSmallIntegerField("ordning", default=0)
    history = HistoricalRecords(excluded_fields=["revision"])

    class Meta:
        verbose_name = "kontrollmoment"
        verbose_name_plural = "kontrollmoment"
        ordering = ["plan", "order", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("internkontroll:control", args=[self.pk])

    @property
    def due_on(self):
        return rules.due_date(self.plan.year, self.month)

    @property
    def unit(self):
        """Where the control is done: its unit, or the plan's node."""
        return self.responsible_node or self.plan.node

    def as_content(self):
        """The control as it is frozen in an adopted version."""
        return {
            "id": self.pk,
            "title": self.title,
            "risk": self.risk.title if self.risk_id else "",
            "risk_value": self.risk.value if self.risk_id else None,
            "method": self.get_method_display(),
            "scope": self.scope,
            "responsible": str(self.responsible) if self.responsible_id else "",
            "responsible_id": self.responsible_id,
            "unit": self.responsible_node.namn if self.responsible_node_id else "",
            "month": self.month,
            "when": self.when,
            "report_to": self.report_to,
        }

    @property
    def when(self):
        month = self.get_month_display() if self.month else ""
        if self.frequency == Frequency.ONCE:
            return month or "Under året"
        return f"{self.get_frequency_display()}" + (f", senast {month}" if month else "")


class Outcome(models.TextChoices):
    OK = "utan_anmarkning", "Utan anmärkning"
    AVVIKELSE = "avvikelse", "Avvikelse"


class Kontrollresultat(models.Model):
    """A control carried out: its outcome and what was found."""

    control = models.ForeignKey(
        Kontrollmoment, on_delete=models.PROTECT, related_name="results", verbose_name="kontroll"
    )
    performed_on = models.DateField("genomförd den", default=timezone.localdate)
    outcome = models.CharField("resultat", max_length=16, choices=Outcome.choices)
    findings = models.TextField("vad som framkom", blank=True)
    recorded_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "genomförd kontroll"
        verbose_name_plural = "genomförda kontroller"
        ordering = ["control", "-performed_on", "-pk"]

    def __str__(self):
        return f"{self.control}: {self.get_outcome_display()} {self.performed_on}"

    @property
    def is_deviation(self):
        return self.outcome == Outcome.AVVIKELSE


# --- actions --------------------------------------------------------------------------------


class KontrollAction(HandlingsplanAction):
    """An action decided when a control found a deviation. It comes back in the unit's
    verksamhetsdialog and follow-up until it is done."""

    result = models.ForeignKey(Kontrollresultat, on_delete=models.CASCADE, related_name="actions")
    node = models.ForeignKey(
        OrgNode, on_delete=models.CASCADE, related_name="ik_actions", verbose_name="enhet"
    )
    responsible = models.ForeignKey(
        USER,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ansvarig",
    )

    class Meta:
        verbose_name = "åtgärd efter intern kontroll"
        verbose_name_plural = "åtgärder efter intern kontroll"
        ordering = ["due_on", "pk"]

    @property
    def who(self):
        return str(self.responsible) if self.responsible_id else ""

    @property
    def source(self):
        control = self.result.control
        return f"Intern kontroll {control.plan.year}: {control.title}"
