"""Checks on what people type into URLs and forms that many apps share.

Years: a budget year, an HME round or an evaluation year is between `YEAR_MIN` and `YEAR_MAX`.
Anything else in a URL is a page that does not exist (404), never a database error: `-1` or
`99999999999999999999` used to reach PostgreSQL's integer columns and answer 500.
"""

from django import forms
from django.http import Http404
from django.urls import register_converter
from django.utils.http import url_has_allowed_host_and_scheme

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


def year_field(*, noun="år", **kwargs):
    """A form field for a year, bounded (the browser's min/max too) with Swedish messages."""
    kwargs.setdefault("label", noun.capitalize())
    out_of_range = f"Ange ett {noun} mellan {YEAR_MIN} och {YEAR_MAX}."
    messages = {
        "min_value": out_of_range,
        "max_value": out_of_range,
        "invalid": f"Ange {noun} med fyra siffror, t.ex. 2027.",
        **kwargs.pop("error_messages", {}),
    }
    kwargs.setdefault("min_value", YEAR_MIN)
    kwargs.setdefault("max_value", YEAR_MAX)
    return forms.IntegerField(error_messages=messages, **kwargs)


def safe_next(request, field="next"):
    """The POSTed (or queried) `next` address when it stays on this site, else None."""
    target = request.POST.get(field) or request.GET.get(field)
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None
