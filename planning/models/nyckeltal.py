from django.conf import settings
from django.db import models
from django.db.models import Q

from tillit.locking import Revisioned
from tillit.org.models import OrgNode


class NyckeltalSource(models.TextChoices):
    KOLADA = "kolada", "Kolada"
    LOCAL = "lokal", "Lokalt nyckeltal"


class Direction(models.TextChoices):
    HIGHER = "higher", "Högre är bättre"
    LOWER = "lower", "Lägre är bättre"
    NONE = "none", "Ingen riktning"


class Gender(models.TextChoices):
    TOTAL = "T", "Totalt"
    WOMEN = "K", "Kvinnor"
    MEN = "M", "Män"


RIKET = "0000"


class Nyckeltal(Revisioned):
    """A key figure: a Kolada KPI (e.g. N15419) or an indicator the kommun defines itself."""

    source = models.CharField(
        "källa", max_length=10, choices=NyckeltalSource.choices, default=NyckeltalSource.LOCAL
    )
    code = models.CharField(
        "id",
        max_length=40,
        unique=True,
        help_text="Koladas KPI-id (t.ex. N15419) eller en lokal kod.",
    )
    title = models.CharField("namn", max_length=300)
    description = models.TextField("definition", blank=True)
    unit = models.CharField("enhet", max_length=40, blank=True)
    operating_area = models.CharField("verksamhetsområde", max_length=200, blank=True)
    has_gender_split = models.BooleanField("könsuppdelat", default=False)
    direction = models.CharField(
        "riktning", max_length=10, choices=Direction.choices, default=Direction.NONE
    )
    # Kolada bookkeeping: what Kolada last said, so a change of title or a removal is noticed.
    in_use = models.BooleanField(
        "används",
        default=False,
        help_text="Hämtas från Kolada även om ingen nulägeskoll använder nyckeltalet.",
    )
    kolada_title_seen = models.CharField(
        "titel i Kolada vid senaste hämtning", max_length=300, blank=True
    )
    is_deleted_in_kolada = models.BooleanField("borttaget i Kolada", default=False)
    fetched_at = models.DateTimeField("senast hämtat från Kolada", null=True, blank=True)

    class Meta:
        verbose_name = "nyckeltal"
        verbose_name_plural = "nyckeltal"
        ordering = ["title"]

    def __str__(self):
        return f"{self.title} ({self.code})"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("planning:nyckeltal:detail", args=[self.code])

    @property
    def is_kolada(self):
        return self.source == NyckeltalSource.KOLADA

    @property
    def source_label(self):
        """How a figure's origin is printed wherever it appears."""
        if self.source == NyckeltalSource.KOLADA:
            return f"Källa: Kolada, {self.code}"
        return "Källa: lokalt nyckeltal"


class NyckeltalValue(models.Model):
    """One figure: a nyckeltal for a kommun (Kolada municipality id) or an org unit, a year
    and a gender. A missing value stays missing (`value` is NULL), never 0."""

    nyckeltal = models.ForeignKey(Nyckeltal, on_delete=models.CASCADE, related_name="values")
    municipality = models.CharField(
        "kommun-id i Kolada", max_length=10, blank=True, help_text="T.ex. 1270, riket 0000."
    )
    node = models.ForeignKey(
        OrgNode, on_delete=models.CASCADE, null=True, blank=True, related_name="nyckeltal_values"
    )
    ou = models.CharField("organisatorisk enhet i Kolada", max_length=20, blank=True)
    period = models.PositiveSmallIntegerField("år")
    gender = models.CharField("kön", max_length=1, choices=Gender.choices, default=Gender.TOTAL)
    value = models.DecimalField("värde", max_digits=20, decimal_places=6, null=True, blank=True)
    status = models.CharField("status", max_length=40, blank=True)
    source = models.CharField(
        "källa", max_length=10, choices=NyckeltalSource.choices, default=NyckeltalSource.KOLADA
    )
    fetched_at = models.DateTimeField("hämtat/registrerat")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )

    class Meta:
        verbose_name = "värde"
        verbose_name_plural = "värden"
        constraints = [
            models.UniqueConstraint(
                fields=["nyckeltal", "municipality", "period", "gender"],
                condition=Q(node__isnull=True, ou=""),
                name="nyckeltalvalue_unique_municipality",
            ),
            models.UniqueConstraint(
                fields=["nyckeltal", "node", "period", "gender"],
                condition=Q(node__isnull=False, ou=""),
                name="nyckeltalvalue_unique_node",
            ),
            models.UniqueConstraint(
                fields=["nyckeltal", "ou", "period", "gender"],
                condition=~Q(ou=""),
                name="nyckeltalvalue_unique_ou",
            ),
            models.CheckConstraint(
                condition=~Q(municipality="") | Q(node__isnull=False) | ~Q(ou=""),
                name="nyckeltalvalue_has_owner",
            ),
        ]
        indexes = [models.Index(fields=["nyckeltal", "period"])]

    def __str__(self):
        owner = self.municipality or self.ou or self.node_id
        return f"{self.nyckeltal_id} {owner} {self.period} {self.gender}: {self.value}"


