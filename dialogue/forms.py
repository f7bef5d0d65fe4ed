import re
from decimal import Decimal, InvalidOperation

from django.db.models import Q

from tillit import forms
from tillit.cycle.models import Planperiod, StepKind
from tillit.locking import RevisionForm
from tillit.org.models import OrgNode, Role, User

from .models import (
    Action,
    ActionStatus,
    AgendaTemplate,
    DelaktighetDialog,
    Experience,
    Principle,
)
from .services import SERIES_STEPS, check_managers

INDENT = "\u2003"  # an em space per level in the unit list
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SwedishDecimalField(forms.DecimalField):
    """A decimal as a Swede writes it: "1 234,5", "-12,3", "−12,3" (spaces of any kind)."""

    def to_python(self, value):
        if isinstance(value, str):
            value = re.sub(r"[\s\u00a0\u202f]", "", value).replace("−", "-")
            if value.count(",") == 1 and "." not in value:
                value = value.replace(",", ".")
            elif "," in value:
                raise forms.ValidationError(
                    "Skriv talet med decimalkomma, t.ex. 1 234,5.", code="invalid"
                )
            if value:
                try:
                    Decimal(value)
                except InvalidOperation as exc:
                    raise forms.ValidationError(
                        "Skriv ett tal i tkr, t.ex. 1 234,5.", code="invalid"
                    ) from exc
        return super().to_python(value)


class PersonChoiceField(forms.ModelMultipleChoiceField):
    """People listed with their roles, so the right Anna is picked."""

    def label_from_instance(self, obj):
        roles = ", ".join(f"{a.label} {a.node.kod}" for a in obj.roles.all())
        return f"{obj} ({roles})" if roles else str(obj)


def _line_users(node, roles):
    """Users holding one of `roles` on the node, above it or below it (the unit's line)."""
    paths = [*node.ancestor_paths(), node.path]
    return (
        User.objects.filter(is_active=True, roles__role__in=roles)
        .filter(Q(roles__node__path__in=paths) | Q(roles__node__path__startswith=node.path))
        .distinct()
        .prefetch_related("roles__node")
    )


class ParticipantsMixin:
    def _setup_participants(self, node):
        self.fields["managers"].queryset = _line_users(node, [Role.CHEF, Role.FORVALTNINGSCHEF])
        self.fields["support"].queryset = _line_users(node, [Role.STOD])

    def clean_managers(self):
        managers = list(self.cleaned_data["managers"])
        problem = check_managers(managers)
        if problem:
            raise forms.ValidationError(problem)
        return managers


