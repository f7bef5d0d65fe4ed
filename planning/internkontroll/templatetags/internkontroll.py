from django import template

from planning.internkontroll.services import overdue_controls_for

register = template.Library()


@register.simple_tag(takes_context=True)
def my_overdue_controls(context):
    """The signed-in person's controls past their month and not yet recorded."""
    request = context.get("request")
    return overdue_controls_for(request.user) if request else []
