"""A year of planning records for the Göteborg-size kommun of `seed_scale`.

Omvärldsanalys with trends and the verksamheter's answers, a nulägesanalys for every
verksamhet and most enheter, a handed-over nulägeskarta per nämnd (frozen by the domain
function `hand_over`), strategic areas → overarching goals → nämndmål with målvärden, a
verksamhetsplan with activities per unit, a published delårsrapport with statuses, and a
nulägeskoll (Kolada and local nyckeltal with figures) per enhet. Plain rows go in with
bulk_create (bulk_create_with_history where the model keeps history); deterministic with
ctx["seed"].
"""

import datetime
import random
from decimal import Decimal

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from tillit.org.models import NodeType

from .models import (
    Activity,
    ActivityStatus,
    AnalysisSection,
    Conclusion,
    DocStatus,
    FollowUpKind,
    GoalStatus,
    KartaTheme,
    Malvarde,
    Namndmal,
    Nulagesanalys,
    Nulageskarta,
    NulageskollItem,
    Nyckeltal,
    NyckeltalSource,
    Omvarldsanalys,
    OverarchingGoal,
    Rating,
    SectionKey,
    StrategicArea,
    Trend,
    TrendKind,
    TrendResponse,
    TrendScope,
    Uppdrag,
    UppdragReport,
    Uppfoljning,
    Verksamhetsplan,
)
from .models.nyckeltal import KoladaComparison, KoladaMunicipality, NyckeltalValue
from .services.karta import karta_hand_over

ANALYSIS_SHARE = 0.7  # enheter with a nulägesanalys (every verksamhet has one)
PLAN_SHARE = 0.9  # enheter with a verksamhetsplan (every verksamhet has one)
ACTIVITIES_PER_PLAN = 3
KOLADA_KPIS = 20
LOCAL_KPIS = 5
COMPARISONS = [("0180", "Stockholm"), ("1280", "Malmö"), ("0380", "Uppsala")]
AREAS = [
    "Livskvalitet",
    "Utbildning och arbete",
    "Hållbar samhällsutveckling",
    "Attraktiv arbetsgivare",
]
BATCH = 5000


