"""A client for the Kolada v3 API (https://api.kolada.se/v3), RKA's open KPI database.

Only reading, only what Tillit needs: KPI search and metadata, municipalities, organisational
units (ou), and data for municipalities and ous. Every response has the shape
`{"count": n, "values": [...], "next_url": "..."}` (v2 said `next_page`); this client follows
the pages, asks for at most 25 ids per request, retries 429 and 5xx with exponential backoff,
and turns network failures into a `KoladaError` with a Swedish message a person can act on.

Numbers are parsed straight to Decimal (never through float). A missing value (`null`) stays
`None`. Data is returned as flat `DataPoint`s, one per kpi × municipality/ou × year × gender.

Kolada's terms: show "Källa: Kolada" wherever the figures appear.
"""

import time
from dataclasses import dataclass
from decimal import Decimal
from itertools import product

import httpx
from django.conf import settings

MAX_IDS = 25  # Kolada refuses longer id lists
PER_PAGE = 5000
RETRY_STATUS = {429, 500, 502, 503, 504}
OFFLINE = (
    "Kolada går inte att nå just nu (ingen kontakt med api.kolada.se). "
    "Försök igen om en stund; redan hämtade värden finns kvar."
)


# The transport new clients use when none is given (None: the real network). Tests point it at
# an httpx.MockTransport serving recorded responses.
default_transport = None
default_sleep = time.sleep


class KoladaError(Exception):
    """Kolada could not answer; the message is Swedish and meant for the person at the screen."""


@dataclass(frozen=True)
class Kpi:
    id: str
    title: str
    description: str = ""
    operating_area: str = ""
    is_divided_by_gender: bool = False
    has_ou_data: bool = False
    municipality_type: str = ""


@dataclass(frozen=True)
class Municipality:
    id: str
    title: str
    type: str = ""


@dataclass(frozen=True)
class Ou:
    id: str
    title: str
    municipality: str = ""


@dataclass(frozen=True)
class DataPoint:
    kpi: str
    period: int
    gender: str
    value: Decimal | None
    status: str = ""
    count: int | None = None
    isdeleted: bool = False
    municipality: str = ""
    ou: str = ""


def chunks(ids, size=MAX_IDS):
    ids = list(dict.fromkeys(str(i) for i in ids))  # unique, order kept
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def _decimal(value):
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value
    return Decimal(str(value))


def _bool(value):
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "ja"}
    return bool(value)


def parse_kpi(row):
    return Kpi(
        id=str(row["id"]),
        title=row.get("title") or "",
        description=row.get("description") or "",
        operating_area=row.get("operating_area") or "",
        is_divided_by_gender=_bool(row.get("is_divided_by_gender")),
        has_ou_data=_bool(row.get("has_ou_data")),
        municipality_type=row.get("municipality_type") or "",
    )


def parse_data(rows, owner="municipality"):
    """`[{kpi, municipality|ou, period, values: [{gender, value, status, count, isdeleted}]}]`
    → DataPoints."""
    points = []
    for row in rows:
        for v in row.get("values") or []:
            points.append(
                DataPoint(
                    kpi=str(row["kpi"]),
                    period=int(row["period"]),
                    gender=(v.get("gender") or "T").upper(),
                    value=_decimal(v.get("value")),
                    status=v.get("status") or "",
                    count=v.get("count"),
                    isdeleted=_bool(v.get("isdeleted")),
                    **{owner: str(row.get(owner) or "")},
                )
            )
    return points


