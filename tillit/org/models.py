import secrets

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from tillit.locking import Revisioned

# A kod is a path segment of every URL about the node (/organisation/<kod>/): letters of any
# script (åäö included), digits, - _ and . are safe there; `/`, `?`, `#`, `%`, spaces are not,
# and a kod of only dots would be read as "this/the parent folder".
KOD_RULE = "bara bokstäver, siffror, bindestreck (-), understreck (_) och punkt (.)"
validate_kod = RegexValidator(
    r"^(?!\.+\Z)[\w.-]+\Z",
    message="Koden får bara innehålla bokstäver, siffror, bindestreck (-), understreck (_) "
    "och punkt (.), inte bara punkter.",
    code="invalid_kod",
)


class User(Revisioned, AbstractUser):
    """A person with an account. Employees answering HME have none."""

    # The person's id in the HR system (the people file's `personid`); SSO matches on it.
    person_id = models.CharField("personid", max_length=64, unique=True, null=True, blank=True)
    # With LOCAL_LOGIN=0 only break-glass accounts may still sign in with a password.
    break_glass = models.BooleanField(
        "nödkonto",
        default=False,
        help_text="Får logga in med lösenord även när inloggning med lösenord är avstängd.",
    )
    # Part of the session hash: changing it ends every session the person has, wherever the
    # session is stored (Django compares the hash on every request).
    session_token = models.CharField(max_length=32, blank=True, editable=False)

    class Meta:
        verbose_name = "användare"
        verbose_name_plural = "användare"
        ordering = ["first_name", "last_name", "username"]

    def __str__(self):
        return self.get_full_name() or self.username

    def _get_session_auth_hash(self, secret=None):
        return salted_hmac(
            "tillit.org.User.session",
            f"{self.password}:{self.session_token}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    @staticmethod
    def new_session_token():
        return secrets.token_hex(16)

    def end_sessions(self):
        """End every session of this person (they must sign in again)."""
        self.session_token = self.new_session_token()
        self.save(update_fields=["session_token"])


class NodeType(models.TextChoices):
    KOMMUN = "kommun", "Kommun"
    NAMND = "namnd", "Nämnd"
    STYRELSE = "styrelse", "Styrelse"
    FORVALTNING = "forvaltning", "Förvaltning"
    VERKSAMHET = "verksamhet", "Verksamhet"
    AVDELNING = "avdelning", "Avdelning"
    ENHET = "enhet", "Enhet"
    BOLAG = "bolag", "Bolag"

    @classmethod
    def parse(cls, text):
        """The type for a value as people write it ("Nämnd", "namnd", "NÄMND"), or None."""
        cleaned = (text or "").strip().lower()
        for value, label in cls.choices:
            if cleaned in (value, label.lower()):
                return cls(value)
        return None


# Nämnder and styrelser: the boards that politicians sit on and that material is handed to.
BOARD_TYPES = (NodeType.NAMND, NodeType.STYRELSE)


class OrgNodeQuerySet(MP_NodeQuerySet):
    def open(self):
        return self.filter(closed_on__isnull=True)

    def subtree_of(self, node):
        return self.filter(path__startswith=node.path)

    def boards(self):
        """Nämnder and styrelser, in tree order."""
        return self.filter(typ__in=BOARD_TYPES)


class OrgNodeManager(MP_NodeManager):
    def get_queryset(self):
        return OrgNodeQuerySet(self.model, using=self._db).order_by("path")

    def open(self):
        return self.get_queryset().open()

    def subtree_of(self, node):
        return self.get_queryset().subtree_of(node)

    def boards(self):
        return self.get_queryset().boards()

    def kommun(self):
        """The kommun: the root of the tree, or None before the organisation is imported."""
        return self.get_queryset().filter(depth=1).first()


class OrgNode(Revisioned, MP_Node):
    """One node of the organisation tree: kommun → nämnd/styrelse → förvaltning → … → enhet.

    A materialised path (django-treebeard) makes "this node and everything below it" one indexed
    prefix query: `OrgNode.objects.filter(path__startswith=node.path)`.
    """

    kod = models.CharField("kod", max_length=40, unique=True, validators=[validate_kod])
    namn = models.CharField("namn", max_length=200)
    typ = models.CharField("typ", max_length=20, choices=NodeType.choices)
    closed_on = models.DateField("stängd", null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["numchild", "revision"])

    objects = OrgNodeManager()

    class Meta:
        verbose_name = "organisationsenhet"
        verbose_name_plural = "organisationsenheter"
        ordering = ["path"]

    def __str__(self):
        return self.namn

    def get_absolute_url(self):
        return reverse("org:node", args=[self.kod])

    @property
    def is_board(self):
        return self.typ in BOARD_TYPES

    @property
    def is_closed(self):
        return self.closed_on is not None

    def ancestor_paths(self):
        """Paths of the ancestors, root first (no query: used to filter in the same query)."""
        step = self.steplen
        return [self.path[:i] for i in range(step, len(self.path), step)]

    def ancestors(self):
        """The ancestors, root first (treebeard's; breadcrumbs)."""
        return OrgNode.objects.get_ancestors(self)

    def parent_node(self):
        """The parent, or None for the kommun (treebeard's, cached on the node)."""
        return OrgNode.objects.get_parent(self)

    def close(self, when=None):
        self.closed_on = when or timezone.localdate()
        self.save(update_fields=["closed_on"])

    def reopen(self):
        self.closed_on = None
        self.save(update_fields=["closed_on"])


class Role(models.TextChoices):
    ADMIN = "administrator", "Administratör"
    FORVALTNINGSCHEF = "forvaltningschef", "Förvaltningschef"
    CHEF = "chef", "Verksamhetschef/enhetschef"
    STOD = "stodfunktion", "Stödfunktion"
    FORTROENDEVALD = "fortroendevald", "Förtroendevald"


class SupportFunction(models.TextChoices):
    EKONOMI = "ekonomi", "Ekonomi"
    HR = "hr", "HR"
    KVALITET = "kvalitet", "Kvalitet"


class RoleSource(models.TextChoices):
    HAND = "hand", "Given i Tillit"
    FILE = "personfil", "Från personfilen"


class RoleAssignment(models.Model):
    """A role held on a node. It reaches the node's whole subtree.

    `source` says where it came from: roles from the people file are replaced by the next
    file; roles given by hand in Tillit are left alone by imports.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="roles", verbose_name="användare"
    )
    node = models.ForeignKey(
        OrgNode, on_delete=models.PROTECT, related_name="role_assignments", verbose_name="enhet"
    )
    role = models.CharField("roll", max_length=20, choices=Role.choices)
    support_function = models.CharField(
        "stödfunktion", max_length=10, choices=SupportFunction.choices, blank=True
    )
    source = models.CharField(
        "ursprung", max_length=10, choices=RoleSource.choices, default=RoleSource.HAND
    )
    # The `roll` word of the file (verksamhetschef and enhetschef are both CHEF), for export.
    file_role = models.CharField("roll i personfilen", max_length=20, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "roll"
        verbose_name_plural = "roller"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "node", "role", "support_function"], name="unique_role_on_node"
            )
        ]

    def __str__(self):
        return f"{self.label} – {self.node}"

    @property
    def label(self):
        if self.role == Role.STOD and self.support_function:
            return f"Stödfunktion {self.get_support_function_display()}"
        return self.get_role_display()


class PeopleUpload(models.Model):
    """A people file uploaded on the page, kept between the preview and "Verkställ"."""

    content = models.TextField()
    filename = models.CharField(max_length=255, blank=True)
    deactivate_missing = models.BooleanField(default=False)
    uploaded_by = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "uppladdad personfil"
        verbose_name_plural = "uppladdade personfiler"

    def __str__(self):
        return self.filename or f"Personfil {self.pk}"
