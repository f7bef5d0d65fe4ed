from django.conf import settings

from tillit import forms
from tillit.locking import RevisionForm
from tillit.templatetags.tillit import num

from ..models.nulageskoll import NulageskollItem
from ..models.nyckeltal import Gender, Nyckeltal, NyckeltalSource
from .importer import parse_decimal
from .picker import target_warning


class SwedishDecimalField(forms.CharField):
    """A number typed the Swedish way (1 234,5) or with a point (1234.5); shown the Swedish way."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        if value is None or isinstance(value, str):
            return value
        text = format(value.normalize(), "f")
        places = len(text.split(".")[1]) if "." in text else 0
        return num(value, places)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return parse_decimal(value)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None


class TargetConfirmMixin:
    """A målvärde that makes no sense for the nyckeltal's unit of measure (1 234,5 for a
    percentage, a negative count) is refused with a Swedish warning until the person ticks
    "Spara ändå". The box is hidden until the warning is shown."""

    confirm_field = "confirm_target"

    def _target_nyckeltal(self):
        chosen = self.cleaned_data.get("nyckeltal")
        if chosen is None and hasattr(self, "instance"):
            chosen = getattr(self.instance, "nyckeltal", None)
        return chosen

    def add_confirm_field(self):
        self.fields[self.confirm_field] = forms.BooleanField(
            label="Målvärdet stämmer – spara ändå",
            required=False,
            widget=forms.HiddenInput,
        )

    def check_target(self):
        n = self._target_nyckeltal()
        warning = target_warning(n, self.cleaned_data.get("target"))
        self.target_warning = warning
        if not warning:
            return
        field = self.fields[self.confirm_field]
        field.widget = forms.CheckboxInput()
        if not self.cleaned_data.get(self.confirm_field):
            self.add_error("target", f"{warning} Rätta värdet eller kryssa i ”{field.label}”.")


class NyckeltalChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        origin = "Kolada" if obj.source == NyckeltalSource.KOLADA else "lokalt"
        return f"{obj.title} ({obj.code}, {origin})"


class ItemForm(TargetConfirmMixin, forms.Form):
    nyckeltal = NyckeltalChoice(
        label="Nyckeltal",
        queryset=Nyckeltal.objects.filter(is_deleted_in_kolada=False).order_by("title"),
        empty_label="Välj nyckeltal",
        error_messages={
            "required": "Välj ett nyckeltal.",
            "invalid_choice": "Välj ett nyckeltal i listan.",
        },
    )
    target = SwedishDecimalField(
        label="Målvärde", required=False, help_text="Valfritt. T.ex. 75 eller 4,5."
    )
    comment = forms.CharField(
        label="Kommentar", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, node=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.node = node
        self.add_confirm_field()

    def clean(self):
        data = super().clean()
        self.check_target()
        data.pop(self.confirm_field, None)
        return data

    def clean_nyckeltal(self):
        n = self.cleaned_data["nyckeltal"]
        if self.node and NulageskollItem.objects.filter(node=self.node, nyckeltal=n).exists():
            raise forms.ValidationError(f"{n.title} finns redan i nulägeskollen.")
        return n


class ItemEditForm(TargetConfirmMixin, RevisionForm, forms.ModelForm):
    target = SwedishDecimalField(label="Målvärde", required=False)

    class Meta:
        model = NulageskollItem
        fields = ["target", "comment"]
        widgets = {"comment": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_confirm_field()

    def clean(self):
        data = super().clean()
        self.check_target()
        return data


class ValueForm(forms.Form):
    nyckeltal = NyckeltalChoice(
        label="Nyckeltal",
        queryset=Nyckeltal.objects.filter(source=NyckeltalSource.LOCAL).order_by("title"),
        empty_label="Välj lokalt nyckeltal",
        error_messages={"required": "Välj ett nyckeltal."},
    )
    period = forms.IntegerField(
        label="År",
        min_value=1990,
        max_value=2100,
        error_messages={
            "required": "Ange året.",
            "invalid": "Ange året med fyra siffror, t.ex. 2024.",
            "min_value": "Ange ett år från 1990.",
            "max_value": "Ange ett år till och med 2100.",
        },
    )
    gender = forms.ChoiceField(label="Kön", choices=Gender.choices, initial=Gender.TOTAL)
    value = SwedishDecimalField(
        label="Värde",
        required=False,
        help_text="Decimalkomma eller decimalpunkt. Lämna tomt om värdet saknas (det blir inte 0).",
    )


class UploadForm(forms.Form):
    file = forms.FileField(
        label="CSV-fil",
        help_text="Semikolonseparerad, UTF-8. Rubrikrad: nyckeltal;enhet;period;kon;varde",
        error_messages={"required": "Välj en fil att importera.", "empty": "Filen är tom."},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.MAX_UPLOAD_SIZE:
            mb = settings.MAX_UPLOAD_SIZE // (1024 * 1024)
            raise forms.ValidationError(f"Filen är för stor (högst {mb} MB).")
        return upload


class SnapshotForm(forms.Form):
    title = forms.CharField(
        label="Rubrik",
        max_length=200,
        error_messages={"required": "Ge ögonblicksbilden en rubrik, t.ex. Verksamhetsdialog mars."},
    )


class LocalNyckeltalForm(forms.ModelForm):
    class Meta:
        model = Nyckeltal
        fields = ["code", "title", "description", "unit", "direction", "has_gender_split"]
        labels = {"code": "Kod", "title": "Namn", "unit": "Enhet (t.ex. %, antal, kr)"}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "code": {"unique": "Det finns redan ett nyckeltal med den koden."},
            "title": {"required": "Ange ett namn."},
        }

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if not code:
            raise forms.ValidationError("Ange en kod.")
        return code


class SyncForm(forms.Form):
    first_year = forms.IntegerField(label="Från år", min_value=1990, max_value=2100)
    last_year = forms.IntegerField(label="Till år", min_value=1990, max_value=2100)
    compare = forms.CharField(
        label="Jämförelsekommuner",
        required=False,
        help_text="Koladas kommun-id, kommaseparerade, t.ex. 1214,1273.",
    )
    full = forms.BooleanField(
        label="Hämta hela historiken",
        required=False,
        help_text="Annars hämtas bara det som ändrats i Kolada sedan förra lyckade hämtningen.",
    )

    def clean_compare(self):
        ids = [i.strip() for i in self.cleaned_data["compare"].split(",") if i.strip()]
        bad = [i for i in ids if not (i.isdigit() and len(i) == 4)]
        if bad:
            raise forms.ValidationError(
                f"Kommun-id är fyra siffror (t.ex. 1214); fel: {', '.join(bad)}."
            )
        return ids

    def clean(self):
        data = super().clean()
        if (
            data.get("first_year")
            and data.get("last_year")
            and data["first_year"] > data["last_year"]
        ):
            self.add_error("last_year", "Till år kan inte vara före från år.")
        return data


class KoladaSearchForm(forms.Form):
    q = forms.CharField(label="Sök nyckeltal i Kolada", max_length=100)


class OuLinkForm(forms.Form):
    kod = forms.CharField(label="Enhetens kod i Tillit", max_length=50)
    ou = forms.CharField(
        label="Kolada-enhetens id",
        max_length=20,
        required=False,
        help_text="T.ex. V15E127000301 (se kolada.se eller Koladas /ou). Tomt tar bort kopplingen.",
    )

    def clean_kod(self):
        from tillit.org.models import OrgNode

        kod = self.cleaned_data["kod"].strip()
        node = OrgNode.objects.filter(kod=kod).first()
        if node is None:
            raise forms.ValidationError(f"Det finns ingen enhet med koden {kod}.")
        return node

    def clean_ou(self):
        ou = self.cleaned_data["ou"].strip().upper()
        if ou and not ou.isalnum():
            raise forms.ValidationError("Kolada-enhetens id består av bokstäver och siffror.")
        return ou
