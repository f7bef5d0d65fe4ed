from django import forms

from surveys.models import MaturityAssessment
from surveys.models.maturity import PRINCIPLE_FIELDS, PRINCIPLES

RATING_CHOICES = [
    (1, "1 – inte påbörjat"),
    (2, "2"),
    (3, "3 – delvis på plats"),
    (4, "4"),
    (5, "5 – fullt ut på plats"),
]


class MaturityForm(forms.ModelForm):
    class Meta:
        model = MaturityAssessment
        fields = [x for f in PRINCIPLE_FIELDS for x in (f, f"{f}_kommentar")] + ["overall"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field, label, question in PRINCIPLES:
            self.fields[field] = forms.TypedChoiceField(
                label=label,
                help_text=question,
                choices=RATING_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": f"Välj en nivå för {label.lower()}."},
            )
            self.fields[f"{field}_kommentar"].widget = forms.Textarea(attrs={"rows": 2})
            self.fields[f"{field}_kommentar"].label = f"Kommentar om {label.lower()}"
        overall = self.fields["overall"]
        overall.localize = True
        overall.widget = forms.TextInput(attrs={"inputmode": "decimal"})
        overall.error_messages.update(
            {
                "required": "Ange en samlad bedömning mellan 1 och 5.",
                "invalid": "Ange den samlade bedömningen som ett tal, t.ex. 3,75.",
                "min_value": "Den samlade bedömningen ska vara minst 1.",
                "max_value": "Den samlade bedömningen får vara högst 5.",
                "max_decimal_places": "Högst två decimaler.",
                "max_digits": "Ange ett tal mellan 1 och 5 med högst två decimaler.",
            }
        )

    def principle_rows(self):
        return [(self[f], self[f"{f}_kommentar"]) for f in PRINCIPLE_FIELDS]
