from tillit import forms

from .models import EmailChoice


class PreferenceForm(forms.Form):
    """The person's own choice (a plain form: only they ever change it)."""

    email = forms.ChoiceField(
        label="E-post om nya händelser", choices=EmailChoice.choices, widget=forms.RadioSelect
    )
