from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format
from django.utils.safestring import mark_safe

from tillit import exports
from tillit.reports.render import static_text

register = template.Library()


def half_up(value, places=0):
    """Decimal rounding half up (72,5 → 73), never through floats."""
    quantum = Decimal(1).scaleb(-places)
    return Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)


@register.filter
def num(value, places=0):
    """A number the Swedish way, rounded half up: 1 234,5. Empty for missing values."""
    if value is None or value == "":
        return "–"
    try:
        rounded = half_up(Decimal(str(value)), int(places))
    except (InvalidOperation, ValueError):
        return value
    return number_format(rounded, decimal_pos=int(places), use_l10n=True, force_grouping=True)


@register.filter
def pct(value, places=0):
    """A share (0–100) as a percentage: 72,5 → "73 %"."""
    text = num(value, places)
    return text if text == "–" else f"{text}\xa0%"


@register.filter
def count(value, forms):
    """A count with its noun in the right number, the number the Swedish way:
    `{{ n|count:"uppfyllt,uppfyllda" }}` → "1 uppfyllt", "2 uppfyllda", "13 639 invånare"
    (one form serves both when the noun does not change)."""
    singular, _, plural = str(forms).partition(",")
    plural = plural or singular
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return value
    places = 0 if number == number.to_integral_value() else 1
    word = singular if number == 1 else plural
    return f"{num(number, places)}\xa0{word}"


@register.simple_tag
def inline_static(relative):
    """A static text file inlined (print.css into a report)."""
    return mark_safe(static_text(relative))


@register.simple_tag(takes_context=True)
def export_url(context, fmt, table=""):
    """This page's URL asking for its table as `fmt` (xlsx/csv); see tillit/exports.py."""
    return exports.export_url(context["request"], fmt, table)


@register.simple_tag
def import_async_bytes():
    """The upload size above which a file is imported in the background (settings)."""
    from django.conf import settings

    return settings.IMPORT_ASYNC_BYTES
