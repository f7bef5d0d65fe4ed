from django import forms
from django.conf import settings
from django.db.models import Q

from planning.forms import DATE, SHORT_TEXT, TEXT
from planning.models import Namndmal, Uppdrag
from tillit.locking import RevisionForm
from tillit.org.models import OrgNode, User

from .models import Decision, Kontrollmoment, Outcome, Risk

STALE_MESSAGE = (
    "Någon annan har sparat medan du skrev. Dina ändringar är inte sparade: ladda om sidan, "
    "jämför och spara igen."
)


def _people_under(node):
    """People holding a role on the node, above it or below it (the responsible candidates)."""
    paths = [*node.ancestor_paths(), node.path]
    return (
        User.objects.filter(is_active=True)
        .filter(Q(roles__node__path__startswith=node.path) | Q(roles__node__path__in=paths))
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class RiskForm(RevisionForm, forms.ModelForm):
    class Meta:
        model = Risk
        fields = [
            "title",
            "description",
            "process",
            "owner",
            "sannolikhet",
            "konsekvens",
            "namndmal",
            "uppdrag",
            "decision",
            "decision_reason",
        ]
        widgets = {
            "description": TEXT,
            "decision_reason": SHORT_TEXT,
            "sannolikhet": forms.RadioSelect,
            "konsekvens": forms.RadioSelect,
        }

    def __init__(self, *args, node, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _people_under(node)
        self.fields["namndmal"].queryset = Namndmal.objects.filter(
            node__path__in=[*node.ancestor_paths(), node.path]
        ).order_by("order", "pk")
        self.fields["uppdrag"].queryset = Uppdrag.objects.filter(
            node__path__in=[*node.ancestor_paths(), node.path]
        ).order_by("pk")
        self.fields["decision"].help_text = (
            "Åtgärda: risken hanteras direkt. Kontrollera i planen: ett kontrollmoment i "
            "internkontrollplanen. Acceptera: risken bärs, med motivering."
        )

    def clean(self):
        data = super().clean()
        if data.get("decision") == Decision.ACCEPTERA and not data.get("decision_reason"):
            self.add_error("decision_reason", "Motivera varför risken accepteras.")
        return data


class ControlForm(RevisionForm, forms.ModelForm):
    class Meta:
        model = Kontrollmoment
        fields = [
            "title",
            "risk",
            "method",
            "scope",
            "responsible",
            "responsible_node",
            "month",
            "frequency",
            "report_to",
        ]

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        node = plan.node
        self.fields["risk"].queryset = Risk.objects.filter(
            analysis__node=node, analysis__year=plan.year
        ).by_value()
        self.fields["responsible"].queryset = _people_under(node)
        self.fields["responsible_node"].queryset = OrgNode.objects.subtree_of(node)
        self.fields["responsible_node"].label_from_instance = lambda n: (
            "\u00a0\u00a0" * (n.depth - node.depth) + n.namn
        )


class AdoptForm(forms.Form):
    adopted_on = forms.DateField(label="Antagen av nämnden den", widget=DATE)


class IntroductionForm(RevisionForm, forms.Form):
    introduction = forms.CharField(label="Inledning", widget=TEXT, required=False)


class ResultForm(forms.Form):
    performed_on = forms.DateField(label="Genomförd den", widget=DATE)
    outcome = forms.ChoiceField(label="Resultat", choices=Outcome.choices, widget=forms.RadioSelect)
    findings = forms.CharField(label="Vad som framkom", widget=TEXT, required=False)
    action_1 = forms.CharField(label="Åtgärd", max_length=300, required=False)
    due_1 = forms.DateField(label="Klart senast", widget=DATE, required=False)
    action_2 = forms.CharField(label="Ytterligare åtgärd", max_length=300, required=False)
    due_2 = forms.DateField(label="Klart senast", widget=DATE, required=False)

    def clean(self):
        data = super().clean()
        deviation = data.get("outcome") == Outcome.AVVIKELSE
        if deviation and not (data.get("findings") or "").strip():
            self.add_error("findings", "Beskriv vad som framkom vid avvikelsen.")
        if not deviation and (data.get("action_1") or data.get("action_2")):
            self.add_error("action_1", "Åtgärder skrivs vid en avvikelse.")
        return data

    def actions(self):
        d = self.cleaned_data
        return [(d.get(f"action_{i}") or "", d.get(f"due_{i}")) for i in (1, 2)]


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Riskregister (CSV)",
        error_messages={"required": "Välj en fil att importera.", "empty": "Filen är tom."},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.MAX_UPLOAD_SIZE:
            mb = settings.MAX_UPLOAD_SIZE // (1024 * 1024)
            raise forms.ValidationError(f"Filen är för stor (högst {mb} MB).")
        return upload
