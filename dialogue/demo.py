"""Demo: a year of quarterly verksamhetsdialoger for a few units, delaktighet and experiences.

Idempotent: a unit that already has dialogues is left alone; delaktighet records and
experiences are keyed on (unit, date/title).
"""

import datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from tillit.cycle.models import Planperiod

from .material import freeze_feeds
from .models import (
    Action,
    ActionStatus,
    AlsoTried,
    DelaktighetDialog,
    Dialogue,
    EconomyFigures,
    Experience,
    ItemKind,
)
from .services import create_dialogue, lock_minutes, save_experience, share_experience

# Per unit: managers, support, economist, (budget, utfall per quarter, prognos) in tkr.
UNITS = {
    "GRU-BYA": {
        "managers": ["erik.rektor", "anna.bu"],
        "support": ["olof.ekonom", "sara.hr", "ida.kvalitet"],
        "economist": "olof.ekonom",
        "budget": Decimal("48250.0"),
        "themes": ["", "Kompetensförsörjning", "", "Trygghet och studiero", ""],
        "actions": [
            "Ta fram plan för att minska korttidsfrånvaron bland personalen",
            "Följa upp elevhälsans nya mottagningstider",
            "Se över schemat för fritidshemmet inför höstterminen",
            "Analysera resultaten i nationella proven åk 6",
            "Starta kollegialt lärande om bedömning",
            "Ta fram förslag på rastaktiviteter tillsammans med elevrådet",
        ],
    },
    "HT-TOM": {
        "managers": ["karin.hemtjanst", "maria.vo"],
        "support": ["sara.hr", "ida.kvalitet"],
        "economist": None,
        "budget": Decimal("36480.5"),
        "themes": ["", "Kontinuitet för brukarna", "", "Digitala nycklar", ""],
        "actions": [
            "Minska antalet olika personal per brukare under 14 dagar",
            "Införa planeringsverktyget i alla arbetslag",
            "Genomföra brandskyddsutbildning för nyanställda",
            "Utvärdera nattpatrullens bemanning",
            "Ta fram rutin för introduktion av timvikarier",
            "Följa upp brukarundersökningens resultat med arbetslagen",
        ],
    },
}

NOTES = {
    ItemKind.NULAGESKOLL: "Nyckeltalen ligger i nivå med förra kvartalet; vi tittar särskilt "
    "på sjukfrånvaron och brukarnöjdheten.",
    ItemKind.EKONOMI: "Prognosen visar ett litet underskott som främst beror på vikariekostnader.",
    ItemKind.PERSONAL: "HME-resultatet för styrning är lägre än för motivation och ledarskap. "
    "Arbetsplatsträffarna ska ägnas åt målen.",
    ItemKind.MAL: "Två av tre aktiviteter i verksamhetsplanen är påbörjade.",
    ItemKind.RISKER: "Risk för vakanser inför sommaren. Rekrytering påbörjas tidigt.",
}


def _planperiod(date, fallback):
    return Planperiod.objects.filter(budget_year=date.year).first() or fallback


def _dialogues_for(kod, spec, ctx, today):
    node = ctx["nodes"][kod]
    if Dialogue.objects.filter(node=node).exists():
        return 0
    users = ctx["users"]
    managers = [users[u] for u in spec["managers"]]
    support = [users[u] for u in spec["support"]]
    economist = users.get(spec["economist"]) if spec["economist"] else None
    # A year of quarterly dialogues: three held, the next in two weeks, one after that.
    dates = [
        today - relativedelta(months=9),
        today - relativedelta(months=6),
        today - relativedelta(months=3),
        today + datetime.timedelta(days=14),
        today + relativedelta(months=3),
    ]
    texts = iter(spec["actions"])
    dialogues = []
    for n, date in enumerate(dates):
        d = create_dialogue(
            node=node,
            date=date,
            created_by=support[0],
            managers=managers,
            support=support,
            theme=spec["themes"][n],
            planperiod=_planperiod(date, ctx.get("planperiod")),
        )
        dialogues.append(d)
        held = date < today
        upcoming = n == 3
        if held or upcoming:
            quarter = n + 1 if held else 4
            spent = spec["budget"] * Decimal(quarter) / Decimal(4)
            EconomyFigures.objects.create(
                dialogue=d,
                period_label=f"Kvartal 1–{quarter}" if quarter > 1 else "Kvartal 1",
                budget=spec["budget"],
                utfall=(spent * Decimal("1.012")).quantize(Decimal("0.1")),
                prognos=(spec["budget"] * Decimal("1.008")).quantize(Decimal("0.1")),
                comment="Vikariekostnaderna är högre än budgeterat.",
                updated_by=economist,
            )
        for item in d.items.all():
            if held or (upcoming and item.kind in (ItemKind.UPPFOLJNING, ItemKind.EKONOMI)):
                item.material = item.material or NOTES.get(item.kind, "")
                item.prepared_at = timezone.now()
                item.prepared_by = economist if item.kind == ItemKind.EKONOMI else support[0]
                # What the ekonomi and personal items showed then (the feeds' demo is seeded
                # first), frozen as marking them prepared does.
                item.feeds = freeze_feeds(item, item.prepared_by)
            if held:
                item.notes = NOTES.get(item.kind, "")
                if item.kind == ItemKind.RISKER:
                    item.decisions = "Rekryteringen startar före sommaren."
            item.save()
        if held:
            item = d.items.filter(kind=ItemKind.MAL).first()
            for i in range(2):
                Action.objects.create(
                    dialogue=d,
                    item=item,
                    text=next(texts),
                    responsible=managers[i % len(managers)],
                    due_on=date + relativedelta(months=2),
                    created_by=support[0],
                )
            if n < 2:
                for p in d.participants.all():
                    p.approved_at = timezone.now()
                    p.save(update_fields=["approved_at"])
                lock_minutes(d, None)
    # Follow-up: some actions were done between dialogues, others are still open.
    actions = list(Action.objects.filter(dialogue__node=node).order_by("dialogue__date", "pk"))
    if len(actions) >= 6:
        _done(actions[0], dates[1] - datetime.timedelta(days=10))
        _done(actions[2], dates[2] - datetime.timedelta(days=5))
        _done(actions[4], today - datetime.timedelta(days=20))
        actions[1].status = ActionStatus.ONGOING
        actions[1].comment = "Delvis genomförd, fortsätter under våren."
        actions[1].save()
    return len(dialogues)


