"""Demo data for the planning chain: a full year in Tomelilla, from omvärldsanalys to delårsrapport.

Idempotent: every record is found or created on a stable key.
"""

import datetime
from decimal import Decimal

from .models import (
    Activity,
    Conclusion,
    DocStatus,
    GoalStatus,
    KartaTheme,
    Malvarde,
    Namndmal,
    Nyckeltal,
    NyckeltalSource,
    OverarchingGoal,
    StrategicArea,
    Trend,
    TrendResponse,
    Uppdrag,
    UppdragReport,
    Uppfoljning,
)
from .services.analysis import analysis_ensure
from .services.karta import karta_ensure, karta_hand_over
from .services.omvarld import omvarldsanalys_ensure
from .services.plan import plan_ensure

NYCKELTAL = [
    # (code, title, unit, direction)
    ("LOK-BEH-9", "Andel elever i åk 9 med behörighet till gymnasiet", "%", "higher"),
    ("LOK-TRYGG", "Andel elever som känner sig trygga i skolan", "%", "higher"),
    ("LOK-FSK-KO", "Genomsnittlig väntetid till förskoleplats", "dagar", "lower"),
    (
        "LOK-HT-PERS",
        "Antal olika personal som besöker en hemtjänsttagare under 14 dagar",
        "st",
        "lower",
    ),
    ("LOK-HT-NOJD", "Andel brukare som är nöjda med hemtjänsten", "%", "higher"),
    ("LOK-SJUK", "Sjukfrånvaro bland medarbetare", "%", "lower"),
    ("LOK-HME", "HME totalindex", "index", "higher"),
    ("LOK-SABO-KO", "Väntetid till särskilt boende", "dagar", "lower"),
]

TRENDS = [
    (
        "Fler äldre och färre i arbetsför ålder",
        "megatrend",
        "nationell",
        "Andelen invånare över 80 år ökar snabbt de kommande tio åren, medan antalet i "
        "arbetsför ålder står still.",
        "Tomelilla behöver fler medarbetare i vård och omsorg samtidigt som skatteunderlaget "
        "växer långsamt. Vi måste arbeta smartare, med välfärdsteknik och förebyggande insatser.",
    ),
    (
        "Digitaliseringen av välfärden",
        "megatrend",
        "global",
        "Digitala tjänster, AI och välfärdsteknik förändrar hur service levereras och vad "
        "invånarna förväntar sig.",
        "Invånarna förväntar sig att kunna sköta ärenden digitalt dygnet runt. Verksamheterna "
        "behöver kompetens och stöd för att införa tekniken så att den frigör tid för mötet.",
    ),
    (
        "Kompetensförsörjning",
        "megatrend",
        "nationell",
        "Konkurrensen om lärare, sjuksköterskor och socionomer hårdnar i hela landet.",
        "Vi behöver vara en attraktiv arbetsgivare: tillit, delaktighet och goda "
        "utvecklingsmöjligheter är våra starkaste argument.",
    ),
    (
        "Klimatförändringar och extremväder",
        "megatrend",
        "global",
        "Varmare somrar, skyfall och torka blir vanligare.",
        "Förskolegårdar och äldreboenden behöver skugga och svalka; beredskapen för värmeböljor "
        "måste finnas i alla verksamheter.",
    ),
    (
        "Ny skollag om skolans kompensatoriska uppdrag",
        "handelse",
        "nationell",
        "Skärpta krav på att skolan ska kompensera för elevernas olika förutsättningar.",
        "Elevhälsan och tidiga insatser i lågstadiet blir ännu viktigare.",
    ),
    (
        "Region Skånes omställning till nära vård",
        "handelse",
        "regional",
        "Mer vård ska ges nära patienten, i hemmet och i kommunens regi.",
        "Hemtjänst och hemsjukvård får fler och mer avancerade insatser; samverkan med "
        "vårdcentralerna måste fördjupas.",
    ),
]

