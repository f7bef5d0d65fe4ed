from django.conf import settings
from django.utils import timezone

from surveys.models import EvaluationKind, KompassAction, KompassSubArea
from tillit import forms
from tillit.locking import RevisionForm
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


class FindingsForm(RevisionForm, forms.Form):
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


class ActionForm(RevisionForm, forms.ModelForm):
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


class SelfAssessmentForm(RevisionForm, forms.Form):
    """The kommun's own assessment, entered in the browser: points and a comment for every
    sub-area of the framework, and a comment on the whole. Every sub-area needs its points
    (0 to its maximum, decimal comma or point); a missing or bad one is named with its code."""

    note = forms.CharField(
        label="Kommentar till hela självskattningen",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, frame, **kwargs):
        super().__init__(*args, **kwargs)
        self.frame = frame
        for area in frame:
            for sub in area.subareas:
                key = sub.code.replace(".", "_")
                self.fields[f"poang_{key}"] = forms.CharField(
                    label=f"{sub.code} {sub.name}: poäng (0–{sub.max_points})",
                    required=False,
                    max_length=20,
                    widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}),
                )
                self.fields[f"kommentar_{key}"] = forms.CharField(
                    label=f"{sub.code} {sub.name}: kommentar",
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )

    def rows(self):
        """[(area, [(sub, points field, comment field)])] for the template."""
        return [
            (
                area,
                [
                    (
                        sub,
                        self[f"poang_{sub.code.replace('.', '_')}"],
                        self[f"kommentar_{sub.code.replace('.', '_')}"],
                    )
                    for sub in area.subareas
                ],
            )
            for area in self.frame
        ]

    def clean(self):
        from .importer import MAX_DECIMALS
        from .rules import parse_points

        data = super().clean()
        points, comments = {}, {}
        for area in self.frame:
            for sub in area.subareas:
                key = sub.code.replace(".", "_")
                field = f"poang_{key}"
                text = (self.data.get(self.add_prefix(field)) or "").strip()
                comments[sub.code] = (data.get(f"kommentar_{key}") or "").strip()
                if field in self._errors:
                    continue
                where = f"{sub.code} {sub.name}"
                if not text:
                    self.add_error(field, f"{where}: ange poäng (0–{sub.max_points}).")
                    continue
                try:
                    value = parse_points(text)
                except ValueError:
                    self.add_error(field, f"{where}: ”{text}” är inte ett tal.")
                    continue
                if value < 0 or value > sub.max_points:
                    self.add_error(
                        field,
                        f"{where}: poängen ska vara mellan 0 och {sub.max_points} (nu {text}).",
                    )
                elif -value.as_tuple().exponent > MAX_DECIMALS:
                    self.add_error(field, f"{where}: högst {MAX_DECIMALS} decimaler.")
                else:
                    points[sub.code] = value
        data["points"], data["comments"] = points, comments
        return data
