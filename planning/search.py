"""What planning offers the search (tillit/search.py): analyses, plans, conclusions, goals,
uppdrag. Drafts (analyses, plans, the working nulägeskarta) need VIEW on the unit; goals and
uppdrag are the nämnd's published material (VIEW_PUBLISHED)."""

from django.urls import reverse

from tillit import search
from tillit.org.models import OrgNode
from tillit.org.permissions import VIEW, VIEW_PUBLISHED, can, node_q

from .models import (
    Activity,
    AnalysisSection,
    Conclusion,
    Namndmal,
    OverarchingGoal,
    Uppdrag,
    Verksamhetsplan,
)

search.register(
    "analysis",
    "Nulägesanalys",
    queryset=lambda user: AnalysisSection.objects.filter(
        node_q(user, VIEW, prefix="analysis__node__")
    ).select_related("analysis__node"),
    fields=["text"],
    title=lambda s: f"Nulägesanalys {s.analysis.node.namn}: {s.short_label}",
    url=lambda s: f"{s.analysis.get_absolute_url()}#{s.anchor}",
)
search.register(
    "plan",
    "Verksamhetsplan",
    queryset=lambda user: Verksamhetsplan.objects.filter(node_q(user, VIEW)).select_related(
        "node", "planperiod"
    ),
    fields=["mission", "aims", "how", "long_term"],
    title=lambda p: f"Verksamhetsplan {p.node.namn} {p.planperiod.budget_year}",
    url=lambda p: p.get_absolute_url(),
)
search.register(
    "activity",
    "Aktivitet i verksamhetsplan",
    queryset=lambda user: Activity.objects.filter(
        node_q(user, VIEW, prefix="plan__node__")
    ).select_related("plan__node"),
    fields=["title", "description"],
    title=lambda a: f"{a.title} ({a.plan.node.namn})",
    url=lambda a: a.plan.get_absolute_url(),
)
search.register(
    "conclusion",
    "Slutsats i nulägeskarta",
    queryset=lambda user: Conclusion.objects.filter(
        node_q(user, VIEW, prefix="theme__karta__node__")
    ).select_related("theme__karta__node"),
    fields=["text"],
    title=lambda c: f"{c.theme.title} – nulägeskarta {c.theme.karta.node.namn}",
    url=lambda c: c.theme.karta.get_absolute_url(),
)
search.register(
    "goal",
    "Nämndmål",
    queryset=lambda user: Namndmal.objects.filter(node_q(user, VIEW_PUBLISHED)).select_related(
        "node"
    ),
    fields=["title", "description"],
    title=lambda g: f"{g.title} ({g.node.namn})",
    url=lambda g: g.get_absolute_url(),
)


def _overarching(user):
    root = OrgNode.objects.kommun()
    if root is None or not can(user, VIEW_PUBLISHED, root):
        return OverarchingGoal.objects.none()
    return OverarchingGoal.objects.all()


search.register(
    "overarching",
    "Övergripande mål",
    queryset=_overarching,
    fields=["title", "description"],
    title=lambda g: g.title,
    url=lambda g: g.get_absolute_url(),
)
search.register(
    "uppdrag",
    "Uppdrag",
    queryset=lambda user: Uppdrag.objects.filter(node_q(user, VIEW_PUBLISHED)).select_related(
        "node"
    ),
    fields=["title", "description"],
    title=lambda u: f"{u.title} ({u.node.namn})",
    url=lambda u: reverse("planning:board_goals", args=[u.node.kod]) + f"?period={u.planperiod_id}",
)
