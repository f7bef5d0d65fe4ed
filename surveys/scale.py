"""HME, Kommunkompassen and tillit maturity for the Göteborg-size kommun of `seed_scale`.

60,000 HME answers spread unevenly over the tree (most at the enheter, some at every level
above, some units below the minimum group size), computed by the domain function
`compute_round`; a public link per enhet; handlingsplaner for a share of the enheter. A
published external Kommunkompassen evaluation of the kommun (points → `compute_evaluation`)
with findings, and maturity self-assessments for the upper levels over two years.
Deterministic with ctx["seed"].
"""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from tillit.org.models import NodeType

from .hme.results import compute_round
from .kompass.services import compute_evaluation
from .models import (
    ActionStatus,
    EvaluationKind,
    EvaluationStatus,
    FindingKind,
    HmeAction,
    HmeLink,
    HmePlan,
    HmeReference,
    HmeResponse,
    HmeRound,
    KompassArea,
    KompassEvaluation,
    KompassFinding,
    KompassPoints,
    KompassSubArea,
    KompassVersion,
    MaturityAssessment,
)
from .models.maturity import PRINCIPLE_FIELDS

RESPONDENTS = 60_000
PLAN_SHARE = 0.2
BATCH = 5000


def hme_responses(rnd, nodes, rng, count=RESPONDENTS):
    """`count` unsaved answers over `nodes` [(id, depth)]: 90 % at the deepest level with
    uneven (Pareto) unit sizes, the rest anywhere above."""
    deepest = max(depth for _, depth in nodes)
    leaves = [pk for pk, depth in nodes if depth == deepest]
    others = [pk for pk, depth in nodes if depth < deepest]
    weights = [rng.paretovariate(1.5) for _ in leaves]
    picked = rng.choices(leaves, weights, k=count)
    rows = []
    for i in range(count):
        node = picked[i] if rng.random() < 0.9 else rng.choice(others)
        answers = [rng.choice((1, 2, 3, 4, 4, 4, 5, 5, None)) for _ in range(9)]
        rows.append(
            HmeResponse(
                round=rnd,
                node_id=node,
                gender=rng.choice("KKKM "),
                **{f"f{i}": a for i, a in enumerate(answers, start=1)},
            )
        )
    return rows


def seed(ctx):
    rng = random.Random(ctx["seed"] + 37)
    nodes = sorted(ctx["nodes"].values(), key=lambda n: n.path)
    users, kommun = ctx["users"], ctx["kommun"]
    year = timezone.localdate().year
    enheter = [n for n in nodes if n.typ == NodeType.ENHET]

    # --- HME ---------------------------------------------------------------------------------
    rnd = HmeRound.objects.create(
        year=year,
        opens_on=datetime.date(year, 3, 1),
        closes_on=datetime.date(year, 3, 21),
        status=HmeRound.Status.CLOSED,
    )
    HmeLink.objects.bulk_create((HmeLink(round=rnd, node=e) for e in enheter), batch_size=BATCH)
    count = ctx.get("employees", RESPONDENTS)
    responses = hme_responses(rnd, [(n.pk, n.depth) for n in nodes], rng, count)
    HmeResponse.objects.bulk_create(responses, batch_size=BATCH)
    summary = compute_round(rnd.pk)
    HmeReference.objects.get_or_create(
        year=year,
        defaults={"motivation": 79, "ledarskap": 78, "styrning": 78, "hme": 78},
    )
    planned = [e for e in enheter if rng.random() < PLAN_SHARE]
    plans = HmePlan.objects.bulk_create(
        HmePlan(round=rnd, node=e, focus_styrning=True, focus_other="Återkoppling") for e in planned
    )
    HmeAction.objects.bulk_create(
        (
            HmeAction(
                plan=p,
                text=f"Förbättring {i + 1} efter HME",
                responsible_user_id=users.get(f"chef.{p.node.kod}"),
                due_on=datetime.date(year, 6 + 3 * i, 15),
                status=[ActionStatus.DONE, ActionStatus.ONGOING, ActionStatus.PLANNED][i],
            )
            for p in plans
            for i in range(3)
        ),
        batch_size=BATCH,
    )

    # --- Kommunkompassen ---------------------------------------------------------------------
    _ensure_framework()
    version = KompassVersion.objects.get(name="2019/2020")
    evaluation = KompassEvaluation.objects.create(
        node=kommun,
        version=version,
        year=year - 1,
        kind=EvaluationKind.EXTERN,
        status=EvaluationStatus.UTKAST,
        evaluators="Utvärderare 1\nUtvärderare 2",
        is_example=True,
        note="Genererade data för prestandamätningar.",
    )
    KompassPoints.objects.bulk_create(
        KompassPoints(
            evaluation=evaluation,
            subarea=sub,
            points=(Decimal(sub.max_points) * Decimal(rng.randint(30, 80)) / 100).quantize(
                Decimal("0.25")
            ),
        )
        for sub in KompassSubArea.objects.filter(area__version=version).order_by("id")
    )
    evaluation.publish()
    compute_evaluation(evaluation)
    KompassFinding.objects.bulk_create(
        KompassFinding(evaluation=evaluation, area=area, kind=kind, text=text, position=0)
        for area in KompassArea.objects.filter(version=version).order_by("number")
        for kind, text in (
            (FindingKind.STYRKA, f"Styrka inom {area.name.lower()}."),
            (FindingKind.FORBATTRING, f"Förbättringsområde inom {area.name.lower()}."),
        )
    )

    # --- tillit maturity ---------------------------------------------------------------------
    upper = [n for n in nodes if n.depth <= 4]
    MaturityAssessment.objects.bulk_create(
        MaturityAssessment(
            node=n,
            year=y,
            overall=Decimal(rng.randint(8, 18)) / 4,
            updated_by_id=users.get("admin"),
            **{f: rng.randint(2, 5) for f in PRINCIPLE_FIELDS},
        )
        for n in upper
        for y in (year - 1, year)
    )
    ctx["hme_round"] = rnd
    ctx["log"].append(
        f"Enkäter: HME {len(responses)} svar, {summary.nodes} enheter beräknade "
        f"({summary.suppressed} dolda), {len(plans)} handlingsplaner; Kommunkompassen "
        f"{evaluation.total_pct} %; {2 * len(upper)} mognadsskattningar."
    )


def _ensure_framework():
    from .kompass.demo import _ensure_framework as ensure

    ensure()
