"""The administratör's choices for the public results page: one row per nämnd/styrelse (goals,
nyckeltal, nulägeskarta) and one for the kommun (Kommunkompassen, HME)."""

import hashlib

from django.db import transaction

from tillit import forms
from tillit.org.models import OrgNode

from .models import PublicChoice

BOARD_FIELDS = [("goals", "Mål och status"), ("figures", "Nyckeltal"), ("karta", "Nulägeskarta")]
KOMMUN_FIELDS = [("kompass", "Kommunkompassen"), ("hme", "HME (kommunen som helhet)")]
STALE = (
    "Någon annan har sparat valen sedan du öppnade sidan. Ladda om sidan för att se de sparade "
    "valen och gör sedan om dina ändringar."
)


def fingerprint(choices):
    """A digest of the stored choices: the form is refused if they changed since it opened."""
    text = ";".join(
        f"{c.node_id}:{c.goals:d}{c.figures:d}{c.karta:d}{c.kompass:d}{c.hme:d}"
        for c in sorted(choices, key=lambda c: c.node_id)
    )
    return hashlib.sha256(text.encode()).hexdigest()[:32]


class PublicChoicesForm(forms.Form):
    seen = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, kommun, boards, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.kommun, self.boards = kommun, list(boards)
        self.choices = {c.node_id: c for c in choices}
        self.current = fingerprint(self.choices.values())
        self.initial["seen"] = self.current
        self.rows = []
        for node in self.boards:
            self.rows.append((node, self._add(node, BOARD_FIELDS)))
        self.kommun_fields = self._add(kommun, KOMMUN_FIELDS)

    def _add(self, node, fields):
        names = []
        stored = self.choices.get(node.pk)
        for attr, label in fields:
            name = f"n{node.pk}_{attr}"
            self.fields[name] = forms.BooleanField(label=f"{label} – {node.namn}", required=False)
            self.initial[name] = bool(stored and getattr(stored, attr))
            names.append((attr, label, name))
        return [(label, self[name]) for attr, label, name in names]

    def clean(self):
        data = super().clean()
        if data.get("seen") != self.current:
            raise forms.ValidationError(STALE)
        return data

    def save(self, user):
        with transaction.atomic():
            stored = {c.node_id: c for c in PublicChoice.objects.select_for_update()}
            if fingerprint(stored.values()) != self.current:
                return False
            for node, fields in [
                *((n, BOARD_FIELDS) for n in self.boards),
                (self.kommun, KOMMUN_FIELDS),
            ]:
                values = {a: self.cleaned_data[f"n{node.pk}_{a}"] for a, _label in fields}
                choice = stored.get(node.pk)
                if choice is None and not any(values.values()):
                    continue
                if choice is None:
                    choice = PublicChoice(node=node)
                if choice.pk and all(getattr(choice, a) == v for a, v in values.items()):
                    continue
                for attr, value in values.items():
                    setattr(choice, attr, value)
                choice.updated_by = user
                choice.save()
        return True


def boards_of(kommun):
    return OrgNode.objects.open().boards().filter(path__startswith=kommun.path)
