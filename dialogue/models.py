"""Verksamhetsdialoger, their agendas and actions, delaktighetsdialoger and delade erfarenheter."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from surveys.models.actions import ActionStatus, HandlingsplanAction
from tillit.cycle.models import Planperiod
from tillit.locking import Revisioned
from tillit.org.models import OrgNode, SupportFunction


class ItemKind(models.TextChoices):
    """What an agenda item is about; it decides which preparation material it gets."""

    UPPFOLJNING = "uppfoljning", "Uppföljning av åtgärder"
    NULAGESKOLL = "nulageskoll", "Nulägeskoll"
    EKONOMI = "ekonomi", "Ekonomi"
    PERSONAL = "personal", "Personal och HME"
    MAL = "mal", "Mål och aktiviteter"
    RISKER = "risker", "Risker"
    TEMA = "tema", "Tema"
    OVRIGT = "ovrigt", "Övrigt"


# The kommun's default fixed agenda (created on first use; editable in the admin).
DEFAULT_AGENDA = [
    (ItemKind.UPPFOLJNING, "Uppföljning av åtgärder"),
    (ItemKind.NULAGESKOLL, "Nulägeskoll"),
    (ItemKind.EKONOMI, "Ekonomi"),
    (ItemKind.PERSONAL, "Personal och HME"),
    (ItemKind.MAL, "Mål och aktiviteter"),
    (ItemKind.RISKER, "Risker"),
    (ItemKind.TEMA, "Tema"),
]


class AgendaTemplate(models.Model):
    """A fixed agenda the kommun defines; each dialogue's agenda is copied from one."""

    name = models.CharField("namn", max_length=200, unique=True)
    is_default = models.BooleanField("standard", default=False)
    active = models.BooleanField("används", default=True)

    class Meta:
        verbose_name = "agendamall"
        verbose_name_plural = "agendamallar"
        ordering = ["-is_default", "name"]

    def __str__(self):
        return self.name

    @classmethod
    def default(cls):
        """The default template, created with the standard items the first time it is needed."""
        template = cls.objects.filter(is_default=True, active=True).first()
        if template is None:
            template, created = cls.objects.get_or_create(
                name="Verksamhetsdialog, ledningsnivå", defaults={"is_default": True}
            )
            if created:
                AgendaTemplateItem.objects.bulk_create(
                    AgendaTemplateItem(template=template, order=i, kind=kind, title=title)
                    for i, (kind, title) in enumerate(DEFAULT_AGENDA, start=1)
                )
        return template


class AgendaTemplateItem(models.Model):
    template = models.ForeignKey(
        AgendaTemplate, on_delete=models.CASCADE, related_name="items", verbose_name="mall"
    )
    order = models.PositiveSmallIntegerField("ordning")
    kind = models.CharField("typ", max_length=20, choices=ItemKind.choices)
    title = models.CharField("rubrik", max_length=200)
    guidance = models.TextField("vägledning", blank=True)

    class Meta:
        verbose_name = "agendapunkt i mall"
        verbose_name_plural = "agendapunkter i mall"
        ordering = ["order", "id"]

    def __str__(self):
        return self.title


class Dialogue(Revisioned):
    """A verksamhetsdialog på ledningsnivå for one node on one date."""

    node = models.ForeignKey(
        OrgNode, on_delete=models.PROTECT, related_name="dialogues", verbose_name="enhet"
    )
    planperiod = models.ForeignKey(
        Planperiod,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dialogues",
        verbose_name="planperiod",
    )
    date = models.DateField("datum")
    theme = models.CharField("tema", max_length=200, blank=True)
    template = models.ForeignKey(
        AgendaTemplate, on_delete=models.SET_NULL, null=True, blank=True, verbose_name="mall"
    )
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="chaired_dialogues",
        verbose_name="ordförande",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="skapad av",
    )
    created_at = models.DateTimeField("skapad", auto_now_add=True)
    locked_at = models.DateTimeField("protokollet låst", null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="låst av",
    )

    class Meta:
        verbose_name = "verksamhetsdialog"
        verbose_name_plural = "verksamhetsdialoger"
        ordering = ["date", "id"]
        indexes = [models.Index(fields=["node", "date"])]

    def __str__(self):
        return f"Verksamhetsdialog {self.date:%Y-%m-%d} – {self.node}"

    def get_absolute_url(self):
        return reverse("dialogue:detail", args=[self.pk])

    @property
    def is_locked(self):
        return self.locked_at is not None


