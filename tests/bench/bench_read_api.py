"""The read-only API on the scale kommun (seed_scale): every list endpoint, a page of 100, as an
administratör's token (everything) and a service token at the published level. Goal ≤ 50 ms a
page, and the same number of queries on page 1 as on later pages (asserted). The tokens are
rolled back afterwards."""

from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from api.models import ApiToken, Level
from planning.ekonomi import cards
from planning.models import Uppfoljning
from tests.bench.harness import measure
from tests.bench.scale import ensure_scale
from tillit.org.models import OrgNode, User

PAGES = 4  # pages followed per list (page 1 and three by cursor)


def endpoints():
    fu = Uppfoljning.objects.filter(published=True).order_by("pk").first()
    period = cards.periods()
    month = f"?period={period[0]:%Y-%m}" if period else ""
    lists = [
        "organisation",
        "namndmal",
        "uppfoljningar",
        "nyckeltal",
        "nyckeltal/varden",
        "hme",
        "kommunkompassen",
        "verksamhetsplaner",
        f"ekonomi{month}",
        f"personal{month}",
    ]
    if fu is not None:
        lists.insert(3, f"uppfoljningar/{fu.pk}/malstatus")
    return lists


def _follow(client, auth, path):
    """[(url, rows, queries)] for up to PAGES pages of `path`."""
    pages, url = [], f"/api/v1/{path}"
    for _ in range(PAGES):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url, HTTP_AUTHORIZATION=auth)
        assert response.status_code == 200, (url, response.status_code, response.content[:200])
        body = response.json()
        pages.append((url, len(body["results"]), len(ctx.captured_queries)))
        if not body["next"]:
            break
        sep = "&" if "?" in path else "?"
        url = f"/api/v1/{path}{sep}cursor={body['next']}"
    return pages


def run():
    ensure_scale()
    settings.ALLOWED_HOSTS = ["*"]
    settings.API_RATE_LIMIT = 10**9
    results = []
    try:
        with transaction.atomic():
            results = _measure()
            raise _Done
    except _Done:
        pass
    return results


class _Done(Exception):
    pass


def _measure():
    root = OrgNode.objects.kommun()
    admin = User.objects.get(username="admin")
    tokens = {
        "admin, allt": ApiToken.issue(name="bench", owner=admin, scope=root, level=Level.ALL)[1],
        "tjänst, publicerat": ApiToken.issue(
            name="bench", service="BI", scope=root, level=Level.PUBLISHED
        )[1],
    }
    results = []
    client = Client()
    for who, secret in tokens.items():
        auth = f"Bearer {secret}"
        client.get("/api/v1/organisation", HTTP_AUTHORIZATION=auth)  # last_used_at written
        for path in endpoints():
            client.get(f"/api/v1/{path}", HTTP_AUTHORIZATION=auth)  # warm (personal's cache)
            pages = _follow(client, auth, path)
            counts = {q for _url, rows, q in pages if rows}
            assert len(counts) <= 1, f"{path} ({who}): queries per page vary: {pages}"
            last_url = pages[-1][0]
            rows = [r for _u, r, _q in pages]
            measured = [("sida 1", pages[0][0])]
            if len(pages) > 1:
                measured.append((f"sida {len(pages)}", last_url))
            for label, url in measured:
                r = measure(
                    f"API {path.split('?')[0]} ({who}), {label}",
                    lambda u=url, a=auth: client.get(u, HTTP_AUTHORIZATION=a),
                    runs=5,
                    trace_memory=False,
                )
                r.note = f"rader/sida {rows}; frågor/sida {sorted(counts)}; mål ≤ 0,050 s"
                results.append(r)
    return results