ANALYSES = {
    "GRU-BYA": {
        "resultat": "Andelen elever i årskurs 9 med behörighet till gymnasiet har ökat från 78 "
        "till 83 procent på tre år, men skillnaden mellan flickor och pojkar är fortsatt stor.",
        "behov": "Fler elever än tidigare har behov av särskilt stöd, framför allt i läsning "
        "och matematik i de lägre årskurserna.",
        "forvantningar": "Vårdnadshavarna förväntar sig trygghet och tydlig information om "
        "elevernas utveckling.",
        "utmaningar": "Att behålla och rekrytera behöriga lärare i matematik och svenska som "
        "andraspråk. Tryggheten på rasterna har minskat enligt elevenkäten.",
        "ekonomi": "Elevpengen räcker till nuvarande organisation men inte till fler "
        "specialpedagoger.",
        "forbattring": "Tidiga insatser i läsning, rastaktiviteter för ökad trygghet.",
        "arbetsgivare": "Kollegialt lärande och tid för planering gör oss attraktiva.",
    },
    "GRU-LIN": {
        "resultat": "Resultaten i matematik i åk 6 ligger under rikets snitt.",
        "utmaningar": "Hög personalomsättning bland fritidspedagoger.",
        "demografi": "Elevantalet ökar med ett par klasser de närmaste åren.",
    },
    "BUF-FSK": {
        "behov": "Efterfrågan på förskoleplats i Tomelilla tätort ökar när nya bostäder byggs.",
        "utmaningar": "Väntetiden till förskoleplats är längre än lagens fyra månader för några "
        "familjer. Brist på förskollärare.",
        "satsningar": "En ny förskoleavdelning på Ekbacken behövs inom två år.",
    },
    "HT-TOM": {
        "resultat": "Brukarna är nöjda med bemötandet (92 procent) men ser i snitt 16 olika "
        "medarbetare under 14 dagar.",
        "behov": "Fler brukare med omfattande behov bor kvar hemma, bland annat till följd av "
        "omställningen till nära vård.",
        "utmaningar": "Kontinuiteten: för många olika medarbetare hos varje brukare. "
        "Sjukfrånvaron är hög.",
        "forbattring": "Mindre arbetsgrupper med fasta områden; digital nyckelhantering.",
        "arbetsgivare": "Heltid som norm och möjlighet att påverka schemat.",
    },
    "HT-BRO": {
        "resultat": "Hög kontinuitet (9 personal under 14 dagar), men långa körsträckor.",
        "utmaningar": "Rekrytering av undersköterskor till landsbygden.",
    },
    "SÄBO-SAL": {
        "behov": "Väntetiden till särskilt boende har ökat; fler boende har demenssjukdom.",
        "utmaningar": "Kompetens inom demensvård behöver stärkas.",
    },
}
ANALYSIS_CITES = {
    ("GRU-BYA", "resultat"): ["LOK-BEH-9"],
    ("GRU-BYA", "utmaningar"): ["LOK-TRYGG"],
    ("BUF-FSK", "utmaningar"): ["LOK-FSK-KO"],
    ("HT-TOM", "resultat"): ["LOK-HT-NOJD", "LOK-HT-PERS"],
    ("HT-TOM", "utmaningar"): ["LOK-HT-PERS", "LOK-SJUK"],
    ("SÄBO-SAL", "behov"): ["LOK-SABO-KO"],
}
ANALYSIS_TRENDS = {
    ("HT-TOM", "behov"): "Region Skånes omställning till nära vård",
    ("GRU-BYA", "utmaningar"): "Kompetensförsörjning",
    ("BUF-FSK", "utmaningar"): "Kompetensförsörjning",
}

AREAS = [
    (
        "Barn och unga",
        "Tomelilla ska vara en bra plats att växa upp på.",
        [
            ("Alla barn och elever ska nå sin fulla potential", "LOK-BEH-9", "90"),
            ("Barn och unga ska känna sig trygga", "LOK-TRYGG", "90"),
        ],
    ),
    (
        "Ett gott liv hela livet",
        "Invånarna ska få stöd och omsorg av god kvalitet när de behöver det.",
        [
            ("Äldre ska känna trygghet och självbestämmande", "LOK-HT-NOJD", "95"),
            ("Fler invånare ska vara självförsörjande", None, None),
        ],
    ),
    (
        "Attraktiv kommun och arbetsgivare",
        "Tomelilla ska vara en attraktiv kommun att bo, verka och arbeta i.",
        [
            ("Kommunen ska vara en attraktiv arbetsgivare", "LOK-HME", "80"),
            ("Service till invånare och företag ska vara enkel och tillgänglig", None, None),
        ],
    ),
]

