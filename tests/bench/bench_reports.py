"""The largest nämnd report of a 3,000-unit kommun, beside WeasyPrint rendering the same
number of pages of plain text in the same run.

The organisation comes from `seed_scale`; the planning, HME and Kolada material the report
needs (300 nämndmål with statuses and analyses, a handed-over nulägeskarta with 300
conclusions, ten Kolada nyckeltal with riket, HME results for the nämnd and its units) is
generated here, beside what the scale seeds made (their delårsrapport, nulägeskarta and HME
round are reused), inside a transaction that is rolled back: the dataset is left as found.
"""

import contextlib
import multiprocessing
import resource
import time
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from planning.models import (
    GoalStatus,
    Malvarde,
    Namndmal,
    Nulageskarta,
    NulageskartaVersion,
    Nyckeltal,
    OverarchingGoal,
    StrategicArea,
    Uppdrag,
    UppdragReport,
    Uppfoljning,
)
from planning.models.nyckeltal import NyckeltalValue
from surveys.models import HmeReference, HmeResult, HmeRound
from tests.bench import plain_pdf
from tests.bench.harness import Result
from tests.bench.plain_pdf import plain_html
from tests.bench.scale import ensure_scale
from tillit.cycle.models import Planperiod
from tillit.org.models import NodeType, OrgNode, User
from tillit.reports.models import ReportJob
from tillit.reports.render import html_to_pdf
from tillit.reports.tasks import render_report

GOALS, CONCLUSIONS, KPIS, UPPDRAG = 300, 300, 10, 20
STATUSES = ["gron", "gul", "rod", "ej_bedomd"]
ANALYSIS = (
    "Resultatet har förbättrats jämfört med föregående år men når inte hela vägen till "
    "målvärdet. Verksamheterna har arbetat med tidiga insatser och kompetensutveckling; "
    "jämfört med liknande kommuner ligger vi strax över medianen. "
)


def largest_board():
    """(units in its subtree, node) of the nämnd with the most units (one count per nämnd)."""
    boards = OrgNode.objects.filter(typ__in=[NodeType.NAMND, NodeType.STYRELSE])
    counted = [(OrgNode.objects.filter(path__startswith=b.path).count(), b) for b in boards]
    return max(counted, key=lambda pair: pair[0])


def build():
    ensure_scale()
    units, board = largest_board()
    kommun = OrgNode.objects.get(depth=1)
    period = Planperiod.current() or Planperiod.objects.first()
    now = timezone.now()
    areas = [
        StrategicArea.objects.create(planperiod=period, title=f"Strategiskt område {i}", order=i)
        for i in range(3)
    ]
    overarching = [
        OverarchingGoal.objects.create(area=a, title=f"Övergripande mål {a.order}.{j}", order=j)
        for a in areas
        for j in range(2)
    ]
    kpis = Nyckeltal.objects.bulk_create(
        Nyckeltal(
            source="kolada",
            code=f"N9{i:04d}",
            title=f"Kolada-nyckeltal {i}, andel (%)",
            unit="%",
            direction="higher",
        )
        for i in range(KPIS)
    )
    years = range(period.budget_year - 6, period.budget_year - 1)
    NyckeltalValue.objects.bulk_create(
        NyckeltalValue(
            nyckeltal=k,
            municipality=m,
            period=y,
            value=Decimal(50 + (i * 7 + y) % 40),
            fetched_at=now,
        )
        for i, k in enumerate(kpis)
        for m in (kommun.kod, "0000")
        for y in years
    )
    goals = Namndmal.objects.bulk_create(
        Namndmal(
            node=board,
            overarching=overarching[i % len(overarching)],
            title=f"Nämndmål {i}: fler invånare ska få rätt stöd i rätt tid",
            order=i,
        )
        for i in range(GOALS)
    )
    Malvarde.objects.bulk_create(
        Malvarde(namndmal=g, nyckeltal=kpis[i % KPIS], year=period.budget_year, target=80)
        for i, g in enumerate(goals)
    )
    fu, _ = Uppfoljning.objects.update_or_create(
        planperiod=period, year=period.budget_year, kind="delar", defaults={"published": True}
    )
    GoalStatus.objects.bulk_create(
        GoalStatus(followup=fu, node=board, namndmal=g, status=STATUSES[i % 4], analysis=ANALYSIS)
        for i, g in enumerate(goals)
    )
    uppdrag = Uppdrag.objects.bulk_create(
        Uppdrag(planperiod=period, node=board, title=f"Uppdrag {i}", status="pagar")
        for i in range(UPPDRAG)
    )
    UppdragReport.objects.bulk_create(
        UppdragReport(followup=fu, uppdrag=u, status="gul", analysis="Pågår enligt plan.")
        for u in uppdrag
    )
    karta, _ = Nulageskarta.objects.update_or_create(
        node=board, planperiod=period, defaults={"summary": ANALYSIS}
    )
    per_theme = CONCLUSIONS // 30
    NulageskartaVersion.objects.create(
        karta=karta,
        number=1 + NulageskartaVersion.objects.filter(karta=karta).count(),
        content={
            "node_kod": board.kod,
            "node_namn": board.namn,
            "budget_year": period.budget_year,
            "summary": ANALYSIS,
            "themes": [
                {
                    "id": t,
                    "title": f"Tema {t}",
                    "summary": "Kort sammanfattning av temat.",
                    "conclusions": [
                        {"id": t * per_theme + c, "text": ANALYSIS, "source": None}
                        for c in range(per_theme)
                    ],
                }
                for t in range(30)
            ],
        },
    )
    rnd, _ = HmeRound.objects.update_or_create(
        year=period.budget_year - 1,
        defaults={"status": HmeRound.Status.COMPUTED, "computed_at": now},
    )
    values = {f"s{i}": Decimal("75.5") for i in range(1, 10)}
    values.update(
        motivation=Decimal("76.2"),
        ledarskap=Decimal("78.4"),
        styrning=Decimal("74.9"),
        hme=Decimal("76.5"),
    )
    below = OrgNode.objects.filter(path__startswith=board.path, depth__lte=board.depth + 2).union(
        OrgNode.objects.filter(pk=kommun.pk)
    )
    HmeResult.objects.bulk_create(
        (HmeResult(round=rnd, node=n, respondents=40, **values) for n in below),
        ignore_conflicts=True,  # the scale round has computed results of its own
    )
    HmeReference.objects.get_or_create(
        year=rnd.year,
        defaults={
            "motivation": Decimal(79),
            "ledarskap": Decimal(78),
            "styrning": Decimal(77),
            "hme": Decimal(78),
        },
    )
    return board, units


