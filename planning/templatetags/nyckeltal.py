from django import template

from planning.nyckeltal.nulageskoll import with_charts

register = template.Library()


@register.filter
def snapshot_figures(snapshot):
    """A frozen nulägeskoll's figures with their charts drawn, for `_snapshot.html`.

    Drawing lives here rather than on the model, so the model needs no service module.
    """
    return with_charts(snapshot.data.get("items", []))
