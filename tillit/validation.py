"""Checks on what people type into URLs and forms that many apps share.

Years: a budget year, an HME round or an evaluation year is between `YEAR_MIN` and `YEAR_MAX`.
Anything else in a URL is a page that does not exist (404), never a database error: `-1` or
`99999999999999999999` used to reach PostgreSQL's integer columns and answer 500.
"""

from django import forms
from django.http import Http404
from django.urls import register_converter

YEAR_MIN = 2000
YEAR_MAX = 2100


def is_year(value):
    return isinstance(value, int) and YEAR_MIN <= value <= YEAR_MAX


def parse_year(text):
    """'2027' → 2027; anything that is not a year in the range → 404."""
    text = str(text if text is not None else "").strip()
    if not (text.isascii() and text.isdigit() and len(text) == 4) or not is_year(int(text)):
        raise Http404(f"Året måste vara mellan {YEAR_MIN} och {YEAR_MAX}.")
    return int(text)


def year_or_none(text):
    """Like parse_year for optional input (a query string): None instead of 404."""
    try:
        return parse_year(text)
    except Http404:
        return None


class YearConverter:
    """`<year:name>` in URL patterns: four digits within the range, else the URL does not match."""

    regex = "[0-9]{4}"

    def to_python(self, value):
        year = int(value)
        if not is_year(year):
            raise ValueError(value)  # Django answers 404
        return year

    def to_url(self, value):
        return str(value)


register_converter(YearConverter, "year")


def year_field(**kwargs):
    """A form field for a year, bounded and with Swedish messages."""
    kwargs.setdefault("label", "År")
    messages = {
        "min_value": f"Ange ett år mellan {YEAR_MIN} och {YEAR_MAX}.",
        "max_value": f"Ange ett år mellan {YEAR_MIN} och {YEAR_MAX}.",
        "invalid": "Ange året med fyra siffror, t.ex. 2027.",
        **kwargs.pop("error_messages", {}),
    }
    kwargs.setdefault("min_value", YEAR_MIN)
    kwargs.setdefault("max_value", YEAR_MAX)
    return forms.IntegerField(error_messages=messages, **kwargs)
