"""Step 2, the nulägesanalys: one section per question, per unit and planperiod."""

from django.db import transaction

from ..models import AnalysisSection, Conclusion, Nulagesanalys, SectionKey
from .common import save_checked


def analysis_ensure(*, node, period):
    """The node's nulägesanalys with one section per question (created on demand)."""
    analysis = Nulagesanalys.objects.of_node(node, period).first()
    if analysis is None:
        analysis = Nulagesanalys.objects.create(node=node, planperiod=period)
    have = set(analysis.sections.values_list("key", flat=True))
    AnalysisSection.objects.bulk_create(
        AnalysisSection(analysis=analysis, key=k) for k in SectionKey.values if k not in have
    )
    return analysis


def cited_ids(analysis):
    """The ids of the nyckeltal the analysis cites (a subquery)."""
    return AnalysisSection.nyckeltal.through.objects.filter(
        analysissection__analysis=analysis
    ).values("nyckeltal_id")


def sections_of(analysis):
    """The analysis's sections in the order of the questions, with nyckeltal and trends."""
    order = {k: i for i, k in enumerate(SectionKey.values)}
    sections = list(analysis.sections.prefetch_related("nyckeltal", "trends"))
    return sorted(sections, key=lambda s: order.get(s.key, 99))


def analysis_save(*, analysis, form, user):
    data = form.cleaned_data
    with transaction.atomic():
        analysis.status = data["status"]
        save_checked(analysis, form.seen(), user)
        # Write only what changed: a save that touches one answer should not rewrite ten.
        changed = []
        for section in form.sections:
            text = data.get(f"{section.key}_text", "")
            if text != section.text:
                section.text = text
                changed.append(section)
            for relation in ("nyckeltal", "trends"):
                wanted = {obj.pk for obj in data.get(f"{section.key}_{relation}") or []}
                manager = getattr(section, relation)
                if wanted != {obj.pk for obj in manager.all()}:
                    manager.set(wanted)
        AnalysisSection.objects.bulk_update(changed, ["text"])
    return analysis


def citing_conclusions(sections):
    """Which nulägeskarta conclusions cite each section (knowledge flowing upward)."""
    cited = {}
    qs = Conclusion.objects.filter(source__in=[x.pk for x in sections]).select_related(
        "theme__karta__node"
    )
    for c in qs:
        cited.setdefault(c.source_id, []).append(c)
    return cited