class KoladaClient:
    """`KoladaClient(transport=httpx.MockTransport(...), sleep=lambda s: None)` in tests."""

    def __init__(
        self,
        base_url=None,
        *,
        transport=None,
        timeout=20.0,
        max_attempts=4,
        backoff=1.0,
        sleep=None,
    ):
        self.base_url = (base_url or settings.KOLADA_BASE_URL).rstrip("/")
        self.max_attempts = max_attempts
        self.backoff = backoff
        self.sleep = sleep or default_sleep
        self.requests = 0  # how many HTTP requests were made (tests and sync summary)
        self.http = httpx.Client(
            transport=transport or default_transport,
            timeout=timeout,
            headers={"Accept": "application/json", "User-Agent": "Tillit (kommunal styrning)"},
            follow_redirects=True,
        )

    def close(self):
        self.http.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- transport --------------------------------------------------------------------------
    def _get(self, url, params=None):
        """One GET with bounded retries on 429/5xx/network errors; returns parsed JSON."""
        for attempt in range(1, self.max_attempts + 1):
            last = attempt == self.max_attempts
            try:
                self.requests += 1
                response = self.http.get(url, params=params)
            except httpx.TransportError as exc:
                if last:
                    raise KoladaError(OFFLINE) from exc
                self.sleep(self._delay(attempt, None))
                continue
            if response.status_code in RETRY_STATUS:
                if last:
                    if response.status_code == 429:
                        raise KoladaError(
                            "Kolada tar emot för många frågor just nu (429). Försök igen senare."
                        )
                    raise KoladaError(
                        f"Kolada svarar inte som det ska just nu (fel {response.status_code}). "
                        "Försök igen om en stund."
                    )
                self.sleep(self._delay(attempt, response.headers.get("Retry-After")))
                continue
            if response.status_code >= 400:
                raise KoladaError(
                    f"Kolada avvisade frågan (fel {response.status_code}): {response.url}"
                )
            try:
                return response.json(parse_float=Decimal)
            except ValueError as exc:
                raise KoladaError("Kolada svarade med något som inte är JSON.") from exc
        raise KoladaError(OFFLINE)  # pragma: no cover - loop always returns or raises

    def _delay(self, attempt, retry_after):
        delay = self.backoff * 2 ** (attempt - 1)
        if retry_after and retry_after.strip().isdigit():
            delay = max(delay, min(int(retry_after), 60))
        return delay

    def _pages(self, path, params=None):
        """All `values` of a listing, following `next_url` (v3) or `next_page` (v2)."""
        url = f"{self.base_url}/{path.lstrip('/')}"
        params = {"per_page": PER_PAGE, **(params or {})}
        seen = set()
        while url:
            body = self._get(url, params)
            yield from body.get("values") or []
            following = body.get("next_url") or body.get("next_page")
            if not following:
                break
            # Public v3 clients disagree on whether Kolada sends it absolute: resolve it against
            # the URL it came from either way.
            following = str(httpx.URL(url).join(following))
            if following in seen:
                break
            seen.add(following)
            url, params = following, None  # the next url carries its own query string

    # -- metadata ---------------------------------------------------------------------------
    def search_kpis(self, title):
        return [parse_kpi(r) for r in self._pages("kpi", {"title": title})]

    def kpis(self, ids):
        result = []
        for chunk in chunks(ids):
            result += [parse_kpi(r) for r in self._pages(f"kpi/{','.join(chunk)}")]
        return result

    def municipalities(self, ids=None, title=None):
        rows = []
        if ids:
            for chunk in chunks(ids):
                rows += list(self._pages(f"municipality/{','.join(chunk)}"))
        else:
            rows = list(self._pages("municipality", {"title": title} if title else None))
        return [Municipality(str(r["id"]), r.get("title") or "", r.get("type") or "") for r in rows]

    def ous(self, municipality=None, title=None):
        params = {}
        if municipality:
            params["municipality"] = municipality
        if title:
            params["title"] = title
        return [
            Ou(str(r["id"]), r.get("title") or "", str(r.get("municipality") or ""))
            for r in self._pages("ou", params)
        ]

    # -- data -------------------------------------------------------------------------------
    def data(self, kpis, municipalities, years, *, from_date=None):
        """Values for kpis × municipalities × years, in requests of at most 25 ids each.

        With `from_date` (a date), only the values Kolada has changed since that day — deleted
        ones included, marked `isdeleted`.
        """
        return self._data("data", "municipality", kpis, municipalities, years, from_date)

    def oudata(self, kpis, ous, years, *, from_date=None):
        return self._data("oudata", "ou", kpis, ous, years, from_date)

    def _data(self, root, owner, kpis, owners, years, from_date):
        params = {"from_date": from_date.isoformat()} if from_date else None
        points = []
        for k, o, y in product(chunks(kpis), chunks(owners), chunks(years)):
            path = f"{root}/kpi/{','.join(k)}/{owner}/{','.join(o)}/year/{','.join(y)}"
            points += parse_data(self._pages(path, params), owner=owner)
        return points