class SeriesForm(ParticipantsMixin, forms.Form):
    """Plan a year's series of dialogues for a node."""

    first = forms.DateField(label="Första dialogen", widget=DATE)
    every = forms.ChoiceField(
        label="Hur ofta",
        choices=[
            ("quarterly", "Varje kvartal"),
            ("bimonthly", "Varannan månad"),
            ("monthly", "Varje månad"),
        ],
        initial="quarterly",
    )
    count = forms.IntegerField(label="Antal dialoger", min_value=1, max_value=12, initial=4)
    planperiod = forms.ModelChoiceField(
        label="Planperiod",
        queryset=Planperiod.objects.all(),
        required=False,
        empty_label="Efter datum (budgetåret dialogen hålls i)",
        help_text="Dialogen följer upp verksamhetsplanen för den här planperiodens budgetår.",
    )
    template = forms.ModelChoiceField(
        label="Agenda",
        queryset=AgendaTemplate.objects.filter(active=True),
        required=False,
        help_text="Kommunens fasta agenda.",
        empty_label="Standardagendan",
    )
    theme = forms.CharField(label="Tema (valfritt)", max_length=200, required=False)
    managers = PersonChoiceField(
        label="Deltagare med ledningsansvar (2–5)",
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Välj 2–5 deltagare med ledningsansvar."},
    )
    support = PersonChoiceField(
        label="Stödfunktioner (ekonomi, HR, kvalitet)",
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, node, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_participants(node)
        period = Planperiod.current()
        # The årshjul's dialogue step suggests when the series starts.
        step = period.steps.filter(kind=StepKind.VERKSAMHETSDIALOG).first() if period else None
        if step is not None:
            self.fields["first"].initial = step.starts_on or step.deadline

    @property
    def months(self):
        return SERIES_STEPS[self.cleaned_data["every"]]


class DialogueEditForm(RevisionForm, ParticipantsMixin, forms.Form):
    date = forms.DateField(label="Datum", widget=DATE)
    theme = forms.CharField(label="Tema (valfritt)", max_length=200, required=False)
    managers = SeriesForm.base_fields["managers"]
    support = SeriesForm.base_fields["support"]

    def __init__(self, *args, node, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_participants(node)


class MaterialForm(RevisionForm, forms.Form):
    card_name = "material_form"
    material = forms.CharField(
        label="Underlag", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class EconomyForm(RevisionForm, forms.Form):
    period_label = forms.CharField(
        label="Period", max_length=100, required=False, help_text="Till exempel ”januari–mars”."
    )
    budget = SwedishDecimalField(
        label="Budget helår (tkr)", max_digits=14, decimal_places=1, required=False, localize=True
    )
    utfall = SwedishDecimalField(
        label="Utfall hittills (tkr)",
        max_digits=14,
        decimal_places=1,
        required=False,
        localize=True,
    )
    prognos = SwedishDecimalField(
        label="Prognos helår (tkr)", max_digits=14, decimal_places=1, required=False, localize=True
    )
    comment = forms.CharField(
        label="Kommentar", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class NotesForm(RevisionForm, forms.Form):
    card_name = "notes_form"
    notes = forms.CharField(
        label="Anteckningar", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    decisions = forms.CharField(
        label="Beslut", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ActionForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = ["text", "responsible", "due_on"]
        widgets = {"due_on": DATE}
        error_messages = {"text": {"required": "Skriv vad som ska göras."}}

    def __init__(self, *args, dialogue, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = User.objects.filter(
            dialogue_participations__dialogue=dialogue
        )
        self.fields["responsible"].empty_label = "Välj ansvarig"


class ActionStatusForm(RevisionForm, forms.Form):
    card_name = "status_form"
    status = forms.ChoiceField(label="Status", choices=ActionStatus.choices)
    comment = forms.CharField(label="Kommentar", max_length=300, required=False)


class DelaktighetForm(forms.ModelForm):
    class Meta:
        model = DelaktighetDialog
        fields = ["date", "format", "topic", "raised", "actions"]
        widgets = {
            "date": DATE,
            "raised": forms.Textarea(attrs={"rows": 4}),
            "actions": forms.Textarea(attrs={"rows": 3}),
        }


class ExperienceForm(RevisionForm, forms.ModelForm):
    principles = forms.MultipleChoiceField(
        label="Principer",
        choices=Principle.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Experience
        fields = ["title", "topic", "problem", "measure", "outcome", "analysis"]
        widgets = {
            f: forms.Textarea(attrs={"rows": 3})
            for f in ["problem", "measure", "outcome", "analysis"]
        }


class ExperienceSearchForm(forms.Form):
    q = forms.CharField(label="Sök på ämne eller text", required=False)
    principle = forms.MultipleChoiceField(
        label="Principer (minst en av de valda)",
        choices=Principle.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    enhet = forms.ChoiceField(label="Enhet (med enheterna under)", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The units that have experiences, and the units above them (to search a förvaltning).
        paths = set()
        for path in Experience.objects.values_list("node__path", flat=True).distinct():
            paths.update(path[:i] for i in range(OrgNode.steplen, len(path) + 1, OrgNode.steplen))
        wanted = self.data.get("enhet") if self.is_bound else None
        nodes = OrgNode.objects.filter(Q(path__in=paths) | Q(kod=wanted or ""))
        self.fields["enhet"].choices = [("", "Alla enheter")] + [
            (n.kod, INDENT * (n.depth - 1) + n.namn) for n in nodes.order_by("path")
        ]


class AlsoTriedForm(forms.Form):
    note = forms.CharField(
        label="Vårt resultat", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    linked = forms.ModelChoiceField(
        label="Eller länka vår egen erfarenhet",
        queryset=Experience.objects.none(),
        required=False,
    )

    def __init__(self, *args, user, exclude, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["linked"].queryset = Experience.objects.filter(author=user).exclude(
            pk=exclude.pk
        )

    def clean(self):
        data = super().clean()
        if not data.get("note") and not data.get("linked"):
            raise forms.ValidationError("Skriv ert resultat eller länka en egen erfarenhet.")
        return data
