from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from tillit.org.models import OrgNode


class ReportJob(models.Model):
    """A PDF report: the row comes first, a Celery task fills in the file, the page polls.

    The file is kept: a report handed to a nämnd keeps its content when the data changes later.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "I kö"
        RUNNING = "running", "Skapas"
        DONE = "done", "Klar"
        FAILED = "failed", "Misslyckades"

    class Audience(models.TextChoices):
        """Who may read a finished report: set when it is built, from what went into it."""

        UNKNOWN = "", "Okänt (bara beställaren)"
        WORKING = "working", "Arbetsmaterial"
        PUBLISHED = "published", "Publicerat material"

    kind = models.CharField("rapporttyp", max_length=50)
    node = models.ForeignKey(
        OrgNode, on_delete=models.PROTECT, related_name="reports", verbose_name="enhet"
    )
    params = models.JSONField("parametrar", default=dict, blank=True)
    title = models.CharField("rubrik", max_length=300)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to="reports/%Y/", blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    data_as_of = models.DateTimeField("underlag per", null=True, blank=True)
    handed_over_at = models.DateTimeField("överlämnad", null=True, blank=True)
    # What the file contains (see tillit/reports/registry.py: Contents): working material
    # needs VIEW, published material VIEW_PUBLISHED, on every node whose material it lists.
    audience = models.CharField(
        "innehåll", max_length=10, choices=Audience.choices, default=Audience.UNKNOWN, blank=True
    )
    contained_nodes = models.ManyToManyField(
        OrgNode, blank=True, related_name="+", verbose_name="enheter vars material ingår"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "rapport"
        verbose_name_plural = "rapporter"
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("reports:job", args=[self.pk])

    @property
    def is_finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def filename(self):
        safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in self.title.lower())
        return f"{safe.strip('-')[:80] or 'rapport'}-{self.pk}.pdf"
