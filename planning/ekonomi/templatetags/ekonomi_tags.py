from django import template

from tillit.org.models import SupportFunction
from tillit.org.permissions import can_see_feeds, feed_import_places, in_places

register = template.Library()


@register.simple_tag(takes_context=True)
def feeds_for(context, node):
    """What the signed-in user may do with a node's ekonomi and personal figures."""
    user = context["request"].user
    ekonomi = feed_import_places(user, SupportFunction.EKONOMI)
    hr = feed_import_places(user, SupportFunction.HR)
    return {
        "see": can_see_feeds(user, node),
        "import_ekonomi": ekonomi != [] and in_places(node.path, ekonomi),
        "import_personal": hr != [] and in_places(node.path, hr),
    }


@register.inclusion_tag("planning/ekonomi/_status.html")
def status_badge(status):
    """The ekonomi status with its shape and its words, never colour alone."""
    from planning.ekonomi.cards import STATUS

    css, text = STATUS[status]
    return {"css": css, "text": text}
