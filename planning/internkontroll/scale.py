"""This year's internkontroll for the Göteborg-size kommun of `seed_scale`: a risk analysis and
an internkontrollplan per nämnd and per förvaltning, adopted through the domain function
(`plan_adopt`, which freezes the version), with the controls of past months carried out, some
with a deviation and an action. Plain rows via bulk_create_with_history; deterministic with
ctx["seed"].
"""

import datetime
import random

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from tillit.org.models import NodeType

from . import services
from .models import (
    Decision,
    Internkontrollplan,
    KontrollAction,
    Kontrollmoment,
    Kontrollresultat,
    Method,
    Outcome,
    Risk,
    Riskanalys,
)

RISKS_PER_ANALYSIS = 12
CONTROLS_PER_PLAN = 8
DONE_SHARE = 0.8  # controls of past months that were carried out
DEVIATION_SHARE = 0.25
PROCESSES = ["Inköp", "Ekonomi", "Personal", "Dokumentation", "IT", "Myndighetsutövning"]


def seed(ctx):
    rng = random.Random(ctx["seed"] + 31)
    today = timezone.localdate()
    year = today.year
    nodes = sorted(ctx["nodes"].values(), key=lambda n: n.path)
    users = ctx["users"]
    owners = [n for n in nodes if n.typ in (NodeType.NAMND, NodeType.FORVALTNING)]
    chefs = {n.path: users.get(f"chef.{n.kod}") for n in nodes if n.typ == NodeType.ENHET}
    by_path = {n.path: n for n in nodes}
    now = timezone.now()

    analyses = Riskanalys.objects.bulk_create(Riskanalys(node=n, year=year) for n in owners)
    risks = bulk_create_with_history(
        [
            Risk(
                analysis=a,
                title=f"Risk {i + 1}: {rng.choice(PROCESSES).lower()} i {a.node.namn}"[:300],
                process=rng.choice(PROCESSES),
                sannolikhet=rng.randint(1, 4),
                konsekvens=rng.randint(1, 4),
                decision=Decision.KONTROLLERA if i < CONTROLS_PER_PLAN else Decision.ACCEPTERA,
                decision_reason="" if i < CONTROLS_PER_PLAN else "Låg risk, bärs.",
                updated_at=now,
            )
            for a in analyses
            for i in range(RISKS_PER_ANALYSIS)
        ],
        Risk,
        batch_size=5000,
    )
    plans = Internkontrollplan.objects.bulk_create(
        Internkontrollplan(node=n, year=year, updated_at=now) for n in owners
    )
    plan_of = {p.node_id: p for p in plans}
    controls = []
    for risk in risks:
        if risk.decision != Decision.KONTROLLERA:
            continue
        node = risk.analysis.node
        below = [path for path, uid in chefs.items() if uid and path.startswith(node.path)]
        unit = by_path[rng.choice(below)] if below else None
        controls.append(
            Kontrollmoment(
                plan=plan_of[node.pk],
                risk=risk,
                title=f"Kontroll av {risk.title[0].lower()}{risk.title[1:]}"[:300],
                method=rng.choice(Method.values),
                scope="Stickprov om 20 ärenden",
                responsible_id=chefs[unit.path] if unit else None,
                responsible_node=unit,
                month=rng.randint(1, 12),
                report_to=node.namn,
                updated_at=now,
            )
        )
    controls = bulk_create_with_history(controls, Kontrollmoment, batch_size=5000)
    for plan in plans:
        services.plan_adopt(plan=plan, user=None, adopted_on=datetime.date(year, 1, 15))

    results, deviations = [], []
    for control in controls:
        due = control.due_on
        if due is None or due >= today or rng.random() > DONE_SHARE:
            continue
        deviation = rng.random() < DEVIATION_SHARE
        result = Kontrollresultat(
            control=control,
            performed_on=due,
            outcome=Outcome.AVVIKELSE if deviation else Outcome.OK,
            findings="Brister i två av tjugo ärenden." if deviation else "",
            recorded_by_id=control.responsible_id,
            recorded_at=now,
        )
        results.append(result)
        if deviation:
            deviations.append(result)
    results = bulk_create_with_history(results, Kontrollresultat, batch_size=5000)
    KontrollAction.objects.bulk_create(
        (
            KontrollAction(
                result=r,
                node=r.control.unit,
                responsible_id=r.control.responsible_id,
                text="Rutinen gås igenom med berörd personal",
                due_on=today + datetime.timedelta(days=rng.randint(-30, 90)),
            )
            for r in deviations
        ),
        batch_size=5000,
    )
    ctx["log"].append(
        f"Intern kontroll {year}: {len(plans)} planer, {len(controls)} kontrollmoment, "
        f"{len(results)} genomförda ({len(deviations)} med avvikelse)."
    )