# nämnd: [(overarching goal title, nämndmål, [(nyckeltal, year offset, target)])]
NAMNDMAL = {
    "BUN": [
        (
            "Alla barn och elever ska nå sin fulla potential",
            "Fler elever ska vara behöriga till gymnasiet",
            [("LOK-BEH-9", 0, "85"), ("LOK-BEH-9", 1, "87"), ("LOK-BEH-9", 2, "90")],
        ),
        (
            "Barn och unga ska känna sig trygga",
            "Alla elever ska känna sig trygga i skolan",
            [("LOK-TRYGG", 0, "90")],
        ),
        (
            "Alla barn och elever ska nå sin fulla potential",
            "Alla barn ska erbjudas förskoleplats inom lagstadgad tid",
            [("LOK-FSK-KO", 0, "120")],
        ),
    ],
    "VON": [
        (
            "Äldre ska känna trygghet och självbestämmande",
            "Hemtjänsttagare ska möta färre olika medarbetare",
            [("LOK-HT-PERS", 0, "12"), ("LOK-HT-PERS", 1, "10")],
        ),
        (
            "Äldre ska känna trygghet och självbestämmande",
            "Fler brukare ska vara nöjda med sin hemtjänst",
            [("LOK-HT-NOJD", 0, "93,5")],
        ),
        (
            "Kommunen ska vara en attraktiv arbetsgivare",
            "Sjukfrånvaron i vård och omsorg ska minska",
            [("LOK-SJUK", 0, "7,5")],
        ),
    ],
    "SBN": [
        (
            "Service till invånare och företag ska vara enkel och tillgänglig",
            "Bygglov ska beslutas inom fem veckor",
            [],
        ),
        (
            "Kommunen ska vara en attraktiv arbetsgivare",
            "Medarbetarengagemanget ska öka",
            [("LOK-HME", 0, "80")],
        ),
    ],
    "FN": [
        (
            "Fler invånare ska vara självförsörjande",
            "Fler med försörjningsstöd ska gå vidare till arbete eller studier",
            [],
        ),
        (
            "Barn och unga ska känna sig trygga",
            "Barn i familjer med stödbehov ska få tidiga insatser",
            [],
        ),
    ],
}

PLANS = {
    "GRU-BYA": {
        "mission": "Byavångsskolan ger alla elever i förskoleklass till årskurs 9 en trygg "
        "skolgång och de kunskaper de behöver för att välja sin framtid.",
        "aims": "Fler elever ska nå behörighet till gymnasiet, och alla ska känna sig trygga.",
        "how": "Vi prioriterar tidiga insatser och trygga raster.",
        "long_term": "Utveckla samarbetet med förskolan kring övergången till förskoleklass.",
        "goals": [
            "Fler elever ska vara behöriga till gymnasiet",
            "Alla elever ska känna sig trygga i skolan",
        ],
        "activities": [
            (
                "Läsfrämjande insatser i åk 1–3",
                "Screening i läsning varje termin och intensivläsning för elever som behöver.",
                "Fler elever ska vara behöriga till gymnasiet",
                "Specialpedagog",
                "pagar",
            ),
            (
                "Rastvärdar och rastaktiviteter",
                "Organiserade aktiviteter på alla raster.",
                "Alla elever ska känna sig trygga i skolan",
                "Erik Lund",
                "klar",
            ),
            (
                "Trygghetsvandring med elevrådet",
                "Eleverna pekar ut otrygga platser.",
                "Alla elever ska känna sig trygga i skolan",
                "Elevrådet och kurator",
                "planerad",
            ),
        ],
    },
    "HT-TOM": {
        "mission": "Hemtjänst Tomelilla ger stöd och omsorg så att äldre kan leva ett tryggt "
        "och självständigt liv i sitt eget hem.",
        "aims": "Färre olika medarbetare hos varje brukare och en lägre sjukfrånvaro.",
        "how": "Vi delar in hemtjänsten i mindre arbetsgrupper med fasta områden.",
        "long_term": "Införa välfärdsteknik som nattkamera och digital tillsyn.",
        "goals": [
            "Hemtjänsttagare ska möta färre olika medarbetare",
            "Sjukfrånvaron i vård och omsorg ska minska",
        ],
        "activities": [
            (
                "Mindre arbetsgrupper med fasta områden",
                "Fyra grupper om åtta medarbetare.",
                "Hemtjänsttagare ska möta färre olika medarbetare",
                "Karin Persson",
                "pagar",
            ),
            (
                "Digitala lås hos alla brukare",
                "Ersätter nyckelhanteringen.",
                "Hemtjänsttagare ska möta färre olika medarbetare",
                "Karin Persson",
                "planerad",
            ),
            (
                "Friskvårdssatsning och tidig rehabilitering",
                "Tillsammans med HR.",
                "Sjukfrånvaron i vård och omsorg ska minska",
                "Karin Persson och HR",
                "pagar",
            ),
        ],
    },
    "BUF-FSK": {
        "mission": "Förskolan lägger grunden för ett livslångt lärande i en trygg miljö.",
        "aims": "Alla barn ska få plats i tid och möta behöriga förskollärare.",
        "how": "",
        "long_term": "En ny avdelning på Ekbacken.",
        "goals": ["Alla barn ska erbjudas förskoleplats inom lagstadgad tid"],
        "activities": [
            (
                "Planering av ny avdelning på Ekbacken",
                "Tillsammans med fastighetsavdelningen.",
                "Alla barn ska erbjudas förskoleplats inom lagstadgad tid",
                "Petra Nilsson",
                "pagar",
            ),
        ],
    },
}