class KoladaMunicipality(models.Model):
    """Kolada's municipality register, as far as we use it (names for charts)."""

    id = models.CharField("kommun-id", max_length=10, primary_key=True)
    title = models.CharField("namn", max_length=200)
    type = models.CharField("typ", max_length=5, blank=True)

    class Meta:
        verbose_name = "kommun i Kolada"
        verbose_name_plural = "kommuner i Kolada"
        ordering = ["id"]

    def __str__(self):
        return f"{self.title} ({self.id})"


class KoladaComparison(models.Model):
    """A kommun the kommun compares itself with (similar kommuner)."""

    municipality = models.CharField("kommun-id i Kolada", max_length=10, unique=True)
    title = models.CharField("namn", max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "jämförelsekommun"
        verbose_name_plural = "jämförelsekommuner"
        ordering = ["position", "municipality"]

    def __str__(self):
        return self.title or self.municipality


class KoladaOuLink(models.Model):
    """Our unit ↔ Kolada's organisational unit (ou, e.g. a school: V15E127000301), so Kolada's
    unit-level figures (oudata) appear in that unit's nulägeskoll."""

    node = models.OneToOneField(OrgNode, on_delete=models.CASCADE, related_name="kolada_ou")
    ou = models.CharField("Kolada-enhetens id", max_length=20, unique=True)
    title = models.CharField("namn i Kolada", max_length=200, blank=True)

    class Meta:
        verbose_name = "koppling till Kolada-enhet"
        verbose_name_plural = "kopplingar till Kolada-enheter"
        ordering = ["ou"]

    def __str__(self):
        return f"{self.node_id} ↔ {self.ou}"


class SyncStatus(models.TextChoices):
    QUEUED = "queued", "I kö"
    RUNNING = "running", "Pågår"
    OK = "ok", "Klar"
    FAILED = "failed", "Misslyckades"


class KoladaSyncRun(models.Model):
    """One `kolada_sync`: its parameters and its result."""

    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    first_year = models.PositiveSmallIntegerField()
    last_year = models.PositiveSmallIntegerField()
    kpis = models.JSONField(default=list, blank=True)
    compare = models.JSONField(default=list, blank=True)
    full = models.BooleanField(
        "hela historiken",
        default=False,
        help_text="Hämta allt igen, inte bara det som ändrats sedan förra hämtningen.",
    )
    status = models.CharField(max_length=10, choices=SyncStatus.choices, default=SyncStatus.QUEUED)
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Kolada {self.first_year}–{self.last_year}: {self.get_status_display()}"


class KoladaSyncMark(models.Model):
    """When a sync of one scope (KPIs × municipalities × ous × years) last succeeded.

    The next sync of the same scope asks Kolada only for values changed since that day
    (`from_date`). A different scope — a KPI, comparison kommun or unit link added, other
    years — has no mark and is fetched in full: values that never change would otherwise never
    arrive for what is new.
    """

    scope = models.CharField(max_length=64, unique=True)  # sha256 of the scope, see sync.py
    synced_at = models.DateTimeField()  # when the last successful sync started

    class Meta:
        verbose_name = "senaste lyckade Kolada-hämtning"
        verbose_name_plural = "senaste lyckade Kolada-hämtningar"

    def __str__(self):
        return f"{self.scope[:12]}: {self.synced_at:%Y-%m-%d %H:%M}"


class DriftKind(models.TextChoices):
    TITLE = "title", "Ny titel i Kolada"
    DELETED = "deleted", "Borttaget i Kolada"


class KoladaDrift(models.Model):
    """A KPI in use changed title or disappeared from Kolada."""

    nyckeltal = models.ForeignKey(Nyckeltal, on_delete=models.CASCADE, related_name="drifts")
    kind = models.CharField(max_length=10, choices=DriftKind.choices)
    old_title = models.CharField(max_length=300, blank=True)
    new_title = models.CharField(max_length=300, blank=True)
    detected_at = models.DateTimeField(auto_now_add=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-detected_at", "-id"]

    def __str__(self):
        return self.message

    @property
    def message(self):
        if self.kind == DriftKind.TITLE:
            return (
                f"Kolada har bytt namn på {self.nyckeltal.code}: från ”{self.old_title}” "
                f"till ”{self.new_title}”. "
                "Kontrollera att nyckeltalet fortfarande mäter det du vill."
            )
        return (
            f"{self.nyckeltal.code} ”{self.old_title}” finns inte längre i Kolada. "
            "Inga nya värden kommer att hämtas; välj gärna ett annat nyckeltal."
        )
