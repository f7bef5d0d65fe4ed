import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

from tillit.locking import Revisioned
from tillit.org.models import OrgNode, Role


class StepKind(models.TextChoices):
    OMVARLDSANALYS = "omvarldsanalys", "Omvärldsanalys"
    PLANERINGSFORUTSATTNINGAR = "planeringsforutsattningar", "Planeringsförutsättningar"
    NULAGESANALYS = "nulagesanalys", "Nulägesanalys"
    NULAGESKARTA = "nulageskarta", "Nulägeskarta"
    MAL_OCH_BUDGET = "mal_och_budget", "Mål och budget"
    VERKSAMHETSPLAN = "verksamhetsplan", "Verksamhetsplan"
    DELARSRAPPORT = "delarsrapport", "Delårsrapport"
    ARSREDOVISNING = "arsredovisning", "Årsredovisning"
    HME = "hme", "HME-enkät"
    VERKSAMHETSDIALOG = "verksamhetsdialog", "Verksamhetsdialoger"
    RISKANALYS = "riskanalys", "Riskanalys"
    INTERNKONTROLLPLAN = "internkontrollplan", "Internkontrollplan"
    UPPFOLJNING_IK = "uppfoljning_ik", "Uppföljning av internkontrollplan"


class Planperiod(Revisioned):
    """A planning period: the budget year plus the plan years (e.g. 2027 with plan 2028–2029)."""

    budget_year = models.PositiveIntegerField("budgetår", unique=True)
    plan_years = models.PositiveSmallIntegerField("planår", default=2)
    is_current = models.BooleanField("aktuell", default=False)

    class Meta:
        verbose_name = "planperiod"
        verbose_name_plural = "planperioder"
        ordering = ["-budget_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=models.Q(is_current=True),
                name="one_current_planperiod",
            )
        ]

    def __str__(self):
        return f"Planperiod {self.budget_year}–{self.last_year}"

    @property
    def last_year(self):
        return self.budget_year + self.plan_years

    @property
    def years(self):
        return list(range(self.budget_year, self.last_year + 1))

    @classmethod
    def current(cls):
        return cls.objects.filter(is_current=True).first() or cls.objects.first()


# The usual Tomelilla rhythm for a budget year Y: analysis in spring of Y−1, goals and budget
# before summer, plans before the year starts, follow-up during and after Y.
# (kind, responsible role, start (year offset, month, day), deadline (year offset, month, day))
DEFAULT_STEPS = [
    (StepKind.OMVARLDSANALYS, Role.CHEF, (-1, 1, 15), (-1, 2, 28)),
    (StepKind.PLANERINGSFORUTSATTNINGAR, Role.ADMIN, (-1, 2, 1), (-1, 3, 15)),
    (StepKind.NULAGESANALYS, Role.CHEF, (-1, 2, 15), (-1, 3, 31)),
    (StepKind.NULAGESKARTA, Role.FORVALTNINGSCHEF, (-1, 4, 1), (-1, 4, 30)),
    (StepKind.MAL_OCH_BUDGET, Role.FORVALTNINGSCHEF, (-1, 5, 1), (-1, 6, 15)),
    (StepKind.HME, Role.CHEF, (-1, 9, 15), (-1, 10, 15)),
    (StepKind.VERKSAMHETSPLAN, Role.CHEF, (-1, 10, 1), (-1, 12, 15)),
    (StepKind.VERKSAMHETSDIALOG, Role.STOD, (0, 2, 1), (0, 11, 30)),
    (StepKind.DELARSRAPPORT, Role.CHEF, (0, 8, 1), (0, 9, 15)),
    (StepKind.ARSREDOVISNING, Role.CHEF, (1, 1, 10), (1, 2, 15)),
    # Internkontroll for the budget year: the risk analysis in the autumn before, the plan
    # adopted by the nämnd before the year starts, its follow-up with the årsredovisning.
    (StepKind.RISKANALYS, Role.FORVALTNINGSCHEF, (-1, 9, 1), (-1, 10, 31)),
    (StepKind.INTERNKONTROLLPLAN, Role.FORVALTNINGSCHEF, (-1, 11, 1), (-1, 12, 15)),
    (StepKind.UPPFOLJNING_IK, Role.FORVALTNINGSCHEF, (1, 1, 10), (1, 2, 15)),
]


class CycleStep(Revisioned):
    """One step of the årshjul with its deadline, for the holders of one role."""

    planperiod = models.ForeignKey(
        Planperiod, on_delete=models.CASCADE, related_name="steps", verbose_name="planperiod"
    )
    kind = models.CharField("steg", max_length=40, choices=StepKind.choices)
    title = models.CharField("rubrik", max_length=200, blank=True)
    starts_on = models.DateField("startar", null=True, blank=True)
    deadline = models.DateField("sista dag")
    responsible_role = models.CharField(
        "ansvarig roll", max_length=20, choices=Role.choices, default=Role.CHEF
    )
    description = models.TextField("beskrivning", blank=True)

    class Meta:
        verbose_name = "steg i årshjulet"
        verbose_name_plural = "steg i årshjulet"
        ordering = ["deadline", "id"]

    def __str__(self):
        return self.display_title

    @property
    def display_title(self):
        return self.title or self.get_kind_display()

    def is_overdue(self, today=None):
        return self.deadline < (today or timezone.localdate())


def planperiod_create(*, budget_year, plan_years=2, make_current=False):
    """A planperiod with the default årshjul steps (idempotent per budget year)."""
    period, created = Planperiod.objects.get_or_create(
        budget_year=budget_year, defaults={"plan_years": plan_years}
    )
    if created:
        CycleStep.objects.bulk_create(
            CycleStep(
                planperiod=period,
                kind=kind,
                responsible_role=role,
                starts_on=datetime.date(budget_year + s[0], s[1], s[2]),
                deadline=datetime.date(budget_year + d[0], d[1], d[2]),
            )
            for kind, role, s, d in DEFAULT_STEPS
        )
    if make_current and not period.is_current:
        Planperiod.objects.filter(is_current=True).update(is_current=False)
        period.is_current = True
        period.save(update_fields=["is_current"])
    return period


class StepCompletion(models.Model):
    """A node has done its part of a step."""

    step = models.ForeignKey(CycleStep, on_delete=models.CASCADE, related_name="completions")
    node = models.ForeignKey(OrgNode, on_delete=models.CASCADE, related_name="step_completions")
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    completed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "klarmarkering"
        verbose_name_plural = "klarmarkeringar"
        constraints = [
            models.UniqueConstraint(fields=["step", "node"], name="one_completion_per_step_node")
        ]

    def __str__(self):
        return f"{self.step} – {self.node} klar"


class ReminderSent(models.Model):
    """Stamps what the hourly reminder task has sent, so each reminder goes out once."""

    UPCOMING = "upcoming"
    OVERDUE = "overdue"

    step = models.ForeignKey(CycleStep, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    node = models.ForeignKey(OrgNode, on_delete=models.CASCADE)
    kind = models.CharField(max_length=10)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["step", "user", "node", "kind"], name="one_reminder_per_kind"
            )
        ]

    def __str__(self):
        return f"{self.kind}: {self.step} till {self.user}"
