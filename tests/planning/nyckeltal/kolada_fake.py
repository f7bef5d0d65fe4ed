"""A fake api.kolada.se for tests: serves the recorded files in kolada_responses/."""

import json
from pathlib import Path

import httpx

RESPONSES = Path(__file__).parent / "kolada_responses"


def recorded(name):
    return json.loads((RESPONSES / name).read_text(encoding="utf-8"))


class FakeKolada:
    """Routes by path: /kpi/<ids> → metadata, /data/... → the two data pages,
    /municipality/<ids> → names. Change `kpis` to simulate Kolada renaming or dropping KPIs."""

    def __init__(self):
        self.kpis = {row["id"]: row for row in recorded("kpi_search_grundskola.json")["values"]}
        self.requests = []
        self.offline = False
        self.failing = ()  # paths starting with one of these answer 503
        self.sleeps = []

    def __call__(self, request):
        self.requests.append(request)
        if self.offline:
            raise httpx.ConnectError("offline", request=request)
        path = request.url.path
        if path.startswith(self.failing or "\0"):
            return httpx.Response(503, json={})
        if path.startswith("/v3/kpi/"):
            ids = path.rsplit("/", 1)[1].split(",")
            rows = [self.kpis[i] for i in ids if i in self.kpis]
            return httpx.Response(200, json={"count": len(rows), "values": rows, "next_url": None})
        if path.startswith("/v3/oudata/"):
            return httpx.Response(200, json=recorded("oudata.json"))
        if path.startswith("/v3/data/"):
            page = "data_page2.json" if "page=2" in str(request.url) else "data_page1.json"
            return httpx.Response(200, json=recorded(page))
        if path.startswith("/v3/municipality"):
            return httpx.Response(200, json=recorded("municipality.json"))
        return httpx.Response(404, json={})

    def transport(self):
        return httpx.MockTransport(self)
