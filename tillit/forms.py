"""Django's forms, with one rule added: every free text has a length limit.

Every form module of Tillit imports `from tillit import forms` instead of `from django import
forms`; `forms.Form` and `forms.ModelForm` are then these, and everything else is Django's.
A text field that has no `max_length` of its own (a model TextField, a plain CharField) gets
`LONG_TEXT_MAX` characters, with a Swedish message that says how long the text is; the typed
text stays in the form. Fields with their own limit keep it. (A 20,000-character activity
description used to be saved and broke the plan page.)
"""

from django import forms as _django_forms
from django.core.exceptions import ValidationError
from django.forms import *  # noqa: F403 - this module stands in for django.forms
from django.utils.formats import number_format

LONG_TEXT_MAX = 5000


def _number(n):
    return number_format(n, force_grouping=True)


class TextLengthValidator:
    def __init__(self, limit):
        self.limit = limit

    def __call__(self, value):
        # Only text: a CharField subclass may clean to a number (the Swedish decimal fields).
        if isinstance(value, str) and len(value) > self.limit:
            raise ValidationError(
                f"Texten får vara högst {_number(self.limit)} tecken (nu {_number(len(value))}).",
                code="max_length",
            )

    def __eq__(self, other):
        return isinstance(other, TextLengthValidator) and other.limit == self.limit


def limit_text_fields(form, limit=LONG_TEXT_MAX):
    """Give every unlimited text field of `form` the limit (idempotent)."""
    for field in form.fields.values():
        if isinstance(field, _django_forms.CharField) and field.max_length is None:
            field.max_length = limit
            field.validators.append(TextLengthValidator(limit))


class TextLimitMixin:
    text_limit = LONG_TEXT_MAX

    def full_clean(self):
        # Here rather than in __init__: many forms add their fields after super().__init__().
        limit_text_fields(self, self.text_limit)
        super().full_clean()


class Form(TextLimitMixin, _django_forms.Form):
    pass


class ModelForm(TextLimitMixin, _django_forms.ModelForm):
    pass
