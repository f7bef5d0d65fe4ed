"""Tomelilla's internkontroll for this year: a risk analysis and an adopted plan for Barn- och
utbildningsnämnden and Vård- och omsorgsnämnden, with controls done, a deviation with an action
in each and one control overdue. Idempotent (keys: node + year, risk title, control title).

Months are set relative to today, so the demo always has controls done, due and overdue.
"""

import datetime

from django.utils import timezone

from planning.models import Namndmal

from . import services
from .models import Decision, Kontrollmoment, Risk

# (title, process, sannolikhet, konsekvens, decision, reason, owner, goal?)
RISKS = {
    "BUN": [
        (
            "Inköp utanför upphandlade avtal",
            "Inköp",
            3,
            3,
            Decision.KONTROLLERA,
            "",
            "olof.ekonom",
            False,
        ),
        (
            "Anmälan om kränkande behandling når inte huvudmannen",
            "Elevhälsa",
            2,
            4,
            Decision.KONTROLLERA,
            "",
            "erik.rektor",
            True,
        ),
        (
            "Felaktig registrering av närvaro i förskolan",
            "Förskola",
            3,
            2,
            Decision.KONTROLLERA,
            "",
            "petra.forskola",
            False,
        ),
        (
            "Behörighet i lärplattformen följer inte tjänsten",
            "IT och informationssäkerhet",
            2,
            3,
            Decision.KONTROLLERA,
            "",
            "anna.bu",
            False,
        ),
        (
            "Brist på behöriga lärare",
            "Kompetensförsörjning",
            3,
            3,
            Decision.ATGARDA,
            "",
            "anna.bu",
            True,
        ),
        (
            "Försenad diarieföring",
            "Administration",
            2,
            1,
            Decision.ACCEPTERA,
            "Låg konsekvens; följs i den ordinarie arkivgenomgången.",
            "anna.bu",
            False,
        ),
    ],
    "VON": [
        (
            "Läkemedel hanteras utan signering i hemtjänsten",
            "Hälso- och sjukvård",
            3,
            4,
            Decision.KONTROLLERA,
            "",
            "karin.hemtjanst",
            False,
        ),
        (
            "Genomförandeplaner saknas eller är inaktuella",
            "Dokumentation",
            3,
            3,
            Decision.KONTROLLERA,
            "",
            "karin.hemtjanst",
            False,
        ),
        (
            "Felaktigt debiterade hemtjänstavgifter",
            "Avgifter",
            2,
            3,
            Decision.KONTROLLERA,
            "",
            "maria.vo",
            False,
        ),
        (
            "Hög personalomsättning i hemtjänsten",
            "Kompetensförsörjning",
            4,
            2,
            Decision.ATGARDA,
            "",
            "maria.vo",
            False,
        ),
        (
            "Ensamarbete nattetid",
            "Arbetsmiljö",
            2,
            2,
            Decision.ACCEPTERA,
            "Larm och rutiner finns; följs i arbetsmiljöronden.",
            "maria.vo",
            False,
        ),
    ],
}
# control title → (method, scope, months back from now (negative: ahead), report to)
CONTROLS = {
    "Inköp utanför upphandlade avtal": (
        "stickprov",
        "25 fakturor per halvår",
        4,
        "Barn- och utbildningsnämnden",
    ),
    "Anmälan om kränkande behandling når inte huvudmannen": (
        "genomgang",
        "Alla anmälningar under en termin",
        2,
        "Barn- och utbildningsnämnden",
    ),
    "Felaktig registrering av närvaro i förskolan": (
        "avstamning",
        "Tre förskolor, en månad",
        -1,
        "Förvaltningschefen",
    ),
    "Behörighet i lärplattformen följer inte tjänsten": (
        "avstamning",
        "Behörigheter mot personalregistret",
        1,
        "Förvaltningschefen",
    ),
    "Läkemedel hanteras utan signering i hemtjänsten": (
        "stickprov",
        "20 signeringslistor",
        3,
        "Vård- och omsorgsnämnden",
    ),
    "Genomförandeplaner saknas eller är inaktuella": (
        "stickprov",
        "15 brukare",
        2,
        "Vård- och omsorgsnämnden",
    ),
    "Felaktigt debiterade hemtjänstavgifter": (
        "avstamning",
        "En månads fakturering",
        1,
        "Vård- och omsorgsnämnden",
    ),
}
# control title → (outcome, findings, action or "")
RESULTS = {
    "Inköp utanför upphandlade avtal": ("utan_anmarkning", "Alla 25 fakturor hade avtal.", ""),
    "Anmälan om kränkande behandling når inte huvudmannen": (
        "avvikelse",
        "Fyra av tolv anmälningar nådde huvudmannen först efter mer än en vecka.",
        "Rutinen för anmälan till huvudmannen gås igenom på varje skolas APT",
    ),
    "Läkemedel hanteras utan signering i hemtjänsten": (
        "avvikelse",
        "Tre av tjugo signeringslistor hade luckor under helger.",
        "Helgpersonal introduceras i signeringsrutinen",
    ),
    "Genomförandeplaner saknas eller är inaktuella": (
        "utan_anmarkning",
        "Alla planer var uppdaterade det senaste halvåret.",
        "",
    ),
}
RESPONSIBLE_NODE = {
    "olof.ekonom": "BUF",
    "erik.rektor": "GRU-BYA",
    "petra.forskola": "BUF-FSK",
    "anna.bu": "BUF",
    "karin.hemtjanst": "HT-TOM",
    "maria.vo": "VOF",
}
PREPARER = {"BUN": "anna.bu", "VON": "maria.vo"}


