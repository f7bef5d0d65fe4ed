from django import template

from planning.internkontroll.services import overdue_controls_for

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
    from django.utils import timezone

    from planning.internkontroll import services

    year = year or timezone.localdate().year
    version = services.latest_version(services.plan_for(node, year))
    counts = services.followup_counts(services.followup_rows(version)) if version else None
    return {"year": year, "version": version, "counts": counts}
