from django.db import models


class NyckeltalSource(models.TextChoices):
    KOLADA = "kolada", "Kolada"
    LOCAL = "lokal", "Lokalt nyckeltal"


class Direction(models.TextChoices):
    HIGHER = "higher", "Högre är bättre"
    LOWER = "lower", "Lägre är bättre"
    NONE = "none", "Ingen riktning"


class Nyckeltal(models.Model):
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

    class Meta:
        verbose_name = "nyckeltal"
        verbose_name_plural = "nyckeltal"
        ordering = ["title"]

    def __str__(self):
        return f"{self.title} ({self.code})"

    @property
    def source_label(self):
        """How a figure's origin is printed wherever it appears."""
        if self.source == NyckeltalSource.KOLADA:
            return f"Källa: Kolada, {self.code}"
        return "Källa: lokalt nyckeltal"
