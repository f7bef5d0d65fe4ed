"""Optimistic locking: one mechanism for every record a form edits.

A record carries `revision` (the `Revisioned` mixin). Its edit form carries the revision it was
opened at in the hidden, required `seen_revision` (the `RevisionForm` mixin). Saving is a
compare-and-increment in one UPDATE … WHERE revision = seen (`save_checked`), so of two writers
who opened the same revision exactly one wins, however close together they press Spara; the
other is told, and the form they get back still holds what they typed, the latest saved values
beside it and the latest revision, so saving again builds on what the first one saved.
"""

from django import forms
from django.db import models, transaction
from django.db.models import F
from django.http import HttpResponse
from django.template.loader import render_to_string

STALE_MESSAGE = (
    "Någon annan har sparat ändringar sedan du öppnade sidan. "
    "Din text finns kvar nedan – jämför och spara igen."
)
MISSING_MESSAGE = (
    "Formuläret saknar uppgift om vilken version du utgick från. "
    "Ladda om sidan, för in dina ändringar och spara igen."
)
FIELD = "seen_revision"


class StaleEdit(Exception):
    """Somebody else saved the record after this form was opened."""


class Revisioned(models.Model):
    revision = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


def _rows(obj):
    return obj._meta.concrete_model._base_manager.filter(pk=obj.pk)


def current_revision(obj):
    """The revision stored now (0 for a record not saved yet or deleted meanwhile)."""
    if obj.pk is None:
        return 0
    return _rows(obj).values_list("revision", flat=True).first() or 0


def save_checked(obj, seen, **save_kwargs):
    """Save `obj` only if its stored revision is still `seen`; raise StaleEdit otherwise.

    A record not saved yet is simply created (nothing to overwrite). `seen` None is refused:
    a form that does not say what it was opened at cannot prove it overwrites nothing."""
    with transaction.atomic():
        if obj.pk is not None and not obj._state.adding:
            if seen is None:
                raise StaleEdit
            claimed = _rows(obj).filter(revision=seen).update(revision=F("revision") + 1)
            if claimed != 1:
                raise StaleEdit
            obj.revision = seen + 1
        obj.save(**save_kwargs)
    return obj


def save_bumped(obj, **save_kwargs):
    """Save without a form (a hand-over, a compile, a status set by the system) and move the
    revision on, so every edit form opened before is told rather than overwriting."""
    with transaction.atomic():
        if obj.pk is not None and not obj._state.adding:
            _rows(obj).update(revision=F("revision") + 1)
            obj.revision = current_revision(obj)
        obj.save(**save_kwargs)
    return obj


class RevisionForm:
    """Form mixin: the hidden `seen_revision`, required whenever the record exists.

    A ModelForm checks its `instance`; a plain form is given `record=`. The check runs while the
    form validates (so the second writer gets the form back with the message) and again, race
    free, in `save_checked` when the form or its service saves."""

    def __init__(self, *args, record=None, **kwargs):
        super().__init__(*args, **kwargs)
        if record is None:
            record = getattr(self, "instance", None)
        self.record = record
        self.latest = None
        self.is_stale = False
        self.stale_values = []
        self.fields[FIELD] = forms.IntegerField(
            widget=forms.HiddenInput,
            required=False,
            min_value=0,
            initial=self.record_revision(),
        )

    def record_revision(self):
        record = self.record
        if record is None or record.pk is None or record._state.adding:
            return 0
        return record.revision

    def seen(self):
        return self.cleaned_data.get(FIELD)

    def _post_clean(self):
        super()._post_clean()
        if FIELD in self._errors:
            return
        seen = self.seen()
        stored = self.record_revision()
        if seen is None:
            if stored:
                self.add_error(None, MISSING_MESSAGE)
        elif seen != stored:
            self.mark_stale()

    def mark_stale(self):
        """Keep what was typed, show the latest saved values and carry the latest revision."""
        record = self.record
        latest_revision = current_revision(record) if record is not None else 0
        if record is not None and record.pk is not None:
            self.latest = _rows(record).first()
        self.is_stale = True
        self.stale_values = self._latest_values()
        self.data = self.data.copy()
        self.data[self.add_prefix(FIELD)] = str(latest_revision)
        self.add_error(None, STALE_MESSAGE)
        return self

    def _latest_values(self):
        """(label, saved value) for every visible field of the record, to compare with."""
        latest = self.latest
        if latest is None:
            return []
        names = {f.name for f in latest._meta.concrete_fields}
        rows = []
        for name, field in self.fields.items():
            if name == FIELD or name not in names or isinstance(field.widget, forms.HiddenInput):
                continue
            if hasattr(latest, f"get_{name}_display"):
                value = getattr(latest, f"get_{name}_display")()
            else:
                value = getattr(latest, name)
            if value in (None, ""):
                continue
            if isinstance(value, bool):
                value = "Ja" if value else "Nej"
            rows.append((field.label or name, value))
        return rows

    def save(self, commit=True):
        """A ModelForm's save, checked. With commit=False the caller saves through
        `save_checked(obj, form.seen())`."""
        if not commit:
            return super().save(commit=False)
        with transaction.atomic():
            obj = super().save(commit=False)
            save_checked(obj, self.seen())
            self._save_m2m()
        return obj


class StaleEditMiddleware:
    """The narrow race between validating and saving: the UPDATE refused the write. Answer
    409 with the Swedish message rather than a server error; nothing was overwritten."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, StaleEdit):
            return None
        body = render_to_string("_stale.html", {"message": STALE_MESSAGE}, request=request)
        return HttpResponse(body, status=409)
