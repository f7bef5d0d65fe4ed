from django import template

from surveys.models import HmeRound

register = template.Library()


@register.simple_tag
def hme_rounds():
    """The latest computed round and the open one (if any), for the node card."""
    return {
        "computed": HmeRound.objects.filter(status=HmeRound.Status.COMPUTED).first(),
        "open": HmeRound.objects.filter(status=HmeRound.Status.OPEN).first(),
    }
