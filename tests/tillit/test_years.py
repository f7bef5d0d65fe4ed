"""Years in URLs, query strings and forms: outside 2000–2100 is 404 or a Swedish error, never a
server error and never saved."""

import pytest
from django.http import Http404

from surveys.models import HmeReference, HmeRound
from tests.factories import PASSWORD
from tillit.validation import parse_year, year_or_none

pytestmark = pytest.mark.django_db

BAD_YEARS = ["-1", "0", "1999", "2101", "99999999999999999999", "２０２４"]


@pytest.mark.parametrize("text", BAD_YEARS + ["", None, "20x4", " "])
def test_parse_year_turns_anything_but_a_sane_year_into_404(text):
    with pytest.raises(Http404):
        parse_year(text)
    assert year_or_none(text) is None


def test_parse_year_reads_a_year():
    assert parse_year("2027") == 2027
    assert parse_year(" 2000 ") == 2000


@pytest.mark.parametrize("year", ["99999999999999999999", "1999", "2101", "0000"])
@pytest.mark.parametrize(
    "url",
    [
        "/arshjul/{year}/",
        "/arshjul/planperioder/{year}/",
        "/enkater/hme/{year}/SN/",
        "/enkater/hme/{year}/SN/lankar/",
        "/enkater/hme/{year}/SN/handlingsplan/",
        "/enkater/tillit/SN/{year}/",
    ],
)
def test_a_year_outside_the_range_in_a_url_is_not_found(client, personas, url, year):
    client.login(username="admin", password=PASSWORD)
    assert client.get(url.format(year=year)).status_code == 404


def test_closing_a_round_of_an_absurd_year_is_not_found(client, personas):
    client.login(username="admin", password=PASSWORD)
    response = client.post("/enkater/hme/omgangar/99999999999999999999/stang/")
    assert response.status_code == 404


@pytest.mark.parametrize("year", ["99999999999999999999", "-1", "abc"])
def test_an_absurd_year_in_the_maturity_query_string_shows_the_current_year(client, personas, year):
    client.login(username="admin", password=PASSWORD)
    assert client.get(f"/enkater/tillit/SN/?ar={year}").status_code == 200


def test_a_report_for_a_year_in_range_is_ordered(client, personas):
    from tillit.cycle.models import planperiod_create
    from tillit.reports.models import ReportJob

    planperiod_create(budget_year=2027, make_current=True)
    client.login(username="admin", password=PASSWORD)
    response = client.post("/rapporter/ny/", {"kind": "arshjul", "kod": "K", "year": "2027"})
    assert response.status_code == 302
    assert ReportJob.objects.get().params == {"year": "2027"}


@pytest.mark.parametrize("year", ["99999999999999999999", "-1", "1999"])
@pytest.mark.parametrize(
    ("kind", "kod"),
    [("arshjul", "K"), ("hme", "K"), ("namndrapport", "BUN"), ("kommunkompassen", "K")],
)
def test_a_report_ordered_for_an_absurd_year_is_refused(client, personas, year, kind, kod):
    from tillit.cycle.models import planperiod_create
    from tillit.reports.models import ReportJob

    planperiod_create(budget_year=2027, make_current=True)
    client.login(username="admin", password=PASSWORD)
    response = client.post(
        "/rapporter/ny/", {"kind": kind, "kod": kod, "year": year, "typ": "extern"}
    )
    assert response.status_code == 404
    assert not ReportJob.objects.exists()


@pytest.mark.parametrize("year", ["1", "1999", "2101", "99999999999999999999"])
def test_an_hme_round_or_reference_for_an_absurd_year_is_refused_in_swedish(client, personas, year):
    client.login(username="admin", password=PASSWORD)
    response = client.post("/enkater/hme/omgangar/", {"add_round": "1", "year": year})
    assert response.status_code == 200
    assert "Ange ett år mellan 2000 och 2100." in response.text
    response = client.post(
        "/enkater/hme/omgangar/",
        {
            "save_reference": "1",
            "year": year,
            "motivation": "70",
            "ledarskap": "70",
            "styrning": "70",
            "hme": "70",
        },
    )
    assert "Ange ett år mellan 2000 och 2100." in response.text
    assert not HmeRound.objects.exists()
    assert not HmeReference.objects.exists()
