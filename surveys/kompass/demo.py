"""Demo data for Kommunkompassen and tillit maturity (example data, clearly marked).

Called as `seed_kompass(ctx)` from surveys/demo.py. Idempotent: evaluations are keyed by
kommun, year and kind; findings, actions and assessments by stable keys.
"""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from surveys.models import (
    ActionStatus,
    EvaluationKind,
    FindingKind,
    KompassAction,
    KompassEvaluation,
    KompassFinding,
    KompassVersion,
    MaturityAssessment,
)

from .importer import import_points
from .rules import frame_of
from .services import compute_evaluation, plan_for

# Share of the maximum per area (1–8) for each profile; sub-areas vary around it.
PROFILES = {
    (2016, EvaluationKind.EXTERN): [0.42, 0.38, 0.45, 0.40, 0.35, 0.33, 0.46, 0.44],
    (2020, EvaluationKind.EXTERN): [0.58, 0.52, 0.61, 0.55, 0.49, 0.47, 0.60, 0.63],
    (2023, EvaluationKind.SJALV): [0.64, 0.57, 0.66, 0.60, 0.55, 0.54, 0.63, 0.70],
    (2020, EvaluationKind.REFERENS): [0.55, 0.50, 0.57, 0.52, 0.50, 0.48, 0.55, 0.56],
}
# Small per-sub-area offsets (in points) so the profile is not flat; some land on .25/.5/.75.
WIGGLE = [Decimal("1.25"), Decimal("-0.5"), Decimal("0.75"), Decimal("-1.25"), Decimal("0.5")]

FINDINGS = {
    1: (
        ["Tydlig kommunikationsstrategi och en uppdaterad webbplats."],
        ["Fler former för medborgardialog med de förtroendevalda."],
    ),
    2: (["Aktivt samarbete med föreningsliv och näringsliv."], ["En samlad hållbarhetsstrategi."]),
    3: (
        ["Styrmodellen bygger på tillit och är väl känd bland chefer."],
        ["Uppföljningen behöver mer analys och färre mått."],
    ),
    4: (
        ["Jämförelser med andra kommuner används i budgetarbetet."],
        ["Systematisk digitalisering."],
    ),
    5: (["God tillgänglighet via kontaktcenter."], ["Brukarnas inflytande över sina tjänster."]),
    6: (["Förbättringsarbete i LärTrios."], ["Gemensam modell för kvalitetsutveckling."]),
    7: (["Låg sjukfrånvaro jämfört med riket."], ["Strategisk kompetensförsörjning på sikt."]),
    8: (["Högsta ledningen är förebilder."], ["Intern kommunikation mellan förvaltningarna."]),
}


