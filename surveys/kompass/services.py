"""Writes for Kommunkompassen outside the import: findings, publishing, handlingsplaner."""

from django.db import transaction

from surveys.models import FindingKind, KompassActionPlan, KompassFinding


@transaction.atomic
def findings_save(*, evaluation, areas, data):
    """Replace evaluators, strengths and improvement opportunities from a FindingsForm's data."""
    evaluation.evaluators = data.get("evaluators", "").strip()
    evaluation.save(update_fields=["evaluators"])
    evaluation.findings.all().delete()
    rows = []
    for area in areas:
        for kind in (FindingKind.STYRKA, FindingKind.FORBATTRING):
            lines = [x.strip() for x in data.get(f"{kind}_{area.number}", "").splitlines()]
            rows += [
                KompassFinding(evaluation=evaluation, area=area, kind=kind, text=text, position=i)
                for i, text in enumerate(x for x in lines if x)
            ]
    KompassFinding.objects.bulk_create(rows)


def findings_initial(evaluation, areas):
    initial = {"evaluators": evaluation.evaluators}
    for f in evaluation.findings.select_related("area"):
        key = f"{f.kind}_{f.area.number}"
        initial[key] = (initial.get(key, "") + "\n" + f.text).strip()
    return initial


def plan_for(evaluation):
    """The evaluation's handlingsplan (created on first use)."""
    plan, _ = KompassActionPlan.objects.get_or_create(
        evaluation=evaluation,
        node=evaluation.node,
        defaults={"title": f"Handlingsplan efter Kommunkompassen {evaluation.year}"},
    )
    return plan
