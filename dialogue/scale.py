"""A year of quarterly verksamhetsdialoger for the Göteborg-size kommun of `seed_scale`.

A share of the enheter gets four dialogues (the first three held, minutes locked, the last
ahead), each with the chef and the förvaltning's HR partner, the default fixed agenda (as
`services.build_agenda` lays it out), economy figures and actions carried between them.
Plain rows via bulk_create; deterministic with ctx["seed"].
"""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from tillit.org.models import NodeType

from .models import (
    Action,
    ActionStatus,
    AgendaItem,
    AgendaTemplate,
    Dialogue,
    EconomyFigures,
    ItemKind,
    Participant,
    ParticipantRole,
)

SHARE = 0.25  # enheter with a year of dialogues
ACTIONS_PER_DIALOGUE = 2
BATCH = 5000


def agenda_rows(template, theme):
    """The agenda `services.build_agenda` copies from a template: (kind, title) in order."""
    items = list(template.items.all())
    rows = []
    if not any(i.kind == ItemKind.UPPFOLJNING for i in items):
        rows.append((ItemKind.UPPFOLJNING, ItemKind.UPPFOLJNING.label))
    for i in items:
        if i.kind == ItemKind.TEMA and not theme:
            continue
        rows.append((i.kind, f"Tema: {theme}" if i.kind == ItemKind.TEMA else i.title))
    return rows


def seed(ctx):
    rng = random.Random(ctx["seed"] + 23)
    users, period = ctx["users"], ctx["planperiod"]
    nodes = sorted(ctx["nodes"].values(), key=lambda n: n.path)
    enheter = [n for n in nodes if n.typ == NodeType.ENHET and rng.random() < SHARE]
    template = AgendaTemplate.default()
    year = timezone.localdate().year
    dates = [datetime.date(year, m, 15) for m in (2, 5, 9, 11)]
    now = timezone.now()
    themes = ["", "Kompetensförsörjning", "", "Trygghet"]

    dialogues = []
    for e in enheter:
        chef = users.get(f"chef.{e.kod}")
        for q, d in enumerate(dates):
            dialogues.append(
                Dialogue(
                    node=e,
                    planperiod=period,
                    date=d,
                    theme=themes[q],
                    template=template,
                    chair_id=chef,
                    created_by_id=chef,
                    locked_at=now if q < 3 else None,
                    locked_by_id=chef if q < 3 else None,
                )
            )
    dialogues = Dialogue.objects.bulk_create(dialogues, batch_size=BATCH)

    participants, items, economy = [], [], []
    rows_for = {t: agenda_rows(template, t) for t in set(themes)}
    for dlg in dialogues:
        kod = dlg.node.kod
        hr = users.get(f"hr.F{kod[1:].split('-')[0]}")
        participants.append(
            Participant(dialogue=dlg, user_id=dlg.chair_id, role=ParticipantRole.LEDNING)
        )
        if hr:
            participants.append(Participant(dialogue=dlg, user_id=hr, role=ParticipantRole.HR))
        held = dlg.locked_at is not None
        items += [
            AgendaItem(
                dialogue=dlg,
                order=n,
                kind=kind,
                title=title,
                material="Underlag inför dialogen." if held else "",
                notes="Vi diskuterade läget." if held else "",
            )
            for n, (kind, title) in enumerate(rows_for[dlg.theme], start=1)
        ]
        budget = Decimal(rng.randint(5000, 80000))
        economy.append(
            EconomyFigures(
                dialogue=dlg,
                period_label="januari–mars",
                budget=budget,
                utfall=budget * Decimal("0.24"),
                prognos=budget + Decimal(rng.randint(-2000, 2000)),
            )
        )
    Participant.objects.bulk_create(participants, batch_size=BATCH)
    AgendaItem.objects.bulk_create(items, batch_size=BATCH)
    EconomyFigures.objects.bulk_create(economy, batch_size=BATCH)
    actions = []
    for dlg in (d for d in dialogues if d.locked_at):
        for i in range(ACTIONS_PER_DIALOGUE):
            status = ActionStatus.DONE if dlg.date < dates[2] else rng.choice(ActionStatus.values)
            actions.append(
                Action(
                    dialogue=dlg,
                    text=f"Åtgärd {i + 1} från dialogen {dlg.date:%Y-%m-%d}",
                    responsible_id=dlg.chair_id,
                    due_on=dlg.date + datetime.timedelta(days=60),
                    status=status,
                    done_on=(
                        dlg.date + datetime.timedelta(days=30)
                        if status == ActionStatus.DONE
                        else None
                    ),
                    created_by_id=dlg.chair_id,
                )
            )
    Action.objects.bulk_create(actions, batch_size=BATCH)
    ctx["log"].append(
        f"Dialoger: {len(dialogues)} verksamhetsdialoger för {len(enheter)} enheter, "
        f"{len(items)} agendapunkter, {len(actions)} åtgärder."
    )
