from django.utils.html import format_html, format_html_join

from tillit import forms
from tillit.locking import RevisionForm

from .models import (
    SECTION_SHORT,
    Activity,
    Conclusion,
    DocStatus,
    GoalStatus,
    KartaTheme,
    Malvarde,
    Namndmal,
    Nulagesanalys,
    Nulageskarta,
    Nyckeltal,
    Omvarldsanalys,
    OverarchingGoal,
    Rating,
    SectionKey,
    StrategicArea,
    Trend,
    TrendResponse,
    Uppdrag,
    UppdragReport,
    Verksamhetsplan,
)
from .models.chain import RATING_BADGE
from .nyckeltal.forms import TargetConfirmMixin

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 4})
SHORT_TEXT = forms.Textarea(attrs={"rows": 2})


class Checkboxes(forms.CheckboxSelectMultiple):
    """Django's checkbox list markup, built in Python. A nulägesanalys shows every nyckeltal
    and trend under each of its ten questions; rendering each checkbox through the widget
    templates was most of the edit page's time (measured on the scale dataset)."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        base = attrs.get("id", "")
        chosen = set(self.format_value(value))
        rows = (
            (
                f"{base}_{i}",
                name,
                str(getattr(v, "value", v)),
                f"{base}_{i}",
                " checked" if str(getattr(v, "value", v)) in chosen else "",
                label,
            )
            for i, (v, label) in enumerate(self.choices)
        )
        items = format_html_join(
            "",
            '<div><label for="{}"><input type="checkbox" name="{}" value="{}" id="{}"{}> '
            "{}</label></div>",
            rows,
        )
        return format_html('<div id="{}">{}</div>', base, items)


# --- omvärld ------------------------------------------------------------------------------


class OmvarldForm(RevisionForm, forms.ModelForm):
    class Meta:
        model = Omvarldsanalys
        fields = ["introduction"]
        widgets = {"introduction": TEXT}


class TrendForm(RevisionForm, forms.ModelForm):
    class Meta:
        model = Trend
        fields = ["title", "kind", "scope", "description", "meaning", "order"]
        widgets = {"description": TEXT, "meaning": TEXT}
        error_messages = {"title": {"required": "Ge trenden eller händelsen en rubrik."}}


class TrendResponseForm(RevisionForm, forms.ModelForm):
    class Meta:
        model = TrendResponse
        fields = ["affects_us", "events_around", "means_for_us"]
        widgets = {
            "affects_us": SHORT_TEXT,
            "events_around": SHORT_TEXT,
            "means_for_us": SHORT_TEXT,
        }


# --- nulägesanalys ------------------------------------------------------------------------


class AnalysisForm(RevisionForm, forms.Form):
    """All questions of a nulägesanalys in one form: text, cited nyckeltal and trends each."""

    status = forms.ChoiceField(
        label="Status", choices=Nulagesanalys._meta.get_field("status").choices
    )

    def __init__(self, *args, sections, trends, nyckeltal=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The nyckeltal offered: those relevant for the unit (and those already cited).
        nyckeltal = (Nyckeltal.objects.all() if nyckeltal is None else nyckeltal).order_by("title")
        # Render every section's checkboxes from one query each (validation still uses the
        # queryset, so only existing records can be chosen).
        nyckeltal_choices = [(n.pk, f"{n.title} ({n.source_label})") for n in nyckeltal]
        trend_choices = [(t.pk, t.title) for t in trends]
        self.sections = sections
        self.groups = []
        for s in sections:
            self.fields[f"{s.key}_text"] = forms.CharField(
                label=SectionKey(s.key).label, required=False, widget=TEXT, initial=s.text
            )
            self.fields[f"{s.key}_nyckeltal"] = forms.ModelMultipleChoiceField(
                label=f"Nyckeltal som stöd ({SECTION_SHORT[s.key].lower()})",
                queryset=nyckeltal,
                required=False,
                widget=Checkboxes,
                initial=[n.pk for n in s.nyckeltal.all()],
            )
            self.fields[f"{s.key}_trends"] = forms.ModelMultipleChoiceField(
                label=f"Trender i omvärldsanalysen ({SECTION_SHORT[s.key].lower()})",
                queryset=trends,
                required=False,
                widget=Checkboxes,
                initial=[t.pk for t in s.trends.all()],
            )
            self.fields[f"{s.key}_nyckeltal"].choices = nyckeltal_choices
            self.fields[f"{s.key}_trends"].choices = trend_choices

    def section_fields(self):
        return [
            (s, self[f"{s.key}_text"], self[f"{s.key}_nyckeltal"], self[f"{s.key}_trends"])
            for s in self.sections
        ]

    def clean(self):
        data = super().clean()
        if data.get("status") == DocStatus.DONE and not any(
            (data.get(f"{s.key}_text") or "").strip() for s in self.sections
        ):
            raise forms.ValidationError(
                "En nulägesanalys utan några svar kan inte markeras som klar."
            )
        return data


# --- nulägeskarta -------------------------------------------------------------------------


class KartaForm(RevisionForm, forms.ModelForm):
    class Meta:
        model = Nulageskarta
        fields = ["summary"]
        widgets = {"summary": TEXT}


class ThemeForm(RevisionForm, forms.ModelForm):
    class Meta:
        model = KartaTheme
        fields = ["title", "summary"]
        widgets = {"summary": SHORT_TEXT}
        error_messages = {"title": {"required": "Ge temat en rubrik."}}


class ConclusionForm(RevisionForm, forms.ModelForm):
    class Meta:
        model = Conclusion
        fields = ["theme", "text"]
        widgets = {"text": TEXT}
        error_messages = {
            "text": {"required": "Skriv slutsatsen."},
            "theme": {"required": "Välj ett tema."},
        }

    def __init__(self, *args, karta, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = karta.themes.all()
        self.fields["theme"].empty_label = "Välj tema"


# --- mål ----------------------------------------------------------------------------------


class StrategicAreaForm(RevisionForm, forms.ModelForm):
    class Meta:
        model = StrategicArea
        fields = ["title", "description", "order"]
        widgets = {"description": SHORT_TEXT}


class OverarchingGoalForm(RevisionForm, forms.ModelForm):
    class Meta:
        model = OverarchingGoal
        fields = ["area", "title", "description", "order"]
        widgets = {"description": SHORT_TEXT}

    def __init__(self, *args, period, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = StrategicArea.objects.filter(planperiod=period)


class NamndmalForm(RevisionForm, forms.ModelForm):
    class Meta:
        model = Namndmal
        fields = ["overarching", "title", "description", "based_on", "order"]
        widgets = {"description": SHORT_TEXT, "based_on": forms.CheckboxSelectMultiple}
        error_messages = {
            "title": {"required": "Skriv nämndmålet."},
            "overarching": {"required": "Välj vilket övergripande mål nämndmålet bryter ned."},
        }

    def __init__(self, *args, period, karta=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["overarching"].queryset = OverarchingGoal.objects.filter(
            area__planperiod=period
        ).select_related("area")
        self.fields["based_on"].queryset = (
            Conclusion.objects.filter(theme__karta=karta) if karta else Conclusion.objects.none()
        )


class MalvardeForm(TargetConfirmMixin, RevisionForm, forms.ModelForm):
    target = forms.DecimalField(
        label="Målvärde",
        localize=True,
        max_digits=14,
        decimal_places=2,
        error_messages={
            "invalid": "Skriv målvärdet som ett tal, t.ex. 1 234,5.",
            "required": "Ange ett målvärde.",
        },
    )

    class Meta:
        model = Malvarde
        fields = ["nyckeltal", "year", "target", "direction"]
        error_messages = {"nyckeltal": {"required": "Välj ett nyckeltal."}}

    def __init__(self, *args, period, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"] = forms.TypedChoiceField(
            label="År", coerce=int, choices=[(y, y) for y in period.years]
        )
        self.fields["nyckeltal"].queryset = Nyckeltal.objects.order_by("title")
        self.add_confirm_field()

    def clean(self):
        data = super().clean()
        self.check_target()
        return data


class UppdragForm(RevisionForm, forms.ModelForm):
    class Meta:
        model = Uppdrag
        fields = ["title", "description", "owner", "owner_node", "due_date", "status"]
        widgets = {"description": SHORT_TEXT, "due_date": DATE}
        error_messages = {"title": {"required": "Beskriv uppdraget med en rubrik."}}

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        from tillit.org.models import OrgNode, User

        self.fields["owner_node"].queryset = OrgNode.objects.filter(path__startswith=board.path)
        self.fields["owner"].queryset = User.objects.filter(
            roles__node__path__startswith=board.path
        ).distinct()


# --- verksamhetsplan ----------------------------------------------------------------------


class PlanForm(RevisionForm, forms.ModelForm):
    class Meta:
        model = Verksamhetsplan
        fields = ["mission", "aims", "goals", "how", "long_term", "status"]
        widgets = {
            "mission": TEXT,
            "aims": TEXT,
            "how": SHORT_TEXT,
            "long_term": TEXT,
            "goals": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goals"].queryset = goals


class ActivityForm(RevisionForm, forms.ModelForm):
    class Meta:
        model = Activity
        fields = [
            "title",
            "description",
            "namndmal",
            "overarching",
            "responsible",
            "starts_on",
            "ends_on",
            "status",
        ]
        widgets = {
            "description": SHORT_TEXT,
            "namndmal": forms.CheckboxSelectMultiple,
            "overarching": forms.CheckboxSelectMultiple,
            "starts_on": DATE,
            "ends_on": DATE,
        }
        error_messages = {"title": {"required": "Ge aktiviteten en rubrik."}}

    def __init__(self, *args, goals, period, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["namndmal"].queryset = goals
        self.fields["overarching"].queryset = OverarchingGoal.objects.filter(
            area__planperiod=period
        )

    def clean(self):
        data = super().clean()
        if not data.get("namndmal") and not data.get("overarching"):
            self.add_error("namndmal", "Välj minst ett mål som aktiviteten bidrar till.")
        return data


# --- uppföljning --------------------------------------------------------------------------

RATING_CHOICES = [
    ("gron", "Grön – uppfyllt"),
    ("gul", "Gul – delvis uppfyllt"),
    ("rod", "Röd – ej uppfyllt"),
    ("ej_bedomd", "Ej bedömbar"),
]


class RatedForm(RevisionForm, forms.ModelForm):
    """A status is optional per row: rows left without a status are not saved."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"] = forms.ChoiceField(
            label="Status", choices=RATING_CHOICES, required=False, widget=forms.RadioSelect
        )


