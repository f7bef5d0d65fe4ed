"""A nämnd with 300 units: its goal overview and nulägeskarta pages (time and query count)."""

import io
from decimal import Decimal

from django.test import Client

from planning import services
from planning.models import (
    Activity,
    AnalysisSection,
    Conclusion,
    GoalStatus,
    KartaTheme,
    Malvarde,
    Namndmal,
    Nulagesanalys,
    Nyckeltal,
    OverarchingGoal,
    SectionKey,
    StrategicArea,
    Uppfoljning,
    Verksamhetsplan,
)
from tests.bench.harness import measure
from tillit.cycle.models import planperiod_create
from tillit.org.importer import import_org
from tillit.org.models import OrgNode, Role, RoleAssignment, User

UNITS = 300


def build():
    out = io.StringIO()
    out.write("kod;namn;typ;foralder\nK;Storstad kommun;kommun;\n")
    out.write("N;Barn- och utbildningsnämnden;nämnd;K\nF;Förvaltningen;förvaltning;N\n")
    for v in range(UNITS // 10):
        out.write(f"V{v};Verksamhet {v};verksamhet;F\n")
        for e in range(10):
            out.write(f"E{v}-{e};Enhet {v}-{e};enhet;V{v}\n")
    import_org(out.getvalue())
    period = planperiod_create(budget_year=2027, make_current=True)
    board = OrgNode.objects.get(kod="N")
    units = list(OrgNode.objects.filter(typ="enhet"))
    nyckeltal = Nyckeltal.objects.create(code="B-1", title="Bänknyckeltal", direction="higher")
    analyses = Nulagesanalys.objects.bulk_create(
        Nulagesanalys(node=u, planperiod=period, status="klar") for u in units
    )
    AnalysisSection.objects.bulk_create(
        AnalysisSection(analysis=a, key=k, text=f"Svar {a.node_id} {k}")
        for a in analyses
        for k in SectionKey.values
    )
    sections = list(AnalysisSection.objects.filter(key="utmaningar"))
    AnalysisSection.nyckeltal.through.objects.bulk_create(
        AnalysisSection.nyckeltal.through(analysissection=s, nyckeltal=nyckeltal) for s in sections
    )
    karta = services.karta_for(board, period, create=True)
    themes = KartaTheme.objects.bulk_create(
        KartaTheme(karta=karta, title=f"Tema {i}", order=i) for i in range(10)
    )
    Conclusion.objects.bulk_create(
        Conclusion(theme=themes[i % 10], text=s.text, source=s) for i, s in enumerate(sections)
    )
    area = StrategicArea.objects.create(planperiod=period, title="Område")
    over = OverarchingGoal.objects.create(area=area, title="Övergripande")
    goals = [
        Namndmal.objects.create(node=board, overarching=over, title=f"Nämndmål {i}")
        for i in range(6)
    ]
    Malvarde.objects.bulk_create(
        Malvarde(namndmal=g, nyckeltal=nyckeltal, year=y, target=Decimal(50))
        for g in goals
        for y in period.years
    )
    plans = Verksamhetsplan.objects.bulk_create(
        Verksamhetsplan(node=u, planperiod=period, status="klar") for u in units
    )
    activities = Activity.objects.bulk_create(
        Activity(plan=p, title=f"Aktivitet {i}") for p in plans for i in range(2)
    )
    Activity.namndmal.through.objects.bulk_create(
        Activity.namndmal.through(activity=a, namndmal=goals[i % 6])
        for i, a in enumerate(activities)
    )
    fu = Uppfoljning.objects.create(planperiod=period, year=2027, kind="delar", published=True)
    GoalStatus.objects.bulk_create(
        GoalStatus(followup=fu, node=u, namndmal=goals[i % 6], status="gul")
        for i, u in enumerate(units)
    )
    fc = User.objects.create(username="bench-fc")
    RoleAssignment.objects.create(
        user=fc, node=OrgNode.objects.get(kod="F"), role=Role.FORVALTNINGSCHEF
    )
    return fc, fu


def run():
    fc, fu = build()
    client = Client()
    client.force_login(fc)

    def get(url):
        def fn():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return fn

    pages = [
        ("målöversikt kommunen", "/planering/mal/"),
        ("nämndens mål", "/planering/enhet/N/mal/"),
        ("nulägeskarta (300 slutsatser)", "/planering/enhet/N/nulageskarta/"),
        ("sammanställ: välj bland 300 analyser", "/planering/enhet/N/nulageskarta/sammanstall/"),
        (
            "sammanställ: en verksamhet, 100 avsnitt",
            "/planering/enhet/N/nulageskarta/sammanstall/?enhet=V0",
        ),
        ("planering: 300 enheters status", "/planering/"),
        ("delårsrapport, 300 enhetsstatusar", f"/planering/uppfoljning/{fu.pk}/"),
    ]
    return [
        measure(f"planning: {name}", get(url), runs=3, note=f"{UNITS} enheter")
        for name, url in pages
    ]
