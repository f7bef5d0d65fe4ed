"""Tillit maturity: each verksamhet rates itself 1–5 on the seven principles, once a year."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from tillit.locking import Revisioned
from tillit.org.models import OrgNode

# (field, label, question) — the seven principles of tillitsbaserad styrning.
PRINCIPLES = [
    ("tillit", "Tillit", "Vi visar och får tillit i det dagliga arbetet."),
    ("kunskap", "Kunskap", "Beslut bygger på kunskap och professionernas erfarenhet."),
    ("stod", "Stöd", "Stödfunktionerna stödjer verksamheten, de styr den inte."),
    ("oppenhet", "Öppenhet", "Vi delar information och lärdomar öppet."),
    ("delegering", "Delegering", "Besluten fattas så nära verksamheten som möjligt."),
    ("samverkan", "Samverkan", "Vi samverkar över gränser för dem vi finns till för."),
    ("kundfokus", "Kundfokus", "Medborgarens och brukarens behov styr hur vi arbetar."),
]
PRINCIPLE_FIELDS = [p[0] for p in PRINCIPLES]

_rating = [MinValueValidator(1), MaxValueValidator(5)]


class MaturityAssessment(Revisioned):
    """A node's self-assessment for a year. Ratings 1–5; overall 1.00–5.00 (e.g. 3.75)."""

    node = models.ForeignKey(
        OrgNode, on_delete=models.PROTECT, related_name="maturity_assessments", verbose_name="enhet"
    )
    year = models.PositiveSmallIntegerField("år")
    tillit = models.PositiveSmallIntegerField("Tillit", validators=_rating)
    tillit_kommentar = models.TextField("kommentar om tillit", blank=True)
    kunskap = models.PositiveSmallIntegerField("Kunskap", validators=_rating)
    kunskap_kommentar = models.TextField("kommentar om kunskap", blank=True)
    stod = models.PositiveSmallIntegerField("Stöd", validators=_rating)
    stod_kommentar = models.TextField("kommentar om stöd", blank=True)
    oppenhet = models.PositiveSmallIntegerField("Öppenhet", validators=_rating)
    oppenhet_kommentar = models.TextField("kommentar om öppenhet", blank=True)
    delegering = models.PositiveSmallIntegerField("Delegering", validators=_rating)
    delegering_kommentar = models.TextField("kommentar om delegering", blank=True)
    samverkan = models.PositiveSmallIntegerField("Samverkan", validators=_rating)
    samverkan_kommentar = models.TextField("kommentar om samverkan", blank=True)
    kundfokus = models.PositiveSmallIntegerField("Kundfokus", validators=_rating)
    kundfokus_kommentar = models.TextField("kommentar om kundfokus", blank=True)
    overall = models.DecimalField(
        "samlad bedömning",
        max_digits=3,
        decimal_places=2,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="1–5, gärna med decimaler (t.ex. 3,75). 5 = tillitsbaserad styrning fullt ut.",
    )
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "självskattning av tillitsmognad"
        verbose_name_plural = "självskattningar av tillitsmognad"
        ordering = ["node__path", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["node", "year"], name="maturity_one_per_node_year"),
            models.CheckConstraint(
                condition=Q(overall__gte=1) & Q(overall__lte=5), name="maturity_overall_1_5"
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{f}__gte": 1}) & Q(**{f"{f}__lte": 5}),
                    name=f"maturity_{f}_1_5",
                )
                for f in PRINCIPLE_FIELDS
            ],
        ]

    def __str__(self):
        return f"Tillitsmognad {self.node} {self.year}"

    def ratings(self):
        """[(label, rating, comment)] in the order of the principles."""
        return [
            (label, getattr(self, f), getattr(self, f"{f}_kommentar")) for f, label, _ in PRINCIPLES
        ]
