from django import forms
from django.conf import settings
from django.contrib.auth.forms import SetPasswordMixin

from tillit.locking import RevisionForm

from .models import NodeType, OrgNode, Role, RoleAssignment, SupportFunction, User


class NodeForm(forms.ModelForm):
    class Meta:
        model = OrgNode
        fields = ["kod", "namn", "typ"]
        help_texts = {"kod": "En stabil kod som inte ändras, t.ex. enhetens kostnadsställe."}
        error_messages = {"kod": {"unique": "Det finns redan en enhet med den koden."}}

    def clean_kod(self):
        kod = self.cleaned_data["kod"].strip()
        if any(c.isspace() for c in kod):
            raise forms.ValidationError("Koden får inte innehålla mellanslag.")
        return kod


class RenameForm(RevisionForm, forms.ModelForm):
    class Meta:
        model = OrgNode
        fields = ["namn", "typ"]


class MoveForm(forms.Form):
    parent = forms.ModelChoiceField(
        label="Ny överordnad enhet",
        queryset=OrgNode.objects.open(),
        error_messages={"required": "Välj en överordnad enhet."},
    )

    def __init__(self, *args, node, **kwargs):
        super().__init__(*args, **kwargs)
        self.node = node
        self.fields["parent"].queryset = (
            OrgNode.objects.open().exclude(path__startswith=node.path).order_by("path")
        )
        self.fields["parent"].label_from_instance = lambda n: (
            f"{'– ' * (n.depth - 1)}{n.namn} ({n.kod})"
        )


class UploadForm(forms.Form):
    file = forms.FileField(
        label="CSV-fil",
        help_text="Semikolonseparerad, UTF-8. Rubrikrad: kod;namn;typ;foralder",
        error_messages={"required": "Välj en fil att importera."},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.MAX_UPLOAD_SIZE:
            mb = settings.MAX_UPLOAD_SIZE // (1024 * 1024)
            raise forms.ValidationError(f"Filen är för stor (högst {mb} MB).")
        return upload


class UserForm(SetPasswordMixin, forms.ModelForm):
    password1, password2 = SetPasswordMixin.create_password_fields(
        label1="Lösenord", label2="Lösenord igen"
    )

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email"]

    def clean(self):
        self.validate_passwords()
        return super().clean()

    def _post_clean(self):
        super()._post_clean()
        self.validate_password_for_user(self.instance)

    def save(self, commit=True):
        user = super().save(commit=False)
        user = self.set_password_and_save(user, commit=commit)
        return user


class RoleForm(forms.ModelForm):
    node = forms.ModelChoiceField(label="Enhet", queryset=OrgNode.objects.open())

    class Meta:
        model = RoleAssignment
        fields = ["node", "role", "support_function"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.user = user
        self.fields["node"].queryset = OrgNode.objects.open().order_by("path")
        self.fields["node"].label_from_instance = lambda n: (
            f"{'– ' * (n.depth - 1)}{n.namn} ({n.kod})"
        )
        self.fields["role"].choices = Role.choices
        self.fields["support_function"].choices = [("", "–")] + SupportFunction.choices

    def clean(self):
        data = super().clean()
        role, function = data.get("role"), data.get("support_function")
        if role == Role.STOD and not function:
            self.add_error("support_function", "Välj vilken stödfunktion (ekonomi, HR, kvalitet).")
        if role != Role.STOD and function:
            self.add_error("support_function", "Bara stödfunktioner har en stödfunktion.")
        if (
            data.get("node")
            and RoleAssignment.objects.filter(
                user=self.instance.user,
                node=data["node"],
                role=role,
                support_function=function or "",
            ).exists()
        ):
            raise forms.ValidationError("Användaren har redan den rollen på den enheten.")
        return data


NODE_TYPE_CHOICES = NodeType.choices
