"""HME (Hållbart medarbetarengagemang): rounds, anonymous answers, computed results, riket
reference figures and the units' handlingsplaner. The rules are in surveys/hme/rules.py and
HME.md."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse

from tillit.org.models import OrgNode

from .actions import HandlingsplanAction, HandlingsplanActionQuerySet

STATEMENT_FIELDS = [f"f{i}" for i in range(1, 10)]
INDEX_FIELDS = [f"s{i}" for i in range(1, 10)]
SUBINDEX_FIELDS = ["motivation", "ledarskap", "styrning", "hme"]


def new_token():
    # 128 bits: unguessable, short enough for a printed link or QR code.
    return secrets.token_urlsafe(16)


class HmeRound(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Öppen"
        CLOSED = "closed", "Stängd"
        COMPUTED = "computed", "Beräknad"

    year = models.PositiveSmallIntegerField("år", unique=True)
    opens_on = models.DateField("öppnar", null=True, blank=True)
    closes_on = models.DateField("stänger", null=True, blank=True)
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.OPEN)
    computed_at = models.DateTimeField("beräknad", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "HME-omgång"
        verbose_name_plural = "HME-omgångar"
        ordering = ["-year"]

    def __str__(self):
        return f"HME {self.year}"

    @property
    def is_open(self):
        return self.status == self.Status.OPEN

    @property
    def is_computed(self):
        return self.status == self.Status.COMPUTED


class HmeLink(models.Model):
    """The survey link of one unit in one round, which the unit's manager hands out."""

    round = models.ForeignKey(HmeRound, on_delete=models.CASCADE, related_name="links")
    node = models.ForeignKey(OrgNode, on_delete=models.PROTECT, related_name="hme_links")
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)

    class Meta:
        verbose_name = "enkätlänk"
        verbose_name_plural = "enkätlänkar"
        constraints = [
            models.UniqueConstraint(fields=["round", "node"], name="one_hme_link_per_unit")
        ]

    def __str__(self):
        return f"Enkätlänk {self.node} {self.round.year}"

    def get_absolute_url(self):
        return reverse("surveys:hme_answer", args=[self.token])


class HmeInvitation(models.Model):
    """A personal one-time link. It is marked used when answered and never tied to the answer:
    the response has no reference to it and the invitation keeps no date of use."""

    round = models.ForeignKey(HmeRound, on_delete=models.CASCADE, related_name="invitations")
    node = models.ForeignKey(OrgNode, on_delete=models.PROTECT, related_name="hme_invitations")
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    used = models.BooleanField("använd", default=False)

    class Meta:
        verbose_name = "personlig inbjudan"
        verbose_name_plural = "personliga inbjudningar"

    def __str__(self):
        return f"Inbjudan {self.node} {self.round.year}"

    def get_absolute_url(self):
        return reverse("surveys:hme_answer", args=[self.token])


class Gender(models.TextChoices):
    K = "K", "Kvinna"
    M = "M", "Man"