class ParticipantRole(models.TextChoices):
    LEDNING = "ledning", "Ledningsansvar"
    EKONOMI = SupportFunction.EKONOMI.value, "Stödfunktion ekonomi"
    HR = SupportFunction.HR.value, "Stödfunktion HR"
    KVALITET = SupportFunction.KVALITET.value, "Stödfunktion kvalitet"


class Participant(models.Model):
    dialogue = models.ForeignKey(
        Dialogue, on_delete=models.CASCADE, related_name="participants", verbose_name="dialog"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="dialogue_participations",
        verbose_name="deltagare",
    )
    role = models.CharField("roll", max_length=20, choices=ParticipantRole.choices)
    approved_at = models.DateTimeField("godkände protokollet", null=True, blank=True)

    class Meta:
        verbose_name = "deltagare"
        verbose_name_plural = "deltagare"
        ordering = ["role", "user__first_name", "user__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["dialogue", "user"], name="one_participation")
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()})"


class AgendaItem(Revisioned):
    """One item of a dialogue's fixed agenda: its material before, its notes after."""

    dialogue = models.ForeignKey(
        Dialogue, on_delete=models.CASCADE, related_name="items", verbose_name="dialog"
    )
    order = models.PositiveSmallIntegerField("ordning")
    kind = models.CharField("typ", max_length=20, choices=ItemKind.choices)
    title = models.CharField("rubrik", max_length=200)
    material = models.TextField("underlag", blank=True)
    prepared_at = models.DateTimeField("förberedd", null=True, blank=True)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="förberedd av",
    )
    notes = models.TextField("anteckningar", blank=True)
    decisions = models.TextField("beslut", blank=True)
    # The ekonomi or personal figures the item showed when it was marked prepared (JSON from
    # planning.ekonomi.cards.cards_json); empty while the item shows the feeds live.
    feeds = models.JSONField("fryst ekonomi och personal", default=dict, blank=True)

    class Meta:
        verbose_name = "agendapunkt"
        verbose_name_plural = "agendapunkter"
        ordering = ["order", "id"]

    def __str__(self):
        return self.title

    @property
    def is_prepared(self):
        return self.prepared_at is not None

    @property
    def anchor(self):
        return f"punkt-{self.pk}"


