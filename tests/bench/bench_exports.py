"""Excel and CSV of the scale kommun's published delårsrapport: every goal status the
administrator reads (~5,000 rows), through the follow-up page's own URL (`?format=xlsx`), as a
browser would ask for it. Targets: ≤ 3 s and ≤ 150 MB peak for the Excel file."""

import io

import openpyxl
from django.conf import settings
from django.test import Client

from planning.models import Uppfoljning
from tests.bench.harness import measure
from tests.bench.scale import KOMMUN, ensure_scale
from tillit.org.models import OrgNode, User
from tillit.org.permissions import MANAGE, can

TARGET_S, TARGET_MB = 3.0, 150.0


def run():
    ensure_scale()
    settings.ALLOWED_HOSTS = ["*"]
    kommun = OrgNode.objects.get(kod=KOMMUN)
    admin = User.objects.get(username="admin")
    assert can(admin, MANAGE, kommun)  # reads every status of the kommun
    fu = Uppfoljning.objects.filter(published=True, kind="delar").first()
    client = Client()
    client.force_login(admin)
    url = f"/planering/uppfoljning/{fu.pk}/"
    last = {}

    def get(fmt):
        def fn():
            response = client.get(f"{url}?format={fmt}")
            assert response.status_code == 200, (fmt, response.status_code)
            last[fmt] = response.content

        return fn

    timed = measure(
        "export: delårsrapport till Excel, tid", get("xlsx"), runs=3, trace_memory=False
    )
    memory = measure("export: delårsrapport till Excel, minne", get("xlsx"), runs=1)
    csv = measure("export: delårsrapport till CSV", get("csv"), runs=3, trace_memory=False)
    sheet = openpyxl.load_workbook(io.BytesIO(last["xlsx"]), read_only=True).active
    rows = sheet.max_row
    ok_s = "OK" if timed.median_s <= TARGET_S else "FEL"
    ok_mb = "OK" if memory.peak_mb <= TARGET_MB else "FEL"
    timed.note = (
        f"{ok_s}: mål ≤ {TARGET_S:.0f} s; {rows} rader i bladet, {len(last['xlsx']) / 1024:.0f} kB"
    )
    memory.note = f"{ok_mb}: mål ≤ {TARGET_MB:.0f} MB (tracemalloc-topp, en körning)"
    csv.note = f"{len(last['csv']) / 1024:.0f} kB"
    return [timed, memory, csv]