class GoalStatusForm(RatedForm):
    class Meta:
        model = GoalStatus
        fields = ["status", "analysis"]
        widgets = {"analysis": TEXT}
        labels = {
            "analysis": "Analys: vad har gjorts, vilka målnivåer och nyckeltal, "
            "hur står vi oss mot andra kommuner?"
        }

    def __init__(self, *args, suggested="", **kwargs):
        super().__init__(*args, **kwargs)
        self.suggested = suggested
        if suggested:
            self.fields["deviation_reason"] = forms.CharField(
                label="Varför avviker statusen från förslaget?",
                required=False,
                widget=SHORT_TEXT,
                initial=self.instance.deviation_reason,
            )

    def suggested_label(self):
        return Rating(self.suggested).label if self.suggested else ""

    def suggested_badge(self):
        return RATING_BADGE.get(self.suggested, "badge")

    def clean(self):
        data = super().clean()
        status = data.get("status")
        if status in ("gul", "rod") and not (data.get("analysis") or "").strip():
            self.add_error(
                "analysis", "Skriv en analys när målet bara delvis eller inte är uppfyllt."
            )
        reason = (data.get("deviation_reason") or "").strip()
        if self.suggested and status and status != self.suggested and not reason:
            self.add_error(
                "deviation_reason",
                f"Målvärdena och nyckeltalen pekar på ”{Rating(self.suggested).label.lower()}”. "
                "Skriv varför du bedömer annorlunda.",
            )
        return data

    def save(self, commit=True):
        self.instance.suggested = self.suggested
        self.instance.deviation_reason = self.cleaned_data.get("deviation_reason", "")
        return super().save(commit=commit)


class UppdragReportForm(RatedForm):
    class Meta:
        model = UppdragReport
        fields = ["status", "analysis"]
        widgets = {"analysis": SHORT_TEXT}
        labels = {"analysis": "Återrapportering"}
