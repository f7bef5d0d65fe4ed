"""The Kolada client against recorded responses of the real v3 shape — never the network."""

import json
from decimal import Decimal
from pathlib import Path

import httpx
import pytest

from planning.nyckeltal.kolada import MAX_IDS, KoladaClient, KoladaError

RESPONSES = Path(__file__).parent / "kolada_responses"
BASE = "https://api.kolada.se/v3"


def recorded(name):
    return json.loads((RESPONSES / name).read_text(encoding="utf-8"))


class Kolada:
    """A fake api.kolada.se: answers from recorded files and remembers every request."""

    def __init__(self, handler):
        self.handler = handler
        self.requests = []

    def __call__(self, request):
        self.requests.append(request)
        answer = self.handler(request)
        if isinstance(answer, Exception):
            raise answer
        if isinstance(answer, int):
            return httpx.Response(answer, json={"error": "recorded failure"})
        return httpx.Response(200, json=answer)


def client_for(handler, **kwargs):
    fake = Kolada(handler)
    sleeps = []
    client = KoladaClient(BASE, transport=httpx.MockTransport(fake), sleep=sleeps.append, **kwargs)
    return client, fake, sleeps


def test_data_follows_next_url_over_two_pages_and_keeps_nulls_and_genders():
    def handler(request):
        return recorded("data_page2.json" if "page=2" in str(request.url) else "data_page1.json")

    client, fake, _ = client_for(handler)
    points = client.data(["N15419"], ["1270", "0000"], [2022, 2023])

    assert len(fake.requests) == 2
    assert fake.requests[0].url.path == "/v3/data/kpi/N15419/municipality/1270,0000/year/2022,2023"
    assert "page=2" in str(fake.requests[1].url)
    by_key = {(p.municipality, p.period, p.gender): p for p in points}
    assert len(points) == 9
    assert by_key["1270", 2022, "K"].value == Decimal("71.4")
    assert by_key["1270", 2022, "M"].value == Decimal("62.0")
    assert by_key["1270", 2022, "T"].value == Decimal("66.6")
    # A missing value stays missing, with Kolada's status kept.
    assert by_key["1270", 2023, "K"].value is None
    assert by_key["1270", 2023, "K"].status == "B"
    assert by_key["0000", 2023, "T"].value == Decimal("72.9")
    assert by_key["1270", 2021, "T"].isdeleted is True
    assert all(isinstance(p.value, Decimal | type(None)) for p in points)


@pytest.mark.parametrize(
    "next_url",
    [
        None,  # as recorded: "/v3/data/...?page=2&per_page=3", relative to the host
        "?page=2&per_page=3",  # relative to the page it came from
    ],
)
def test_a_relative_next_url_is_resolved_against_the_url_it_came_from(next_url):
    def handler(request):
        if "page=2" in str(request.url):
            return recorded("data_page2.json")
        page = recorded("data_relative_page1.json")
        if next_url:
            page["next_url"] = next_url
        return page

    client, fake, _ = client_for(handler)
    points = client.data(["N15419"], ["1270", "0000"], [2022, 2023])

    assert len(fake.requests) == 2
    second = fake.requests[1].url
    assert second.host == "api.kolada.se" and second.scheme == "https"
    assert second.path == "/v3/data/kpi/N15419/municipality/1270,0000/year/2022,2023"
    assert second.params["page"] == "2"
    assert len(points) == 9


def test_v2_next_page_is_followed_too():
    def handler(request):
        if "page=2" in str(request.url):
            return recorded("data_v2_page2.json")
        return recorded("data_v2_page1.json")

    client, fake, _ = client_for(handler)
    points = client.data(["N01951"], ["1270"], [2023, 2024])
    assert [(p.period, p.value) for p in points] == [(2023, Decimal(13682)), (2024, Decimal(13720))]
    assert len(fake.requests) == 2