def _done(action, on):
    action.status = ActionStatus.DONE
    action.done_on = on
    action.save(update_fields=["status", "done_on"])


DELAKTIGHET = [
    (
        "GRU-BYA",
        -40,
        "Arbetsplatsträff",
        "Rastvärdsschemat",
        "Personalen önskade fler vuxna ute på förmiddagsrasten.",
        "Nytt schema provas i fyra veckor.",
    ),
    (
        "GRU-BYA",
        -12,
        "Lärlunch",
        "Bedömning i praktiken",
        "Lärarna delade exempel på formativ bedömning.",
        "",
    ),
    (
        "HT-TOM",
        -30,
        "Morgonmöte i arbetslaget",
        "Planering av helgerna",
        "Svårt att få ihop helgerna när flera är sjuka.",
        "Prova en gemensam helgpool med Hemtjänst Brösarp.",
    ),
    (
        "HT-TOM",
        -8,
        "Workshop",
        "Digitala nycklar",
        "Medarbetarna vill ha kortare introduktion i appen.",
        "Superanvändare i varje grupp.",
    ),
]

EXPERIENCES = [
    (
        "HT-TOM",
        "karin.hemtjanst",
        "Färre personer hos varje brukare",
        "Kontinuitet",
        "Brukarna träffade upp till 16 olika medarbetare på två veckor.",
        "Fasta team om fyra personer per brukargrupp.",
        "Antalet olika personal sjönk till 9 i snitt på två veckor.",
        "Fasta team gör planeringen enklare och brukarna tryggare; kräver flexibla scheman.",
        ["kundfokus", "delegering", "tillit"],
        True,
    ),
    (
        "GRU-BYA",
        "erik.rektor",
        "Rastaktiviteter minskade konflikterna",
        "Trygghet och studiero",
        "Många konflikter uppstod på förmiddagsrasten.",
        "Elevrådet planerade rastaktiviteter med två vuxna.",
        "Incidentrapporterna från rasterna halverades på en termin.",
        "Elevernas delaktighet var avgörande; aktiviteterna måste förnyas.",
        ["samverkan", "kundfokus"],
        True,
    ),
    (
        "GRU-BYA",
        "erik.rektor",
        "Kollegialt lärande om bedömning",
        "Bedömning",
        "Olika bedömning mellan klasser i samma årskurs.",
        "Sambedömning av nationella prov i par.",
        "Större samsyn enligt lärarnas egen utvärdering.",
        "Tid i schemat behövs; fungerar bäst i små grupper.",
        ["kunskap", "oppenhet"],
        True,
    ),
    (
        "HT-TOM",
        "karin.hemtjanst",
        "Introduktion för timvikarier",
        "Kompetensförsörjning",
        "Timvikarier kände sig osäkra första passen.",
        "Checklista och två bredvidgångspass.",
        "Färre avhopp bland timvikarierna under sommaren.",
        "Kostar två pass per vikarie men sparar mer i omplanering.",
        ["stod", "kunskap"],
        True,
    ),
    (
        "GRU-BYA",
        "erik.rektor",
        "Digital frånvaroanmälan för personal",
        "Arbetsmiljö",
        "Frånvaroanmälan per telefon tog tid från morgonen.",
        "Anmälan i appen med automatisk vikarieförfrågan.",
        "Utvärderas efter terminen.",
        "För tidigt att säga.",
        ["tillit"],
        False,
    ),
]


def seed(ctx):
    today = timezone.localdate()
    total = sum(_dialogues_for(kod, spec, ctx, today) for kod, spec in UNITS.items())
    for kod, days, fmt, topic, raised, actions in DELAKTIGHET:
        DelaktighetDialog.objects.get_or_create(
            node=ctx["nodes"][kod],
            topic=topic,
            defaults={
                "date": today + datetime.timedelta(days=days),
                "format": fmt,
                "raised": raised,
                "actions": actions,
            },
        )
    made = {}
    for kod, author, title, topic, problem, measure, outcome, analysis, tags, shared in EXPERIENCES:
        exp, created = Experience.objects.get_or_create(
            node=ctx["nodes"][kod],
            title=title,
            defaults={
                "topic": topic,
                "problem": problem,
                "measure": measure,
                "outcome": outcome,
                "analysis": analysis,
                "author": ctx["users"][author],
            },
        )
        if created:
            save_experience(exp, tags)
            if shared:
                share_experience(exp)
        made[title] = exp
    AlsoTried.objects.get_or_create(
        experience=made["Färre personer hos varje brukare"],
        user=ctx["users"]["erik.rektor"],
        defaults={
            "node": ctx["nodes"]["GRU-BYA"],
            "note": "Vi provade fasta mentorsteam i fritidshemmet: lugnare eftermiddagar.",
        },
    )
    ctx["log"].append(
        f"Dialog: {total} nya verksamhetsdialoger, {DelaktighetDialog.objects.count()} "
        f"delaktighetsdialoger, {Experience.objects.count()} delade erfarenheter."
    )