# (nod, nämndmål, status, analys) for the delårsrapport
STATUSES = [
    (
        "BUN",
        "Fler elever ska vara behöriga till gymnasiet",
        "gul",
        "Behörigheten ökade till 83 procent (målvärde 85). Läsinsatserna i lågstadiet ger "
        "effekt först om några år. Jämfört med liknande kommuner ligger vi i mitten.",
    ),
    (
        "BUN",
        "Alla elever ska känna sig trygga i skolan",
        "gron",
        "Tryggheten ökade till 91 procent efter satsningen på rastaktiviteter.",
    ),
    (
        "BUN",
        "Alla barn ska erbjudas förskoleplats inom lagstadgad tid",
        "rod",
        "Sju familjer fick vänta längre än fyra månader. Ny avdelning planeras.",
    ),
    (
        "VON",
        "Hemtjänsttagare ska möta färre olika medarbetare",
        "gul",
        "Från 16 till 14 personal på 14 dagar; de nya arbetsgrupperna startade i maj.",
    ),
    (
        "VON",
        "Fler brukare ska vara nöjda med sin hemtjänst",
        "gron",
        "94 procent är nöjda (målvärde 93,5).",
    ),
    (
        "VON",
        "Sjukfrånvaron i vård och omsorg ska minska",
        "rod",
        "Sjukfrånvaron är 9,1 procent och har inte minskat. Friskvårdssatsningen utvärderas "
        "i höst.",
    ),
    (
        "GRU-BYA",
        "Alla elever ska känna sig trygga i skolan",
        "gron",
        "Rastaktiviteterna är på plats och eleverna upplever färre konflikter.",
    ),
    (
        "HT-TOM",
        "Hemtjänsttagare ska möta färre olika medarbetare",
        "gul",
        "Två av fyra arbetsgrupper är i gång; digitala lås är beställda.",
    ),
]


def _nyckeltal():
    out = {}
    for code, title, unit, direction in NYCKELTAL:
        out[code], _ = Nyckeltal.objects.get_or_create(
            code=code,
            defaults={
                "title": title,
                "unit": unit,
                "direction": direction,
                "source": NyckeltalSource.LOCAL,
            },
        )
    return out


