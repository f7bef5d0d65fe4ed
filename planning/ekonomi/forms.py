from django import forms
from django.conf import settings


class FeedUploadForm(forms.Form):
    file = forms.FileField(
        label="CSV-fil",
        help_text="Semikolonseparerad, UTF-8 eller Windows-1252 (Excel).",
        error_messages={"required": "Välj en fil att importera."},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.MAX_UPLOAD_SIZE:
            mb = settings.MAX_UPLOAD_SIZE // (1024 * 1024)
            raise forms.ValidationError(f"Filen är för stor (högst {mb} MB).")
        return upload
