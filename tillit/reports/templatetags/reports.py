from django import template

from tillit.org.models import OrgNode, Role
from tillit.org.permissions import assignments

register = template.Library()


@register.simple_tag(takes_context=True)
def my_boards(context):
    """The nämnder/styrelser the user sits on as förtroendevald (no query beyond the cached
    role assignments)."""
    user = context.get("user")
    if user is None:
        return []
    seen, boards = set(), []
    for a in assignments(user):
        if a.role == Role.FORTROENDEVALD and a.node.is_board and a.node.pk not in seen:
            seen.add(a.node.pk)
            boards.append(a.node)
    return boards


@register.inclusion_tag("reports/_button.html", takes_context=True)
def report_button(context, kind, label, kod=None, **params):
    """The order button of a report; params become hidden fields (numbers unlocalized)."""
    if kod is None:
        root = OrgNode.objects.kommun()
        kod = root.kod if root else ""
    return {
        "kind": kind,
        "label": label,
        "kod": kod,
        "params": {k: str(v) for k, v in params.items()},
        "csrf_token": context.get("csrf_token"),
    }
