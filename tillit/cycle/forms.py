from tillit import forms
from tillit.locking import RevisionForm
from tillit.validation import year_field

from .models import CycleStep, Planperiod


class PlanperiodForm(forms.ModelForm):
    class Meta:
        model = Planperiod
        fields = ["budget_year", "plan_years"]
        error_messages = {
            "budget_year": {"unique": "Det finns redan en planperiod för det budgetåret."}
        }

    budget_year = year_field(noun="budgetår")


class StepForm(RevisionForm, forms.ModelForm):
    class Meta:
        model = CycleStep
        fields = ["kind", "title", "responsible_role", "starts_on", "deadline", "description"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 2}),
        }

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("deadline") and data["starts_on"] > data["deadline"]:
            self.add_error("deadline", "Sista dag kan inte vara före startdagen.")
        return data


StepFormSet = forms.inlineformset_factory(
    Planperiod, CycleStep, form=StepForm, extra=1, can_delete=True
)