class HmeResponse(models.Model):
    """One respondent's answers. Deliberately nothing that identifies the respondent: no user,
    no IP address, no time (the date at most), no invitation, and a random primary key so that
    not even the order of answers can be read from the ids."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(HmeRound, on_delete=models.CASCADE, related_name="responses")
    node = models.ForeignKey(OrgNode, on_delete=models.PROTECT, related_name="hme_responses")
    gender = models.CharField("kön", max_length=1, choices=Gender.choices, blank=True)
    f1 = models.PositiveSmallIntegerField(null=True, blank=True)
    f2 = models.PositiveSmallIntegerField(null=True, blank=True)
    f3 = models.PositiveSmallIntegerField(null=True, blank=True)
    f4 = models.PositiveSmallIntegerField(null=True, blank=True)
    f5 = models.PositiveSmallIntegerField(null=True, blank=True)
    f6 = models.PositiveSmallIntegerField(null=True, blank=True)
    f7 = models.PositiveSmallIntegerField(null=True, blank=True)
    f8 = models.PositiveSmallIntegerField(null=True, blank=True)
    f9 = models.PositiveSmallIntegerField(null=True, blank=True)
    answered_on = models.DateField("svarsdatum", null=True, blank=True)
    imported = models.BooleanField("importerad", default=False)

    class Meta:
        verbose_name = "HME-svar"
        verbose_name_plural = "HME-svar"
        indexes = [models.Index(fields=["round", "node"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(**{f"{f}__isnull": True})
                | models.Q(**{f"{f}__gte": 1, f"{f}__lte": 5}),
                name=f"hme_{f}_range",
            )
            for f in STATEMENT_FIELDS
        ]

    def __str__(self):
        return f"HME-svar {self.node_id} {self.round_id}"

    @property
    def answers(self):
        return [getattr(self, f) for f in STATEMENT_FIELDS]


class HmeResult(models.Model):
    """The computed figures of one node's subtree (group T) or of the kommun's women/men (K/M).

    Values are stored unrounded (truncated to 10 decimals, which keeps half-up rounding to whole
    numbers exact); a suppressed result stores no values at all."""

    class Group(models.TextChoices):
        T = "T", "Totalt"
        K = "K", "Kvinnor"
        M = "M", "Män"

    round = models.ForeignKey(HmeRound, on_delete=models.CASCADE, related_name="results")
    node = models.ForeignKey(OrgNode, on_delete=models.PROTECT, related_name="hme_results")
    group = models.CharField(max_length=1, choices=Group.choices, default=Group.T)
    respondents = models.PositiveIntegerField("antal svarande")
    suppressed = models.BooleanField("dold", default=False)
    s1 = models.DecimalField(max_digits=13, decimal_places=10, null=True)
    s2 = models.DecimalField(max_digits=13, decimal_places=10, null=True)
    s3 = models.DecimalField(max_digits=13, decimal_places=10, null=True)
    s4 = models.DecimalField(max_digits=13, decimal_places=10, null=True)
    s5 = models.DecimalField(max_digits=13, decimal_places=10, null=True)
    s6 = models.DecimalField(max_digits=13, decimal_places=10, null=True)
    s7 = models.DecimalField(max_digits=13, decimal_places=10, null=True)
    s8 = models.DecimalField(max_digits=13, decimal_places=10, null=True)
    s9 = models.DecimalField(max_digits=13, decimal_places=10, null=True)
    motivation = models.DecimalField(max_digits=13, decimal_places=10, null=True)
    ledarskap = models.DecimalField(max_digits=13, decimal_places=10, null=True)
    styrning = models.DecimalField(max_digits=13, decimal_places=10, null=True)
    hme = models.DecimalField(max_digits=13, decimal_places=10, null=True)

    class Meta:
        verbose_name = "HME-resultat"
        verbose_name_plural = "HME-resultat"
        constraints = [
            models.UniqueConstraint(fields=["round", "node", "group"], name="one_hme_result")
        ]

    def __str__(self):
        return f"HME-resultat {self.node_id} {self.group}"

    @property
    def statements(self):
        return [getattr(self, f) for f in INDEX_FIELDS]


class HmeReference(models.Model):
    """Riket's figures for a year, entered by an administrator (Kolada can fill it later)."""

    year = models.PositiveSmallIntegerField("år", unique=True)
    motivation = models.DecimalField(max_digits=13, decimal_places=10, null=True, blank=True)
    ledarskap = models.DecimalField(max_digits=13, decimal_places=10, null=True, blank=True)
    styrning = models.DecimalField(max_digits=13, decimal_places=10, null=True, blank=True)
    hme = models.DecimalField(max_digits=13, decimal_places=10, null=True, blank=True)
    source = models.CharField("källa", max_length=40, default="Manuellt inlagd")

    class Meta:
        verbose_name = "HME-jämförelse (riket)"
        verbose_name_plural = "HME-jämförelser (riket)"
        ordering = ["-year"]

    def __str__(self):
        return f"Riket {self.year}"


class HmePlan(models.Model):
    """A unit's handlingsplan after a round: focus areas and actions."""

    round = models.ForeignKey(HmeRound, on_delete=models.CASCADE, related_name="plans")
    node = models.ForeignKey(OrgNode, on_delete=models.PROTECT, related_name="hme_plans")
    focus_motivation = models.BooleanField("Motivation", default=False)
    focus_ledarskap = models.BooleanField("Ledarskap", default=False)
    focus_styrning = models.BooleanField("Styrning", default=False)
    focus_other = models.CharField("Annat fokusområde", max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "handlingsplan"
        verbose_name_plural = "handlingsplaner"
        constraints = [
            models.UniqueConstraint(fields=["round", "node"], name="one_hme_plan_per_unit")
        ]

    def __str__(self):
        return f"Handlingsplan {self.node} {self.round.year}"

    @property
    def focus_areas(self):
        areas = [
            label
            for flag, label in [
                (self.focus_motivation, "Motivation"),
                (self.focus_ledarskap, "Ledarskap"),
                (self.focus_styrning, "Styrning"),
            ]
            if flag
        ]
        if self.focus_other:
            areas.append(self.focus_other)
        return areas


class HmeActionQuerySet(HandlingsplanActionQuerySet):
    def for_node(self, node, subtree=False):
        if subtree:
            return self.filter(plan__node__path__startswith=node.path)
        return self.filter(plan__node=node)


class HmeAction(HandlingsplanAction):
    plan = models.ForeignKey(HmePlan, on_delete=models.CASCADE, related_name="actions")
    responsible_text = models.CharField("ansvarig", max_length=120, blank=True)
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hme_actions",
        verbose_name="ansvarig användare",
    )

    objects = HmeActionQuerySet.as_manager()

    class Meta(HandlingsplanAction.Meta):
        ordering = ["due_on", "pk"]

    @property
    def responsible(self):
        return str(self.responsible_user) if self.responsible_user else self.responsible_text

    @property
    def who(self):
        return self.responsible_text or str(self.responsible_user or "")

    @property
    def source(self):
        return f"HME-handlingsplan {self.plan.round.year}, {self.plan.node.namn}"

    @property
    def badge(self):
        return {"planned": "yellow", "ongoing": "yellow", "done": "green"}[self.status]


def open_actions_for(node, *, subtree=False):
    """The handlingsplan actions not yet done for `node` (or its whole subtree), all rounds,
    soonest first: what a verksamhetsdialog follows up."""
    return (
        HmeAction.objects.open()
        .for_node(node, subtree=subtree)
        .select_related("plan__round", "plan__node", "responsible_user")
        .order_by("due_on", "plan__node__path", "pk")
    )
