from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet


class User(AbstractUser):
    """A person with an account. Employees answering HME have none."""

    class Meta:
        verbose_name = "användare"
        verbose_name_plural = "användare"
        ordering = ["first_name", "last_name", "username"]

    def __str__(self):
        return self.get_full_name() or self.username


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


class OrgNode(MP_Node):
    """One node of the organisation tree: kommun → nämnd/styrelse → förvaltning → … → enhet.

    A materialised path (django-treebeard) makes "this node and everything below it" one indexed
    prefix query: `OrgNode.objects.filter(path__startswith=node.path)`.
    """

    kod = models.CharField("kod", max_length=40, unique=True)
    namn = models.CharField("namn", max_length=200)
    typ = models.CharField("typ", max_length=20, choices=NodeType.choices)
    closed_on = models.DateField("stängd", null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["numchild"])

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


class RoleAssignment(models.Model):
    """A role held on a node. It reaches the node's whole subtree."""

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
