from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from tillit.csvimport import MAX_ERRORS
from tillit.org.models import OrgNode


class ImportJob(models.Model):
    """An uploaded file imported by a Celery task (`tasks.run_import`), all or nothing.

    The file is kept only until the job has run. Progress while it runs is in the cache
    (`progress`): the import itself is one transaction, so the row changes only at its end."""

    class Status(models.TextChoices):
        QUEUED = "queued", "I kö"
        RUNNING = "running", "Importeras"
        DONE = "done", "Klar"
        FAILED = "failed", "Avvisad"

    kind = models.CharField("importtyp", max_length=30)
    file = models.FileField(upload_to="imports/%Y/", blank=True)
    filename = models.CharField("filnamn", max_length=255, blank=True)
    size = models.PositiveBigIntegerField("storlek (byte)", default=0)
    node = models.ForeignKey(
        OrgNode,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="enhet",
    )
    params = models.JSONField("parametrar", default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    rows_done = models.PositiveIntegerField("rader lästa", default=0)
    rows_total = models.PositiveIntegerField("rader i filen", default=0)
    errors = models.JSONField("fel", default=list, blank=True)  # the first MAX_ERRORS
    error_count = models.PositiveIntegerField("antal fel", default=0)
    summary = models.TextField("resultat", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "import"
        verbose_name_plural = "importer"
        ordering = ["-created_at"]

    def __str__(self):
        return f"Import {self.pk} ({self.kind})"

    def get_absolute_url(self):
        return reverse("imports:job", args=[self.pk])

    @property
    def is_finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def more_errors(self):
        return max(self.error_count - len(self.errors), 0)

    def set_errors(self, errors, count):
        self.errors = list(errors)[:MAX_ERRORS]
        self.error_count = max(count, len(self.errors))
