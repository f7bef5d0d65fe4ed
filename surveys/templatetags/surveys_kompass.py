from django import template

from surveys.maturity.rules import heat as heat_class

register = template.Library()


@register.filter
def heat(value):
    return heat_class(value)
