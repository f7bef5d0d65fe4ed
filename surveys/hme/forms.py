from django import forms
from django.conf import settings
from django.db.models import Q

from surveys.models import HmeAction, HmePlan, HmeReference, HmeRound
from tillit.org.models import User

from .rules import SCALE, STATEMENTS

DONT_KNOW = "0"
ANSWER_CHOICES = [(str(v), f"{v}{' – ' + SCALE[v] if SCALE[v] else ''}") for v in range(1, 6)] + [
    (DONT_KNOW, "Vet ej / ej aktuellt")
]
GENDER_CHOICES = [("K", "Kvinna"), ("M", "Man"), ("", "Annat eller vill inte svara")]


class AnswerForm(forms.Form):
    """The nine statements, each optional (skipping one is a missing answer), and gender."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number, _sub, text in STATEMENTS:
            self.fields[f"f{number}"] = forms.ChoiceField(
                label=text, choices=ANSWER_CHOICES, required=False, widget=forms.RadioSelect
            )
        self.fields["kon"] = forms.ChoiceField(
            label="Jag är", choices=GENDER_CHOICES, required=False, widget=forms.RadioSelect
        )

    def statement_fields(self):
        return [self[f"f{n}"] for n, _s, _t in STATEMENTS]

    def answers(self):
        return [
            int(v) if (v := self.cleaned_data.get(f"f{n}")) not in ("", None, DONT_KNOW) else None
            for n, _s, _t in STATEMENTS
        ]

    def clean(self):
        data = super().clean()
        if not self.errors and all(a is None for a in self.answers()):
            raise forms.ValidationError("Svara på minst ett påstående innan du skickar.")
        return data


class HmeUploadForm(forms.Form):
    year = forms.IntegerField(
        label="År",
        min_value=2000,
        max_value=2100,
        error_messages={"required": "Ange vilket år svaren gäller."},
    )
    file = forms.FileField(
        label="CSV-fil",
        help_text="Semikolonseparerad, UTF-8. Rubrikrad: enhet;kon;f1;f2;f3;f4;f5;f6;f7;f8;f9",
        error_messages={"required": "Välj en fil att importera."},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.MAX_UPLOAD_SIZE:
            mb = settings.MAX_UPLOAD_SIZE // (1024 * 1024)
            raise forms.ValidationError(f"Filen är för stor (högst {mb} MB).")
        return upload


class RoundForm(forms.ModelForm):
    class Meta:
        model = HmeRound
        fields = ["year", "opens_on", "closes_on"]
        widgets = {
            "opens_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "closes_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        error_messages = {"year": {"unique": "Det finns redan en omgång för det året."}}

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", "Stängningsdagen kan inte ligga före öppningsdagen.")
        return data


class ReferenceForm(forms.ModelForm):
    class Meta:
        model = HmeReference
        fields = ["year", "motivation", "ledarskap", "styrning", "hme"]
        labels = {"motivation": "Motivation", "ledarskap": "Ledarskap", "styrning": "Styrning"}
        labels["hme"] = "HME totalt"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("motivation", "ledarskap", "styrning", "hme"):
            self.fields[name].min_value = 0
            self.fields[name].max_value = 100
            self.fields[name].localize = True
            self.fields[name].widget.is_localized = True


class PlanForm(forms.ModelForm):
    class Meta:
        model = HmePlan
        fields = ["focus_motivation", "focus_ledarskap", "focus_styrning", "focus_other"]


class ActionForm(forms.ModelForm):
    class Meta:
        model = HmeAction
        fields = ["text", "responsible_text", "responsible_user", "due_on", "status"]
        labels = {"responsible_text": "Ansvarig", "responsible_user": "… eller en användare"}
        widgets = {"due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, node, **kwargs):
        super().__init__(*args, **kwargs)
        # People with a role on the unit, below it or above it.
        self.fields["responsible_user"].queryset = (
            User.objects.filter(
                Q(roles__node__path__startswith=node.path)
                | Q(roles__node__path__in=node.ancestor_paths())
            )
            .distinct()
            .order_by("first_name", "last_name")
        )