class EconomyFigures(Revisioned):
    """The economy function's figures for one dialogue, in tkr (thousands of kronor)."""

    dialogue = models.OneToOneField(
        Dialogue, on_delete=models.CASCADE, related_name="economy", verbose_name="dialog"
    )
    period_label = models.CharField(
        "period", max_length=100, blank=True, help_text="Till exempel ”januari–mars”."
    )
    budget = models.DecimalField("budget (tkr)", max_digits=14, decimal_places=1, null=True)
    utfall = models.DecimalField("utfall (tkr)", max_digits=14, decimal_places=1, null=True)
    prognos = models.DecimalField("prognos (tkr)", max_digits=14, decimal_places=1, null=True)
    comment = models.TextField("kommentar", blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField("ändrad", auto_now=True)

    class Meta:
        verbose_name = "ekonomiska uppgifter"
        verbose_name_plural = "ekonomiska uppgifter"

    def __str__(self):
        return f"Ekonomi – {self.dialogue}"

    @property
    def avvikelse(self):
        """Budget minus prognos for the year: positive is a surplus, negative a deficit."""
        if self.budget is None or self.prognos is None:
            return None
        return self.budget - self.prognos


class Action(HandlingsplanAction):
    """An action agreed at a dialogue; it comes back on the node's next agendas until done."""

    dialogue = models.ForeignKey(
        Dialogue, on_delete=models.CASCADE, related_name="actions", verbose_name="dialog"
    )
    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name="agendapunkt",
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dialogue_actions",
        verbose_name="vem",
    )
    comment = models.CharField("kommentar", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta(HandlingsplanAction.Meta):
        ordering = ["due_on", "id"]

    @property
    def who(self):
        return str(self.responsible or "")

    @property
    def source(self):
        return f"Verksamhetsdialog {self.dialogue.date:%Y-%m-%d}"

    @property
    def badge(self):
        return {
            ActionStatus.PLANNED: "badge--red",
            ActionStatus.ONGOING: "badge--yellow",
            ActionStatus.DONE: "badge--green",
        }[self.status]


class DelaktighetDialog(Revisioned):
    """A verksamhetsdialog för ökad delaktighet at the unit: format decided locally."""

    node = models.ForeignKey(
        OrgNode, on_delete=models.PROTECT, related_name="delaktighet", verbose_name="enhet"
    )
    date = models.DateField("datum")
    format = models.CharField(
        "form", max_length=200, help_text="Hur ni genomförde dialogen, t.ex. arbetsplatsträff."
    )
    topic = models.CharField("ämne", max_length=200)
    raised = models.TextField("vad som togs upp")
    actions = models.TextField("åtgärder", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField("skapad", auto_now_add=True)

    class Meta:
        verbose_name = "dialog för ökad delaktighet"
        verbose_name_plural = "dialoger för ökad delaktighet"
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.topic} ({self.date:%Y-%m-%d})"

    def get_absolute_url(self):
        return reverse("dialogue:delaktighet", args=[self.pk])


class Principle(models.TextChoices):
    TILLIT = "tillit", "Tillit"
    KUNSKAP = "kunskap", "Kunskap"
    STOD = "stod", "Stöd"
    OPPENHET = "oppenhet", "Öppenhet"
    DELEGERING = "delegering", "Delegering"
    SAMVERKAN = "samverkan", "Samverkan"
    KUNDFOKUS = "kundfokus", "Kundfokus"


class Experience(Revisioned):
    """A delad erfarenhet: a problem, a measure tested, its outcome and the analysis."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Utkast"
        SHARED = "shared", "Delad"

    node = models.ForeignKey(
        OrgNode, on_delete=models.PROTECT, related_name="experiences", verbose_name="enhet"
    )
    title = models.CharField("rubrik", max_length=200)
    topic = models.CharField("ämne", max_length=200)
    problem = models.TextField("problem")
    measure = models.TextField("åtgärd vi testade")
    outcome = models.TextField("utfall")
    analysis = models.TextField("analys")
    status = models.CharField("status", max_length=10, choices=Status.choices, default="draft")
    shared_at = models.DateTimeField("delad", null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="experiences",
        verbose_name="författare",
    )
    created_at = models.DateTimeField("skapad", auto_now_add=True)
    updated_at = models.DateTimeField("ändrad", auto_now=True)

    class Meta:
        verbose_name = "delad erfarenhet"
        verbose_name_plural = "delade erfarenheter"
        ordering = ["-shared_at", "-created_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("dialogue:experience", args=[self.pk])

    @property
    def is_shared(self):
        return self.status == self.Status.SHARED

    def principle_labels(self):
        labels = dict(Principle.choices)
        return [labels[p.principle] for p in self.principles.all()]


class ExperiencePrinciple(models.Model):
    experience = models.ForeignKey(Experience, on_delete=models.CASCADE, related_name="principles")
    principle = models.CharField("princip", max_length=20, choices=Principle.choices)

    class Meta:
        verbose_name = "princip"
        verbose_name_plural = "principer"
        ordering = ["principle"]
        constraints = [
            models.UniqueConstraint(fields=["experience", "principle"], name="one_principle_tag")
        ]

    def __str__(self):
        return self.get_principle_display()


class AlsoTried(models.Model):
    """The "vi har också provat" mark: another unit's result, a note or a linked experience."""

    experience = models.ForeignKey(Experience, on_delete=models.CASCADE, related_name="also_tried")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="vem"
    )
    node = models.ForeignKey(
        OrgNode, on_delete=models.PROTECT, null=True, blank=True, verbose_name="enhet"
    )
    note = models.TextField("vårt resultat", blank=True)
    linked = models.ForeignKey(
        Experience,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="vår egen erfarenhet",
    )
    created_at = models.DateTimeField("skapad", auto_now_add=True)

    class Meta:
        verbose_name = "vi har också provat"
        verbose_name_plural = "vi har också provat"
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["experience", "user"], name="one_also_tried_per_user")
        ]

    def __str__(self):
        return f"{self.user} – {self.experience}"