def _points_csv(frame, shares):
    lines = ["delomrade;poang"]
    for area, share in zip(frame, shares, strict=True):
        for i, sub in enumerate(area.subareas):
            raw = Decimal(str(share)) * sub.max_points + WIGGLE[i % len(WIGGLE)]
            value = min(Decimal(sub.max_points), max(Decimal(0), raw.quantize(Decimal("0.25"))))
            lines.append(f"{sub.code};{str(value).replace('.', ',')}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def seed_kompass(ctx):
    kommun = ctx["kommun"]
    _ensure_framework()
    version = KompassVersion.objects.get(name="2019/2020")
    frame = frame_of(version)
    evaluations = {}
    for (year, kind), shares in PROFILES.items():
        node = None if kind == EvaluationKind.REFERENS else kommun
        existing = KompassEvaluation.objects.filter(node=node, year=year, kind=kind).first()
        evaluation = existing or import_points(
            data=_points_csv(frame, shares), year=year, kind=kind, node=node, version=version
        )
        evaluation.is_example = True
        evaluation.note = "Exempeldata för demonstration, inte Tomelillas verkliga resultat."
        if kind == EvaluationKind.EXTERN:
            evaluation.evaluators = "Exempelutvärderare 1\nExempelutvärderare 2"
        evaluation.save(update_fields=["is_example", "note", "evaluators"])
        if not evaluation.is_published:
            evaluation.publish()
        compute_evaluation(evaluation)
        evaluations[(year, kind)] = evaluation

    latest = evaluations[(2020, EvaluationKind.EXTERN)]
    areas = {a.number: a for a in version.areas.all()}
    for (_year, kind), evaluation in evaluations.items():
        if kind == EvaluationKind.REFERENS:
            continue
        for number, (strengths, improvements) in FINDINGS.items():
            for texts, finding_kind in (
                (strengths, FindingKind.STYRKA),
                (improvements, FindingKind.FORBATTRING),
            ):
                for position, text in enumerate(texts):
                    KompassFinding.objects.get_or_create(
                        evaluation=evaluation,
                        area=areas[number],
                        kind=finding_kind,
                        text=text,
                        defaults={"position": position},
                    )

    plan = plan_for(latest)
    nodes = ctx["nodes"]
    for area, code, text, responsible, kod, due, status in [
        (
            1,
            "1.3",
            "Pröva medborgardialoger inför varje budgetår.",
            "Kanslichef",
            "KLK-KANS",
            date(2026, 3, 31),
            ActionStatus.ONGOING,
        ),
        (
            3,
            "3.3",
            "Inför analysseminarier efter delårsrapporten.",
            "Kvalitetschef",
            "KLK-KVAL",
            date(2026, 10, 31),
            ActionStatus.PLANNED,
        ),
        (
            7,
            "7.2",
            "Ta fram en kompetensförsörjningsplan per förvaltning.",
            "HR-chef",
            "KLK-HR",
            date(2025, 12, 31),
            ActionStatus.DONE,
        ),
    ]:
        KompassAction.objects.get_or_create(
            plan=plan,
            text=text,
            defaults={
                "area": areas[area],
                "subarea": areas[area].subareas.get(code=code),
                "responsible": responsible,
                "responsible_node": nodes.get(kod),
                "due_on": due,
                "status": status,
            },
        )

    count = _seed_maturity(ctx)
    ctx["kompass_evaluations"] = evaluations
    ctx["log"].append(
        f"Kommunkompassen: {len(evaluations)} profiler (exempeldata), "
        f"{plan.actions.count()} åtgärder; tillitsmognad: {count} självskattningar."
    )


# (kod, overall this year, ratings tillit..kundfokus)
MATURITY = [
    ("1270", "3.75", [4, 4, 3, 4, 4, 3, 4]),
    ("BUF", "3.50", [4, 3, 3, 4, 4, 3, 3]),
    ("BUF-FSK", "4.00", [4, 4, 4, 4, 4, 4, 4]),
    ("BUF-GRU", "3.25", [3, 4, 3, 3, 3, 3, 4]),
    ("GRU-BYA", "3.50", [4, 4, 3, 3, 4, 3, 4]),
    ("GRU-LIN", "2.75", [3, 3, 2, 3, 2, 3, 3]),
    ("VOF", "3.00", [3, 3, 2, 3, 3, 3, 4]),
    ("VOF-HT", "2.25", [2, 3, 2, 2, 2, 3, 3]),
    ("VOF-SÄBO", "3.25", [3, 3, 3, 4, 3, 3, 4]),
    ("SBF", "3.50", [4, 3, 4, 3, 4, 3, 3]),
    ("FF-IFO", "3.00", [3, 4, 3, 3, 2, 3, 3]),
]


def _seed_maturity(ctx):
    from surveys.models.maturity import PRINCIPLE_FIELDS

    this_year = timezone.localdate().year
    nodes, count = ctx["nodes"], 0
    for kod, overall, ratings in MATURITY:
        node = nodes.get(kod)
        if node is None:
            continue
        for year, shift in ((this_year - 1, Decimal("-0.25")), (this_year, Decimal(0))):
            values = {
                f: max(1, r - (1 if shift and i % 3 == 0 else 0))
                for i, (f, r) in enumerate(zip(PRINCIPLE_FIELDS, ratings, strict=True))
            }
            _, created = MaturityAssessment.objects.get_or_create(
                node=node,
                year=year,
                defaults={
                    **values,
                    "overall": max(Decimal(1), Decimal(overall) + shift),
                    "tillit_kommentar": "Exempel: medarbetarna får större utrymme i vardagen.",
                },
            )
            count += created
    return MaturityAssessment.objects.count()


def _ensure_framework():
    """The framework rows come from a data migration; a test database flushed by a
    transactional test has lost them. Reload them from the migration (idempotent)."""
    if not KompassVersion.objects.filter(name="2019/2020").exists():
        from importlib import import_module

        from django.apps import apps

        import_module("surveys.migrations.0003_kommunkompassen_framework").load(apps, None)