def seed_chain(ctx):
    period = ctx["planperiod"]
    nodes = ctx["nodes"]
    users = ctx["users"]
    nyckeltal = _nyckeltal()

    # 1. Omvärldsanalys
    om = omvarldsanalys_ensure(period=period)
    if not om.introduction:
        om.introduction = (
            "Omvärldsanalysen fångar de globala megatrenderna och de skeenden runt omkring oss "
            "som påverkar Tomelilla. Varje verksamhet gör sin egen analys utifrån den."
        )
        om.save()
    trends = {}
    for i, (title, kind, scope, description, meaning) in enumerate(TRENDS, start=1):
        trends[title], _ = Trend.objects.get_or_create(
            analysis=om,
            title=title,
            defaults={
                "kind": kind,
                "scope": scope,
                "description": description,
                "meaning": meaning,
                "order": i,
            },
        )
    TrendResponse.objects.get_or_create(
        trend=trends["Region Skånes omställning till nära vård"],
        node=nodes["HT-TOM"],
        defaults={
            "affects_us": "Fler brukare med sjukvårdsinsatser i hemmet.",
            "events_around": "Vårdcentralen i Tomelilla bemannas om till mobila team.",
            "means_for_us": "Vi behöver mer kompetens i basal hemsjukvård och tätare "
            "samverkan med distriktssköterskorna.",
            "updated_by": users.get("karin.hemtjanst"),
        },
    )

    # 2. Nulägesanalyser
    sections = {}
    for kod, answers in ANALYSES.items():
        analysis = analysis_ensure(node=nodes[kod], period=period)
        if analysis.status != DocStatus.DONE:
            analysis.status = DocStatus.DONE if kod != "GRU-LIN" else DocStatus.DRAFT
            analysis.save(update_fields=["status"])
        for section in analysis.sections.all():
            sections[(kod, section.key)] = section
            if section.key in answers and not section.text:
                section.text = answers[section.key]
                section.save(update_fields=["text"])
    for (kod, key), codes in ANALYSIS_CITES.items():
        sections[(kod, key)].nyckeltal.add(*[nyckeltal[c] for c in codes])
    for (kod, key), title in ANALYSIS_TRENDS.items():
        sections[(kod, key)].trends.add(trends[title])

    # 3. Nulägeskartor: BUN handed over, VON a draft
    bun = karta_ensure(node=nodes["BUN"], period=period)
    _karta_content(
        bun,
        "Resultaten i grundskolan förbättras, men tryggheten och tillgången till "
        "förskoleplats är nämndens största utmaningar.",
        [
            (
                "Resultat och lärande",
                "Behörigheten ökar men skillnaderna består.",
                [sections[("GRU-BYA", "resultat")], sections[("GRU-LIN", "resultat")]],
            ),
            (
                "Trygghet",
                "Elevernas upplevda trygghet har minskat.",
                [sections[("GRU-BYA", "utmaningar")]],
            ),
            (
                "Kapacitet och kompetens",
                "Fler barn och brist på förskollärare.",
                [sections[("BUF-FSK", "utmaningar")], sections[("BUF-FSK", "satsningar")]],
            ),
        ],
    )
    if not bun.versions.exists():
        karta_hand_over(karta=bun, user=users.get("anna.bu"))
    von = karta_ensure(node=nodes["VON"], period=period)
    _karta_content(
        von,
        "Fler äldre bor kvar hemma med större behov; kontinuiteten i hemtjänsten och "
        "kompetensförsörjningen är de stora frågorna.",
        [
            (
                "Kontinuitet i hemtjänsten",
                "För många olika medarbetare hos varje brukare.",
                [sections[("HT-TOM", "utmaningar")], sections[("HT-BRO", "resultat")]],
            ),
            (
                "Nära vård",
                "Fler och mer avancerade insatser i hemmet.",
                [sections[("HT-TOM", "behov")], sections[("SÄBO-SAL", "behov")]],
            ),
        ],
    )

    # 4. Mål och budget
    overarching = {}
    for i, (title, description, goals) in enumerate(AREAS, start=1):
        area, _ = StrategicArea.objects.get_or_create(
            planperiod=period, title=title, defaults={"description": description, "order": i}
        )
        for j, (goal_title, code, target) in enumerate(goals, start=1):
            goal, _ = OverarchingGoal.objects.get_or_create(
                area=area, title=goal_title, defaults={"order": j}
            )
            overarching[goal_title] = goal
            if code:
                Malvarde.objects.get_or_create(
                    overarching=goal,
                    nyckeltal=nyckeltal[code],
                    year=period.last_year,
                    defaults={"target": Decimal(target)},
                )
    namndmal = {}
    for kod, goals in NAMNDMAL.items():
        for j, (over_title, title, targets) in enumerate(goals, start=1):
            goal, _ = Namndmal.objects.get_or_create(
                node=nodes[kod],
                title=title,
                defaults={"overarching": overarching[over_title], "order": j},
            )
            namndmal[title] = goal
            for code, offset, value in targets:
                Malvarde.objects.get_or_create(
                    namndmal=goal,
                    nyckeltal=nyckeltal[code],
                    year=period.budget_year + offset,
                    defaults={"target": Decimal(value.replace(",", "."))},
                )
    trygg = namndmal["Alla elever ska känna sig trygga i skolan"]
    trygg.based_on.add(*Conclusion.objects.filter(theme__karta=bun, theme__title="Trygghet"))
    beh = namndmal["Fler elever ska vara behöriga till gymnasiet"]
    beh.based_on.add(
        *Conclusion.objects.filter(theme__karta=bun, theme__title="Resultat och lärande")
    )
    uppdrag, _ = Uppdrag.objects.get_or_create(
        planperiod=period,
        node=nodes["VON"],
        title="100-dagarsprogram för trygg hemtjänst",
        defaults={
            "description": "Ta fram och genomför ett 100-dagarsprogram för ökad kontinuitet i "
            "hemtjänsten. Återrapporteras i delårsrapporten.",
            "owner": users.get("maria.vo"),
            "owner_node": nodes["VOF-HT"],
            "due_date": datetime.date(period.budget_year, 4, 10),
            "status": "pagar",
        },
    )

    # 5. Verksamhetsplaner
    for kod, spec in PLANS.items():
        plan = plan_ensure(node=nodes[kod], period=period)
        if not plan.mission:
            for field in ("mission", "aims", "how", "long_term"):
                setattr(plan, field, spec[field])
            plan.status = DocStatus.DONE
            plan.updated_by = next(
                (u for u in users.values() if u.roles.filter(node=nodes[kod]).exists()), None
            )
            plan.save()
        plan.goals.add(*[namndmal[t] for t in spec["goals"]])
        for k, (title, description, goal, responsible, status) in enumerate(
            spec["activities"], start=1
        ):
            activity, _ = Activity.objects.get_or_create(
                plan=plan,
                title=title,
                defaults={
                    "description": description,
                    "responsible": responsible,
                    "status": status,
                    "starts_on": datetime.date(period.budget_year, 1 + k, 1),
                    "ends_on": datetime.date(period.budget_year, 6 + k, 30),
                },
            )
            activity.namndmal.add(namndmal[goal])

    # 6. Delårsrapport
    fu, _ = Uppfoljning.objects.get_or_create(
        planperiod=period, year=period.budget_year, kind="delar", defaults={"published": True}
    )
    for kod, title, status, analysis in STATUSES:
        GoalStatus.objects.get_or_create(
            followup=fu,
            node=nodes[kod],
            namndmal=namndmal[title],
            defaults={"status": status, "analysis": analysis},
        )
    kommun = ctx["kommun"]
    for title, status, analysis in [
        (
            "Alla barn och elever ska nå sin fulla potential",
            "gul",
            "Resultaten förbättras men når ännu inte målvärdena.",
        ),
        ("Barn och unga ska känna sig trygga", "gron", "Tryggheten har ökat i skolan."),
        (
            "Äldre ska känna trygghet och självbestämmande",
            "gul",
            "Nöjdheten är hög; kontinuiteten förbättras långsamt.",
        ),
        (
            "Kommunen ska vara en attraktiv arbetsgivare",
            "rod",
            "Sjukfrånvaron i vård och omsorg är fortsatt hög.",
        ),
    ]:
        GoalStatus.objects.get_or_create(
            followup=fu,
            node=kommun,
            overarching=overarching[title],
            defaults={"status": status, "analysis": analysis},
        )
    UppdragReport.objects.get_or_create(
        followup=fu,
        uppdrag=uppdrag,
        defaults={
            "status": "gul",
            "analysis": "Programmet startade i februari; två av fyra arbetsgrupper är i gång.",
        },
    )
    ctx["log"].append(
        f"Planering: omvärldsanalys med {len(trends)} trender, {len(ANALYSES)} nulägesanalyser, "
        f"2 nulägeskartor, {len(namndmal)} nämndmål, {len(PLANS)} verksamhetsplaner, {fu}."
    )


def _karta_content(karta, summary, themes):
    if karta.themes.exists():
        return
    karta.summary = summary
    karta.save()
    for i, (title, theme_summary, sources) in enumerate(themes, start=1):
        theme = KartaTheme.objects.create(karta=karta, title=title, summary=theme_summary, order=i)
        for j, section in enumerate(sources, start=1):
            Conclusion.objects.create(theme=theme, text=section.text, source=section, order=j)
