from django.conf import settings
from django.db import models

from tillit.locking import Revisioned
from tillit.org.models import OrgNode

from .nyckeltal import Nyckeltal


class NulageskollItem(Revisioned):
    """A nyckeltal a manager has chosen for the unit's nulägeskoll, with an optional target."""

    node = models.ForeignKey(OrgNode, on_delete=models.CASCADE, related_name="nulageskoll_items")
    nyckeltal = models.ForeignKey(
        Nyckeltal, on_delete=models.PROTECT, related_name="nulageskoll_items"
    )
    target = models.DecimalField("målvärde", max_digits=20, decimal_places=6, null=True, blank=True)
    comment = models.TextField("kommentar", blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "nyckeltal i nulägeskoll"
        verbose_name_plural = "nyckeltal i nulägeskoll"
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["node", "nyckeltal"], name="nulageskoll_once_per_node")
        ]

    def __str__(self):
        return f"{self.node.kod}: {self.nyckeltal.code}"


class NulageskollSnapshot(models.Model):
    """A nulägeskoll frozen for a verksamhetsdialog: the figures copied as JSON."""

    node = models.ForeignKey(
        OrgNode, on_delete=models.CASCADE, related_name="nulageskoll_snapshots"
    )
    title = models.CharField("rubrik", max_length=200)
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )

    class Meta:
        verbose_name = "ögonblicksbild av nulägeskoll"
        verbose_name_plural = "ögonblicksbilder av nulägeskoll"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("planning:nyckeltal:snapshot", args=[self.node.kod, self.pk])
