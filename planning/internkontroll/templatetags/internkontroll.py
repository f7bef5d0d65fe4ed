from django import template
from django.utils import timezone

from planning.internkontroll.services import adopted_summary, overdue_controls_for

register = template.Library()


@register.simple_tag(takes_context=True)
def my_overdue_controls(context):
    """The signed-in person's controls past their month and not yet recorded."""
    request = context.get("request")
    return overdue_controls_for(request.user) if request else []


@register.simple_tag
def adopted_internkontroll(node, year=None):
    """The nämnd's adopted plan of the year and how its controls went (published material
    only: the adopted version, never the draft): {"year", "version", "counts"}."""
    year = year or timezone.localdate().year
    found = adopted_summary(node, year) or {"version": None, "counts": None}
    return {"year": year, **found}