def _reset_peak():
    """Reset the process's peak RSS (Linux: VmHWM) to the current RSS."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def _status_mb(field):
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(field):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(fn):
    """(value, seconds, peak RSS rise in MB over the RSS before the step)."""
    _reset_peak()
    before = _status_mb("VmRSS:")
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start, _status_mb("VmHWM:") - before


def plain_text(paragraphs):
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    child = context.Process(target=plain_pdf.measure_in_child, args=(paragraphs, queue))
    child.start()
    result = queue.get(timeout=300)
    child.join()
    return result


def run():
    """One run each, without tracemalloc (it slows WeasyPrint several times over). Memory is
    the rise of the peak RSS (VmHWM) over the RSS before the step, each in a warm process.
    Everything the bench adds (material, the job and its file) is removed afterwards."""
    results = []
    with contextlib.suppress(_Done), transaction.atomic():
        results = _bench()
        raise _Done
    return results


class _Done(Exception):
    pass


def _bench():
    board, units = build()
    admin = User.objects.filter(is_superuser=True).first() or User.objects.first()
    job = ReportJob.objects.create(
        kind="namndrapport", node=board, title=f"Nämndrapport {board.namn}", created_by=admin
    )
    html_to_pdf(plain_html(1), title="uppvärmning")  # import WeasyPrint and fonts once
    _, report_s, report_peak = _timed(lambda: render_report(job.pk))
    job.refresh_from_db()
    assert job.status == ReportJob.Status.DONE, job.error
    pages = job.pages
    job.file.delete(save=False)  # the rows go with the rollback, the file must go by hand
    # Plain text with the same number of pages: calibrate on a short text, then adjust once.
    paragraphs = max(1, round(20 * pages / html_to_pdf(plain_html(20), title="k")[1]))
    plain_pages = html_to_pdf(plain_html(paragraphs), title="k")[1]
    paragraphs = max(1, round(paragraphs * pages / plain_pages))
    plain_pages, plain_s, plain_peak = plain_text(paragraphs)
    name = f"namndrapport, {units} enheter, {GOALS} mål, {CONCLUSIONS} slutsatser"
    print(
        f"bench_reports: {name}: {report_s:.1f} s, {pages} sidor, {pages / report_s:.2f} "
        f"sidor/s, RSS-ökning {report_peak:.0f} MB; vanlig text {plain_pages} sidor: "
        f"{plain_s:.1f} s, {plain_pages / plain_s:.2f} sidor/s, "
        f"RSS-ökning {plain_peak:.0f} MB (egen process)"
    )
    return [
        Result(
            name, report_s, 1, None, report_peak, f"{pages} sidor, {pages / report_s:.2f} sidor/s"
        ),
        Result(
            f"vanlig text, {plain_pages} sidor",
            plain_s,
            1,
            None,
            plain_peak,
            f"{plain_pages / plain_s:.2f} sidor/s",
        ),
    ]
