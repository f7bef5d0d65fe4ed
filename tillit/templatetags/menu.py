from django import template

from tillit import menu
from tillit.org.models import OrgNode

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The header menu of the signed-in user: [(key, label, url)], most used first."""
    request = context.get("request")
    user = context.get("user")
    if user is None and request is not None:
        user = request.user
    if request is not None:
        cached = getattr(request, "_tillit_menu", None)
        if cached is None:
            cached = request._tillit_menu = menu.menu_for(user)
        return cached
    return menu.menu_for(user)


@register.simple_tag(takes_context=True)
def unit_menu(context):
    """The unit menu of the page's unit (the context's `node`), or [] on pages of no unit."""
    node = context.get("node")
    if not isinstance(node, OrgNode):
        return []
    links = menu.unit_menu_for(context.get("user"), node)
    # The planperiod being looked at is kept too (pages without periods ignore it).
    request = context.get("request")
    period = request.GET.get("period", "") if request is not None else ""
    if period.isdigit():
        links = [
            (k, label, url if "?" in url else f"{url}?period={period}") for k, label, url in links
        ]
    return links
