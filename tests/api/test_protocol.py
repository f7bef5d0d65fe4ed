"""The API's protocol: OpenAPI 3 description, cursor paging, ETag/304, 429 with Retry-After,
and the documentation page."""

import time

import pytest
from openapi_spec_validator import validate

from api.models import Level
from planning.models import GoalStatus, Namndmal, Nyckeltal, OverarchingGoal
from planning.services.followup import followup_publish
from tests.factories import PASSWORD
from tests.planning.factories import GoalStatusFactory, NamndmalFactory, PlanperiodFactory

pytestmark = pytest.mark.django_db


def test_the_openapi_description_validates_as_openapi_3(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    assert spec["openapi"].startswith("3.")
    validate(spec)
    paths = set(spec["paths"])
    for name in (
        "organisation",
        "namndmal",
        "uppfoljningar",
        "uppfoljningar/{uppfoljning_id}/malstatus",
        "nyckeltal",
        "nyckeltal/varden",
        "hme",
        "kommunkompassen",
        "verksamhetsplaner",
        "ekonomi",
        "personal",
    ):
        assert f"/api/v1/{name}" in paths
    # Every operation asks for the bearer token.
    schemes = spec["components"]["securitySchemes"]
    assert [s["scheme"] for s in schemes.values()] == ["bearer"]
    assert all(op.get("security") for p in spec["paths"].values() for op in p.values())


def page_through(get, path, secret, key):
    seen, pages, cursor = [], 0, None
    while True:
        sep = "&" if "?" in path else "?"
        url = path if cursor is None else f"{path}{sep}cursor={cursor}"
        body = get(url, secret).json()
        assert len(body["results"]) <= 100
        seen += [key(r) for r in body["results"]]
        pages += 1
        cursor = body["next"]
        if cursor is None:
            return seen, pages


def test_lists_are_cursor_paged_by_100(tree, personas, make_token, get):
    Nyckeltal.objects.bulk_create(
        Nyckeltal(source="lokal", code=f"L{i:04d}", title=f"Lokalt {i}") for i in range(250)
    )
    secret = make_token()
    first = get("nyckeltal", secret).json()
    assert len(first["results"]) == 100 and first["next"]
    assert "L0000" not in first["next"]  # opaque
    seen, pages = page_through(get, "nyckeltal", secret, key=lambda r: r["kod"])
    assert pages == 3
    assert seen == [f"L{i:04d}" for i in range(250)]


def test_goal_statuses_page_across_nodes_without_gaps_or_repeats(tree, personas, make_token, get):
    period = PlanperiodFactory()
    first = GoalStatusFactory(
        namndmal=NamndmalFactory(node=tree.BUN, overarching__area__planperiod=period)
    )
    fu, over = first.followup, first.namndmal.overarching
    goals = Namndmal.objects.bulk_create(
        Namndmal(node=node, overarching=over, title=f"Mål {i}")
        for node in (tree.BUN, tree.VON)
        for i in range(110)
    )
    GoalStatus.objects.bulk_create(
        GoalStatus(followup=fu, node=g.node, namndmal=g, status="gul") for g in goals
    )
    # Units rate the BUN goals too: several nodes, live and published parts.
    GoalStatus.objects.bulk_create(
        GoalStatus(followup=fu, node=node, namndmal=g, status="gron")
        for node in (tree.SN, tree.SS)
        for g in goals[:30]
    )
    # The kommun rates its overarching goals: published material above a förvaltningschef.
    overarching = OverarchingGoal.objects.bulk_create(
        OverarchingGoal(area=over.area, title=f"Övergripande {i}") for i in range(50)
    )
    GoalStatus.objects.bulk_create(
        GoalStatus(followup=fu, node=tree.K, overarching=g, status="gron") for g in overarching
    )
    followup_publish(fu=fu)
    rows = GoalStatus.objects.filter(followup=fu)
    everything = set(rows.values_list("node__kod", "namndmal_id", "overarching_id"))
    assert len(everything) == 331
    # A working token (live rows) and a published one (the published version) page alike; a
    # förvaltningschef's mixes live rows of her subtree with the kommun's published rows.
    theirs = {r for r in everything if r[0] != "VON"}
    for secret, expected, n_pages in (
        (make_token(), everything, 4),
        (make_token(level=Level.PUBLISHED, owner=None, service="BI"), everything, 4),
        (make_token(owner="fc"), theirs, 3),
    ):
        seen, pages = page_through(
            get,
            f"uppfoljningar/{fu.pk}/malstatus",
            secret,
            key=lambda r: (r["enhet"], r["namndmal_id"], r["overgripande_mal_id"]),
        )
        assert len(seen) == len(set(seen)) == len(expected)
        assert set(seen) == expected
        assert pages == n_pages


def test_a_forged_cursor_is_refused_in_swedish(tree, personas, make_token, get):
    response = get("organisation?cursor=eyJrIjoiMDAwMSJ9", make_token())
    assert response.status_code == 400
    assert "Ogiltig markör" in response.json()["detail"]


def test_an_unchanged_answer_is_304_and_a_changed_one_is_not(tree, personas, make_token, get):
    secret = make_token()
    first = get("organisation", secret)
    etag = first["ETag"]
    assert etag.startswith('"') and "Authorization" in first["Vary"]
    again = get("organisation", secret, **{"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    tree.HT.namn = "Hemtjänst Tomelilla"
    tree.HT.save()
    changed = get("organisation", secret, **{"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_a_token_over_its_rate_limit_gets_429_with_retry_after(
    tree, personas, make_token, get, settings
):
    settings.API_RATE_LIMIT, settings.API_RATE_WINDOW = 3, 60
    secret, other = make_token(), make_token(scope="BUN")
    assert [get("organisation", secret).status_code for _ in range(3)] == [200] * 3
    response = get("organisation", secret)
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "För många anrop" in response.json()["detail"]
    # Per token: another token is not held back.
    assert get("organisation", other).status_code == 200


def test_the_documentation_page_shows_how_to_connect_power_bi(client, personas):
    assert client.login(username="politiker", password=PASSWORD)
    page = client.get("/api/v1/dokumentation/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Power BI" in text and "Authorization" in text and "Bearer" in text
    assert "Web.Contents" in text and "RelativePath" in text
    assert "http://testserver/api/v1/openapi.json" in text


def test_the_documentation_page_needs_a_login(client):
    assert client.get("/api/v1/dokumentation/").status_code == 302


def test_the_published_version_is_read_after_later_edits(tree, personas, make_token, get):
    st = GoalStatusFactory(namndmal=NamndmalFactory(node=tree.BUN), analysis="Före")
    followup_publish(fu=st.followup)
    GoalStatus.objects.filter(pk=st.pk).update(analysis="Efter")
    secret = make_token(level=Level.PUBLISHED, owner="politiker")
    rows = get(f"uppfoljningar/{st.followup.pk}/malstatus", secret).json()["results"]
    assert [r["analys"] for r in rows] == ["Före"]


def test_a_later_page_is_304_too_when_nothing_changed(tree, personas, make_token, get):
    Nyckeltal.objects.bulk_create(
        Nyckeltal(source="lokal", code=f"L{i:04d}", title=f"Lokalt {i}") for i in range(150)
    )
    secret = make_token()
    first = get("nyckeltal", secret)
    cursor = first.json()["next"]
    time.sleep(1.1)  # a cursor must not carry the time, or no list of many pages is ever 304
    again = get("nyckeltal", secret, **{"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    second = get(f"nyckeltal?cursor={cursor}", secret)
    assert get(f"nyckeltal?cursor={cursor}", secret)["ETag"] == second["ETag"]
    assert (
        get(f"nyckeltal?cursor={cursor}", secret, **{"If-None-Match": second["ETag"]}).status_code
        == 304
    )


def test_the_query_count_does_not_grow_with_the_page(tree, personas, make_token, get):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    Nyckeltal.objects.bulk_create(
        Nyckeltal(source="lokal", code=f"L{i:04d}", title=f"Lokalt {i}") for i in range(350)
    )
    secret = make_token(owner="fc")
    get("nyckeltal", secret)  # last_used_at written once
    counts, path = [], "nyckeltal"
    while path:
        with CaptureQueriesContext(connection) as ctx:
            body = get(path, secret).json()
        counts.append(len(ctx.captured_queries))
        path = body["next"] and f"nyckeltal?cursor={body['next']}"
    assert len(counts) == 4
    assert len(set(counts)) == 1, counts