def seed(ctx):
    rng = random.Random(ctx["seed"] + 11)
    period = ctx["planperiod"]
    nodes = sorted(ctx["nodes"].values(), key=lambda n: n.path)
    users = ctx["users"]
    now = timezone.now()
    steplen = 4
    boards = {n.path: n for n in nodes if n.typ == NodeType.NAMND}
    board_of = {n.pk: boards.get(n.path[: 2 * steplen]) for n in nodes}
    forvaltning_of = {
        n.pk: ctx["nodes"].get("F" + board_of[n.pk].kod[1:]) if board_of[n.pk] else None
        for n in nodes
    }
    kods = {n.pk: n.kod for n in nodes}
    verksamheter = [n for n in nodes if n.typ == NodeType.VERKSAMHET]
    enheter = [n for n in nodes if n.typ == NodeType.ENHET]

    def editor(node):
        """The user who writes a unit's documents: its chef, else the förvaltningschef."""
        uid = users.get(f"chef.{node.kod}")
        if uid is None and forvaltning_of[node.pk] is not None:
            uid = users.get(f"fc.{forvaltning_of[node.pk].kod}")
        return uid

    # --- nyckeltal and the nulägeskoll ------------------------------------------------------
    kolada = Nyckeltal.objects.bulk_create(
        Nyckeltal(
            code=f"U{90000 + i}",
            source=NyckeltalSource.KOLADA,
            title=f"Skalnyckeltal {i + 1} (Kolada)",
            unit="%",
            direction=rng.choice(["higher", "lower", "none"]),
            has_gender_split=True,
        )
        for i in range(KOLADA_KPIS)
    )
    local = Nyckeltal.objects.bulk_create(
        Nyckeltal(
            code=f"GBG-L{i + 1}",
            source=NyckeltalSource.LOCAL,
            title=f"Lokalt skalnyckeltal {i + 1}",
            unit="antal",
            direction="higher",
        )
        for i in range(LOCAL_KPIS)
    )
    kommun = ctx["kommun"]
    municipalities = [(kommun.kod, kommun.namn), ("0000", "Riket"), *COMPARISONS]
    for mid, title in municipalities:
        KoladaMunicipality.objects.update_or_create(id=mid, defaults={"title": title})
    for position, (mid, title) in enumerate(COMPARISONS):
        KoladaComparison.objects.update_or_create(
            municipality=mid, defaults={"title": title, "position": position}
        )
    this_year = timezone.localdate().year
    years = range(this_year - 10, this_year)
    values = [
        NyckeltalValue(
            nyckeltal=n,
            municipality=mid,
            period=y,
            gender=g,
            value=Decimal(rng.randint(400, 950)) / 10,
            fetched_at=now,
        )
        for n in kolada
        for mid, _ in municipalities
        for y in years
        for g in "TKM"
    ]
    items = []
    for e in enheter:
        chosen = rng.sample(kolada, 4) + rng.sample(local, 2)
        items += [
            NulageskollItem(
                node=e,
                nyckeltal=n,
                target=Decimal(rng.randint(50, 90)),
                position=i,
                added_by_id=users.get(f"chef.{e.kod}"),
            )
            for i, n in enumerate(chosen)
        ]
        values += [
            NyckeltalValue(
                nyckeltal=n,
                node=e,
                period=y,
                gender="T",
                value=Decimal(rng.randint(0, 400)),
                source=NyckeltalSource.LOCAL,
                fetched_at=now,
                entered_by_id=users.get(f"chef.{e.kod}"),
            )
            for n in chosen[4:]
            for y in years[-3:]
        ]
    NyckeltalValue.objects.bulk_create(values, batch_size=BATCH)
    NulageskollItem.objects.bulk_create(items, batch_size=BATCH)

    # --- omvärldsanalys ---------------------------------------------------------------------
    omv = Omvarldsanalys.objects.create(
        planperiod=period,
        introduction="Omvärlden förändras snabbt; här är de viktigaste trenderna.",
    )
    trends = Trend.objects.bulk_create(
        Trend(
            analysis=omv,
            scope=list(TrendScope.values)[i % 4],
            kind=TrendKind.MEGATREND if i < 8 else TrendKind.EVENT,
            title=f"Trend {i + 1}",
            description="Beskrivning av trenden.",
            meaning="Vad trenden betyder för kommunen.",
            order=i,
        )
        for i in range(12)
    )
    TrendResponse.objects.bulk_create(
        TrendResponse(
            trend=t,
            node=v,
            affects_us=f"{v.namn} påverkas av {t.title.lower()}.",
            means_for_us="Vi behöver ställa om.",
            updated_by_id=editor(v),
        )
        for v in verksamheter
        for t in trends
    )

    # --- nulägesanalyser --------------------------------------------------------------------
    analysed = verksamheter + [e for e in enheter if rng.random() < ANALYSIS_SHARE]
    analyses = Nulagesanalys.objects.bulk_create(
        (
            Nulagesanalys(
                node=n,
                planperiod=period,
                status=DocStatus.DONE if rng.random() < 0.8 else DocStatus.DRAFT,
                updated_by_id=editor(n),
                updated_at=now,
            )
            for n in analysed
        ),
        batch_size=BATCH,
    )
    sections = AnalysisSection.objects.bulk_create(
        (
            AnalysisSection(analysis=a, key=k, text=f"{a.node.namn}: svar om {k}. " * 3)
            for a in analyses
            for k in SectionKey.values
        ),
        batch_size=BATCH,
    )
    Through = AnalysisSection.nyckeltal.through
    Through.objects.bulk_create(
        (
            Through(analysissection_id=s.pk, nyckeltal_id=n.pk)
            for s in sections
            if s.key == SectionKey.RESULTS
            for n in rng.sample(kolada, 2)
        ),
        batch_size=BATCH,
    )
    TrendThrough = AnalysisSection.trends.through
    TrendThrough.objects.bulk_create(
        (
            TrendThrough(analysissection_id=s.pk, trend_id=rng.choice(trends).pk)
            for s in sections
            if s.key == SectionKey.NEEDS
        ),
        batch_size=BATCH,
    )

    # --- nulägeskarta per nämnd, handed over ------------------------------------------------
    challenges = {}
    for s in sections:
        if s.key == SectionKey.CHALLENGES:
            board = board_of[s.analysis.node_id]
            challenges.setdefault(board.pk, []).append(s)
    kartor = bulk_create_with_history(
        [
            Nulageskarta(
                node=b,
                planperiod=period,
                summary=f"{b.namn}: de viktigaste utmaningarna.",
                updated_at=now,
            )
            for b in boards.values()
        ],
        Nulageskarta,
    )
    kartor = list(Nulageskarta.objects.filter(planperiod=period).select_related("node"))
    themes = bulk_create_with_history(
        [
            KartaTheme(karta=k, title=f"Tema {i + 1}", summary="Kort sammanfattning.", order=i)
            for k in kartor
            for i in range(6)
        ],
        KartaTheme,
    )
    themes = list(KartaTheme.objects.filter(karta__in=kartor))
    themes_of = {}
    for t in themes:
        themes_of.setdefault(t.karta_id, []).append(t)
    conclusions = []
    for k in kartor:
        picked = rng.sample(
            challenges.get(k.node_id, []), min(36, len(challenges.get(k.node_id, [])))
        )
        conclusions += [
            Conclusion(theme=themes_of[k.pk][i % 6], text=s.text[:200], source=s, order=i)
            for i, s in enumerate(picked)
        ]
    bulk_create_with_history(conclusions, Conclusion, batch_size=BATCH)
    conclusions = list(Conclusion.objects.filter(theme__karta__in=kartor).select_related("theme"))
    for k in kartor:
        fc = forvaltning_of[k.node_id]
        karta_hand_over(karta=k, user=_user(users.get(f"fc.{fc.kod}") if fc else None))

    # --- mål och budget ---------------------------------------------------------------------
    areas = StrategicArea.objects.bulk_create(
        StrategicArea(planperiod=period, title=t, order=i) for i, t in enumerate(AREAS)
    )
    overarching = OverarchingGoal.objects.bulk_create(
        OverarchingGoal(area=a, title=f"{a.title}: övergripande mål {j + 1}", order=j)
        for a in areas
        for j in range(3)
    )
    goals = Namndmal.objects.bulk_create(
        Namndmal(
            node=b,
            overarching=overarching[(i * 2 + j) % len(overarching)],
            title=f"{b.namn}: nämndmål {j + 1}",
            order=j,
        )
        for i, b in enumerate(boards.values())
        for j in range(6)
    )
    goals_of = {}
    for g in goals:
        goals_of.setdefault(g.node_id, []).append(g)
    by_karta = {}
    for c in conclusions:
        by_karta.setdefault(c.theme.karta_id, []).append(c)
    karta_of = {k.node_id: k for k in kartor}
    BasedOn = Namndmal.based_on.through
    BasedOn.objects.bulk_create(
        BasedOn(namndmal_id=g.pk, conclusion_id=c.pk)
        for g in goals
        for c in rng.sample(by_karta.get(karta_of[g.node_id].pk, []), 2)
        if g.node_id in karta_of and len(by_karta.get(karta_of[g.node_id].pk, [])) >= 2
    )
    Malvarde.objects.bulk_create(
        [
            Malvarde(namndmal=g, nyckeltal=kolada[i % KOLADA_KPIS], year=y, target=Decimal(60 + j))
            for i, g in enumerate(goals)
            for j, y in enumerate(period.years)
        ]
        + [
            Malvarde(overarching=o, nyckeltal=kolada[i % KOLADA_KPIS], year=y, target=Decimal(70))
            for i, o in enumerate(overarching)
            for y in period.years
        ]
    )
    uppdrag = Uppdrag.objects.bulk_create(
        Uppdrag(
            planperiod=period,
            node=b,
            title=f"{b.namn}: uppdrag {j + 1}",
            owner_node=forvaltning_of[b.pk],
            due_date=datetime.date(period.budget_year, 12, 31),
        )
        for b in boards.values()
        for j in range(3)
    )

    # --- verksamhetsplaner ------------------------------------------------------------------
    planned = verksamheter + [e for e in enheter if rng.random() < PLAN_SHARE]
    plans = bulk_create_with_history(
        [
            Verksamhetsplan(
                node=n,
                planperiod=period,
                mission=f"{n.namn} finns till för invånarna.",
                aims="Nöjda invånare och medarbetare.",
                how="Vi arbetar med aktiviteterna nedan.",
                long_term="Fortsatt utveckling.",
                nulageskarta=karta_of.get(board_of[n.pk].pk) if board_of[n.pk] else None,
                omvarldsanalys=omv,
                status=DocStatus.DONE if rng.random() < 0.7 else DocStatus.DRAFT,
                updated_by_id=editor(n),
                updated_at=now,
            )
            for n in planned
        ],
        Verksamhetsplan,
        batch_size=BATCH,
    )
    plans = list(Verksamhetsplan.objects.filter(planperiod=period).only("id", "node_id"))
    PlanGoals = Verksamhetsplan.goals.through
    plan_goals = []
    for p in plans:
        board = board_of[p.node_id]
        for g in rng.sample(goals_of.get(board.pk, []), 2) if board else []:
            plan_goals.append(PlanGoals(verksamhetsplan_id=p.pk, namndmal_id=g.pk))
    PlanGoals.objects.bulk_create(plan_goals, batch_size=BATCH)
    start = datetime.date(period.budget_year, 1, 1)
    bulk_create_with_history(
        [
            Activity(
                plan_id=p.pk,
                title=f"Aktivitet {i + 1}",
                description="Vad vi gör och varför.",
                responsible="Enhetschef",
                starts_on=start + datetime.timedelta(days=90 * i),
                ends_on=start + datetime.timedelta(days=90 * i + 80),
                status=rng.choice(ActivityStatus.values),
            )
            for p in plans
            for i in range(ACTIVITIES_PER_PLAN)
        ],
        Activity,
        batch_size=BATCH,
    )
    activities = Activity.objects.filter(plan__planperiod=period).values_list("id", "plan_id")
    goals_of_plan = {}
    for pg in plan_goals:
        goals_of_plan.setdefault(pg.verksamhetsplan_id, []).append(pg.namndmal_id)
    ActGoals = Activity.namndmal.through
    ActGoals.objects.bulk_create(
        (
            ActGoals(activity_id=aid, namndmal_id=goals_of_plan[pid][aid % 2])
            for aid, pid in activities
            if len(goals_of_plan.get(pid, [])) == 2
        ),
        batch_size=BATCH,
    )

    # --- a published delårsrapport ----------------------------------------------------------
    fu = Uppfoljning.objects.create(
        planperiod=period, year=period.budget_year, kind=FollowUpKind.INTERIM, published=True
    )
    ratings = [Rating.GREEN, Rating.GREEN, Rating.YELLOW, Rating.YELLOW, Rating.RED, Rating.NONE]
    statuses = [
        GoalStatus(
            followup=fu,
            node_id=g.node_id,
            namndmal=g,
            status=rng.choice(ratings),
            analysis="Nämndens analys av måluppfyllelsen.",
        )
        for g in goals
    ]
    statuses += [
        GoalStatus(
            followup=fu,
            node=kommun,
            overarching=o,
            status=rng.choice(ratings),
            analysis="Kommunens samlade bedömning.",
        )
        for o in overarching
    ]
    node_of_plan = {p.pk: p.node_id for p in plans}
    statuses += [
        GoalStatus(
            followup=fu,
            node_id=node_of_plan[pg.verksamhetsplan_id],
            namndmal_id=pg.namndmal_id,
            status=rng.choice(ratings),
            analysis="Enhetens analys.",
            updated_by_id=users.get(f"chef.{kods[node_of_plan[pg.verksamhetsplan_id]]}"),
        )
        for pg in plan_goals
    ]
    GoalStatus.objects.bulk_create(statuses, batch_size=BATCH)
    UppdragReport.objects.bulk_create(
        UppdragReport(followup=fu, uppdrag=u, status=rng.choice(ratings[:5]), analysis="Pågår.")
        for u in uppdrag
    )
    ctx["uppfoljning"] = fu
    ctx["log"].append(
        f"Planering: {len(analyses)} nulägesanalyser ({len(sections)} avsnitt), "
        f"{len(kartor)} överlämnade nulägeskartor, {len(goals)} nämndmål, {len(plans)} "
        f"verksamhetsplaner med {len(plans) * ACTIVITIES_PER_PLAN} aktiviteter, "
        f"{len(statuses)} målstatusar i en publicerad delårsrapport, {len(items)} "
        f"nulägeskoll-nyckeltal, {len(values)} nyckeltalsvärden."
    )


def _user(pk):
    from tillit.org.models import User

    return User.objects.filter(pk=pk).first() if pk else None
