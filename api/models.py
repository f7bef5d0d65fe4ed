"""API tokens: created by an administratör for a person or a service, scoped to a subtree and a
reading level, stored as a hash (the secret is shown once), revocable, with last-used time."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from tillit.org.models import OrgNode

PREFIX = "tillit_"


class Level(models.TextChoices):
    PUBLISHED = "published", "Publicerat material (publicerat, överlämnat, klart)"
    ALL = "all", "Allt som personen får läsa"


def hash_secret(secret):
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    name = models.CharField("namn", max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="api_tokens",
        verbose_name="person",
    )
    service = models.CharField("tjänst", max_length=200, blank=True)
    scope = models.ForeignKey(
        OrgNode, on_delete=models.PROTECT, related_name="+", verbose_name="omfattning"
    )
    level = models.CharField("nivå", max_length=10, choices=Level.choices)
    # The secret's first characters, to tell tokens apart in lists; never enough to use it.
    hint = models.CharField("början av nyckeln", max_length=20)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("skapad", default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="skapad av",
    )
    revoked_at = models.DateTimeField("återkallad", null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="återkallad av",
    )
    last_used_at = models.DateTimeField("senast använd", null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "API-nyckel"
        verbose_name_plural = "API-nycklar"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(owner__isnull=False) & Q(service=""))
                | (Q(owner__isnull=True) & ~Q(service="")),
                name="apitoken_owner_or_service",
            ),
            models.CheckConstraint(
                condition=~Q(level="all") | Q(owner__isnull=False),
                name="apitoken_all_needs_owner",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def holder(self):
        return str(self.owner) if self.owner_id else self.service

    @property
    def is_active(self):
        return self.revoked_at is None

    @classmethod
    def issue(cls, *, name, scope, level, owner=None, service="", created_by=None):
        """Create a token; returns (token, secret). The secret exists only in this answer."""
        secret = PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            name=name,
            owner=owner,
            service=service,
            scope=scope,
            level=level,
            hint=secret[: len(PREFIX) + 6],
            token_hash=hash_secret(secret),
            created_by=created_by,
        )
        return token, secret

    @classmethod
    def find(cls, secret):
        """The token whose secret is `secret` (active or not), or None."""
        if not secret.startswith(PREFIX) or len(secret) > 200:
            return None
        return (
            cls.objects.select_related("owner", "scope").filter(token_hash=hash_secret(secret))
        ).first()

    def revoke(self, by=None):
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.revoked_by = by
            self.save(update_fields=["revoked_at", "revoked_by"])
