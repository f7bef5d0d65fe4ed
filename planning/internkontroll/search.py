"""The risks of the riskanalyser for the search (tillit/search.py): working material, VIEW on
the node."""

from tillit import search
from tillit.org.permissions import VIEW, node_q

from .models import Risk

search.register(
    "risk",
    "Risk i riskanalys",
    queryset=lambda user: Risk.objects.filter(
        node_q(user, VIEW, prefix="analysis__node__")
    ).select_related("analysis__node"),
    fields=["title", "description", "process"],
    title=lambda r: f"{r.title} – riskanalys {r.analysis.year} {r.analysis.node.namn}",
    url=lambda r: r.analysis.get_absolute_url(),
)
