from django.conf import settings

from tillit import forms
from tillit.locking import RevisionForm

from .models import NodeType, OrgNode, Role, RoleAssignment, SupportFunction, User


class NodeForm(forms.ModelForm):
    class Meta:
        model = OrgNode
        fields = ["kod", "namn", "typ"]
        help_texts = {"kod": "En stabil kod som inte ändras, t.ex. enhetens kostnadsställe."}
        error_messages = {"kod": {"unique": "Det finns redan en enhet med den koden."}}

    def clean_kod(self):
        # The model field's validator (tillit/org/models.py validate_kod) checks the characters.
        return self.cleaned_data["kod"].strip()


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


class UserForm(forms.ModelForm):
    """A new person. Nobody types another person's password: with password login on, the
    person gets an e-mail with a link to choose one; otherwise they sign in through SSO."""

    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "username", "person_id", "break_glass"]
        help_texts = {
            "username": "Det namn personen loggar in med. Oftast e-postadressen.",
            "person_id": "Personens id i HR-systemet, om hen finns där (kolumnen personid).",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["first_name"].required = True
        self.fields["person_id"].required = False

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("Det finns redan en användare med den e-postadressen.")
        return email

    def clean_person_id(self):
        return (self.cleaned_data.get("person_id") or "").strip() or None

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_unusable_password()
        user.session_token = User.new_session_token()
        if commit:
            user.save()
        return user


class RoleForm(forms.ModelForm):
    node = forms.ModelChoiceField(label="Enhet", queryset=OrgNode.objects.open())
    confirm_admin = forms.BooleanField(
        label="Ja, personen ska bli administratör",
        help_text="En administratör får ändra hela kommunens organisation, användare och roller.",
        required=False,
    )

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
        # No role is preselected: the first choice used to be Administratör.
        self.fields["role"].choices = [("", "Välj roll")] + Role.choices
        self.fields["role"].initial = ""
        self.fields["support_function"].choices = [("", "–")] + SupportFunction.choices

    def clean(self):
        data = super().clean()
        role, function = data.get("role"), data.get("support_function")
        if role == Role.STOD and not function:
            self.add_error("support_function", "Välj vilken stödfunktion (ekonomi, HR, kvalitet).")
        if role != Role.STOD and function:
            self.add_error("support_function", "Bara stödfunktioner har en stödfunktion.")
        if role == Role.ADMIN and not data.get("confirm_admin"):
            self.add_error(
                "confirm_admin",
                "Bekräfta att personen ska bli administratör för hela kommunen.",
            )
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


class PeopleUploadForm(UploadForm):
    file = forms.FileField(
        label="Personfil (CSV)",
        help_text=(
            "Semikolonseparerad, UTF-8 eller Windows-1252. "
            "Rubrikrad: personid;namn;epost;enhet;roll;stodfunktion"
        ),
        error_messages={"required": "Välj en fil att importera."},
    )
    deactivate_missing = forms.BooleanField(
        label="Avaktivera personer som inte längre finns i filen",
        help_text="De loggas ut och kan inte logga in igen förrän de finns i en ny fil.",
        required=False,
    )


class AccountForm(RevisionForm, forms.ModelForm):
    """A person's account on their page: active or not, break-glass or not."""

    class Meta:
        model = User
        fields = ["is_active", "break_glass"]
        labels = {"is_active": "Aktivt konto"}
        help_texts = {
            "is_active": "Ett avaktiverat konto kan inte logga in; pågående inloggningar avslutas.",
        }
