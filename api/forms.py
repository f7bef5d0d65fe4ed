from django import forms
from django.contrib.auth import get_user_model

from tillit.org.models import OrgNode

from .models import Level


class NodeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{'– ' * (obj.depth - 1)}{obj.namn} ({obj.kod})"


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Namn", max_length=200, help_text="Vad nyckeln används till, t.ex. “Power BI BUN”."
    )
    username = forms.CharField(
        label="Person (användarnamn)",
        max_length=150,
        required=False,
        help_text="Nyckeln läser som personen. Lämna tomt för en tjänst.",
    )
    service = forms.CharField(
        label="Tjänst",
        max_length=200,
        required=False,
        help_text="Systemets namn när nyckeln inte hör till en person.",
    )
    scope = NodeChoiceField(
        label="Omfattning",
        queryset=OrgNode.objects.order_by("path"),
        help_text="Nyckeln läser bara den här enheten och enheterna under den.",
    )
    level = forms.ChoiceField(label="Nivå", choices=Level.choices, initial=Level.PUBLISHED)

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if not username:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise forms.ValidationError(f"Det finns ingen användare med användarnamnet {username}.")
        if not user.is_active:
            raise forms.ValidationError(f"Användaren {username} är avstängd.")
        return user

    def clean(self):
        data = super().clean()
        owner, service = data.get("username"), (data.get("service") or "").strip()
        data["service"] = service
        if "username" in data and owner is None and not service:
            self.add_error("service", "Ange en person eller en tjänst.")
        if owner is not None and service:
            self.add_error("service", "Ange antingen en person eller en tjänst, inte båda.")
        if data.get("level") == Level.ALL and owner is None and "username" in data:
            self.add_error(
                "level", "Nivån “Allt som personen får läsa” kräver en person, inte en tjänst."
            )
        return data
