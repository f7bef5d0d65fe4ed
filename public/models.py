"""What an administratör has chosen to show on the public results page (/resultat/).

One row per nämnd or styrelse that shows anything (its goals with status, its key nyckeltal, its
handed-over nulägeskarta), and one row for the kommun itself (Kommunkompassen, HME at kommun
level). A node without a row shows nothing.
"""

from django.conf import settings
from django.db import models

from tillit.org.models import OrgNode


class PublicChoice(models.Model):
    node = models.OneToOneField(
        OrgNode, on_delete=models.CASCADE, related_name="public_choice", verbose_name="nämnd"
    )
    goals = models.BooleanField("mål och status", default=False)
    figures = models.BooleanField("nyckeltal", default=False)
    karta = models.BooleanField("nulägeskarta", default=False)
    kompass = models.BooleanField("Kommunkompassen", default=False)
    hme = models.BooleanField("HME", default=False)
    updated_at = models.DateTimeField("ändrad", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ändrad av",
    )

    class Meta:
        verbose_name = "val för öppna resultat"
        verbose_name_plural = "val för öppna resultat"
        ordering = ["node__path"]

    def __str__(self):
        return f"Öppna resultat: {self.node}"
