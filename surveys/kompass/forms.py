from django import forms
from django.conf import settings
from django.utils import timezone

from surveys.models import EvaluationKind, KompassAction, KompassSubArea
from tillit.org.models import OrgNode


class PointsUploadForm(forms.Form):
    year = forms.IntegerField(
        label="År",
        min_value=2002,
        max_value=2100,
        error_messages={"required": "Ange året för utvärderingen."},
    )
    kind = forms.ChoiceField(
        label="Typ",
        choices=EvaluationKind.choices,
        initial=EvaluationKind.EXTERN,
        help_text="Nationellt snitt är en referensprofil för alla kommuner.",
    )
    file = forms.FileField(
        label="CSV-fil med poäng",
        help_text="Semikolonseparerad, UTF-8. Rubrikrad: delomrade;poang. "
        "Decimalkomma eller decimalpunkt.",
        error_messages={"required": "Välj en fil att importera."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.MAX_UPLOAD_SIZE:
            mb = settings.MAX_UPLOAD_SIZE // (1024 * 1024)
            raise forms.ValidationError(f"Filen är för stor (högst {mb} MB).")
        return upload


class FindingsForm(forms.Form):
    """Evaluators and, per area, strengths and improvement opportunities (one per line)."""

    evaluators = forms.CharField(
        label="Utvärderare",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="En per rad.",
    )

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.areas = areas
        for area in areas:
            self.fields[f"styrka_{area.number}"] = forms.CharField(
                label=f"{area.number} {area.name}: styrkor",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text="En per rad.",
            )
            self.fields[f"forbattring_{area.number}"] = forms.CharField(
                label=f"{area.number} {area.name}: förbättringsområden",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text="En per rad.",
            )

    def rows(self):
        return [
            (area, self[f"styrka_{area.number}"], self[f"forbattring_{area.number}"])
            for area in self.areas
        ]


class ActionForm(forms.ModelForm):
    class Meta:
        model = KompassAction
        fields = [
            "area",
            "subarea",
            "text",
            "responsible",
            "responsible_node",
            "due_on",
            "status",
        ]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        error_messages = {
            "area": {"required": "Välj det område åtgärden gäller."},
            "text": {"required": "Beskriv åtgärden."},
            "responsible": {"required": "Ange vem som är ansvarig."},
        }

    def __init__(self, *args, evaluation, kommun, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = evaluation.version.areas.order_by("number")
        self.fields["area"].label_from_instance = lambda a: f"{a.number} {a.name}"
        self.fields["subarea"].queryset = KompassSubArea.objects.filter(
            area__version=evaluation.version
        ).order_by("area__number", "position")
        self.fields["subarea"].required = False
        self.fields["responsible_node"].queryset = OrgNode.objects.subtree_of(kommun).open()
        self.fields["responsible_node"].label_from_instance = lambda n: (
            f"{'– ' * (n.depth - 1)}{n.namn}"
        )
        self.fields["due_on"].input_formats = ["%Y-%m-%d"]

    def clean(self):
        data = super().clean()
        area, subarea = data.get("area"), data.get("subarea")
        if area and subarea and subarea.area_id != area.pk:
            self.add_error("subarea", "Delområdet hör inte till det valda området.")
        return data
