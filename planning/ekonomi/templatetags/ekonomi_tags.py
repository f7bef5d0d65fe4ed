from django import template

from tillit.org.models import SupportFunction
from tillit.org.permissions import can_see_feeds, feed_imports_at

register = template.Library()


@register.simple_tag(takes_context=True)
def feeds_for(context, node):
    """What the signed-in user may do with a node's ekonomi and personal figures."""
    user = context["request"].user
    imports = feed_imports_at(user, node)
    return {
        "see": can_see_feeds(user, node),
        "import_ekonomi": imports[SupportFunction.EKONOMI],
        "import_personal": imports[SupportFunction.HR],
    }


@register.inclusion_tag("planning/ekonomi/_status.html")
def status_badge(status):
    """The ekonomi status with its shape and its words, never colour alone."""
    from planning.ekonomi.cards import STATUS

    css, text = STATUS[status]
    return {"css": css, "text": text}