def seed(ctx):
    today = timezone.localdate()
    year = today.year
    users, nodes = ctx["users"], ctx["nodes"]
    for kod, risks in RISKS.items():
        board, preparer = nodes[kod], users[PREPARER[kod]]
        analysis = services.riskanalys_for(board, year, create=True)
        goal = Namndmal.objects.filter(node=board).order_by("order", "pk").first()
        for title, process, s, k, decision, reason, owner, on_goal in risks:
            Risk.objects.get_or_create(
                analysis=analysis,
                title=title,
                defaults={
                    "process": process,
                    "sannolikhet": s,
                    "konsekvens": k,
                    "decision": decision,
                    "decision_reason": reason,
                    "owner": users[owner],
                    "namndmal": goal if on_goal else None,
                    "updated_by": preparer,
                },
            )
        plan = services.plan_for(board, year, create=True)
        if not plan.versions.exists():
            _controls(plan, analysis, today, nodes)
            services.plan_adopt(
                plan=plan, user=preparer, adopted_on=datetime.date(year, 1, min(20, today.day))
            )
        _results(plan, today)
    ctx["log"].append(
        f"Intern kontroll {year}: riskanalys och antagen plan för {', '.join(RISKS)}."
    )


def _month(today, back):
    return min(12, max(1, today.month - back))


def _controls(plan, analysis, today, nodes):
    for order, risk in enumerate(analysis.risks.filter(decision=Decision.KONTROLLERA), 1):
        method, scope, back, report_to = CONTROLS[risk.title]
        owner = risk.owner.username if risk.owner else ""
        Kontrollmoment.objects.get_or_create(
            plan=plan,
            risk=risk,
            defaults={
                "title": f"Kontroll: {risk.title[0].lower()}{risk.title[1:]}",
                "method": method,
                "scope": scope,
                "responsible": risk.owner,
                "responsible_node": nodes.get(RESPONSIBLE_NODE.get(owner, "")),
                "month": _month(today, back),
                "report_to": report_to,
                "order": order,
            },
        )


def _results(plan, today):
    for control in plan.controls.select_related("risk", "responsible"):
        found = RESULTS.get(control.risk.title if control.risk else "")
        if found is None or control.results.exists():
            continue
        outcome, findings, action = found
        due = control.due_on or today
        services.result_record(
            control=control,
            user=control.responsible,
            outcome=outcome,
            findings=findings,
            performed_on=min(due, today),
            actions=[(action, today + datetime.timedelta(days=60))] if action else [],
        )