def test_more_than_25_ids_are_split_into_requests_of_at_most_25():
    kpis = [f"N{n:05d}" for n in range(30)]
    municipalities = [f"{n:04d}" for n in range(1200, 1260)]  # 60 kommuner

    client, fake, _ = client_for(lambda request: {"count": 0, "values": [], "next_url": None})
    client.data(kpis, municipalities, range(2019, 2026))

    # 30 kpis → 2 chunks, 60 kommuner → 3 chunks, 7 years → 1 chunk.
    assert len(fake.requests) == 6
    seen_kpis, seen_munis = set(), set()
    for request in fake.requests:
        parts = request.url.path.split("/")
        k, m, y = parts[4].split(","), parts[6].split(","), parts[8].split(",")
        assert len(k) <= MAX_IDS and len(m) <= MAX_IDS and len(y) <= MAX_IDS
        seen_kpis.update(k)
        seen_munis.update(m)
    assert seen_kpis == set(kpis)
    assert seen_munis == set(municipalities)


def test_kpi_metadata_is_chunked_and_parsed():
    ids = [f"N{n:05d}" for n in range(26)]
    client, fake, _ = client_for(lambda request: recorded("kpi_metadata.json"))
    kpis = client.kpis(ids)
    assert [len(r.url.path.split("/")[-1].split(",")) for r in fake.requests] == [25, 1]
    assert kpis[0].id == "N15419"
    assert kpis[0].operating_area == "Grundskola"
    assert kpis[0].is_divided_by_gender is True


def test_kpi_search_sends_the_title():
    client, fake, _ = client_for(lambda request: recorded("kpi_search_grundskola.json"))
    kpis = client.search_kpis("kunskapskraven åk 9")
    assert fake.requests[0].url.path == "/v3/kpi"
    assert fake.requests[0].url.params["title"] == "kunskapskraven åk 9"
    assert [k.id for k in kpis] == ["N15419", "N15428"]


def test_municipalities_and_ous():
    def handler(request):
        if request.url.path.startswith("/v3/ou"):
            return recorded("ou_1270.json")
        return recorded("municipality.json")

    client, fake, _ = client_for(handler)
    munis = client.municipalities(["0000", "1214", "1270"])
    assert fake.requests[0].url.path == "/v3/municipality/0000,1214,1270"
    assert {m.id: m.title for m in munis}["0000"] == "Riket"
    ous = client.ous(municipality="1270")
    assert fake.requests[1].url.params["municipality"] == "1270"
    assert ous[0].id == "V15E127000301" and ous[0].municipality == "1270"


def test_oudata_parses_ou_values():
    client, fake, _ = client_for(lambda request: recorded("oudata.json"))
    points = client.oudata(["N15419"], ["V15E127000301"], [2023])
    assert fake.requests[0].url.path == "/v3/oudata/kpi/N15419/ou/V15E127000301/year/2023"
    assert [(p.ou, p.gender, p.value, p.status) for p in points] == [
        ("V15E127000301", "T", Decimal("70.3"), ""),
        ("V15E127000301", "K", None, "Sekretess"),
    ]


def test_a_429_is_retried_with_backoff_and_then_succeeds():
    answers = iter([429, 429, recorded("kpi_metadata.json")])
    client, fake, sleeps = client_for(lambda request: next(answers), backoff=1.0)
    kpis = client.kpis(["N15419"])
    assert [k.id for k in kpis] == ["N15419"]
    assert len(fake.requests) == 3
    assert sleeps == [1.0, 2.0]  # exponential


def test_a_503_that_does_not_go_away_gives_up_after_the_bounded_attempts():
    client, fake, sleeps = client_for(lambda request: 503, max_attempts=3)
    with pytest.raises(KoladaError, match="fel 503"):
        client.kpis(["N15419"])
    assert len(fake.requests) == 3
    assert len(sleeps) == 2


def test_offline_gives_a_swedish_error():
    def handler(request):
        return httpx.ConnectError("Name or service not known", request=request)

    client, fake, _ = client_for(handler, max_attempts=2)
    with pytest.raises(KoladaError, match="Kolada går inte att nå just nu"):
        client.data(["N15419"], ["1270"], [2023])
    assert len(fake.requests) == 2


def test_a_timeout_is_reported_as_offline():
    def handler(request):
        return httpx.ReadTimeout("timed out", request=request)

    client, _, _ = client_for(handler, max_attempts=1)
    with pytest.raises(KoladaError, match="går inte att nå"):
        client.municipalities(["1270"])


def test_a_404_is_not_retried():
    client, fake, sleeps = client_for(lambda request: 404)
    with pytest.raises(KoladaError, match="fel 404"):
        client.kpis(["X"])
    assert len(fake.requests) == 1 and sleeps == []
