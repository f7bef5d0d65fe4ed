"""Every upload page answers a bad file with a clear Swedish error and saves nothing:
a malformed CSV, a file over MAX_UPLOAD_SIZE and a file that is not UTF-8 (issue 10)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from planning.models.nyckeltal import NyckeltalValue
from surveys.models import HmeResponse, KompassEvaluation
from tests.factories import PASSWORD
from tillit.org.models import OrgNode

# (page, who uploads, url, extra form fields, a valid header + one row in UTF-8, what to count)
PAGES = {
    "organisation": (
        "admin",
        "/organisation/import/",
        {},
        "kod;namn;typ;foralder\nNY;Förvaltning för skolan;förvaltning;K\n",
        lambda: OrgNode.objects.count(),
    ),
    "HME": (
        "admin",
        "/enkater/hme/import/",
        {"year": "2026"},
        "enhet;kon;f1;f2;f3;f4;f5;f6;f7;f8;f9\nSN;K;5;4;4;5;3;4;5;4;4\n",
        lambda: HmeResponse.objects.count(),
    ),
    "Kommunkompassen": (
        "admin",
        "/enkater/kommunkompassen/K/importera/",
        {"year": "2024", "kind": "extern"},
        None,  # every sub-area of the framework: see _valid
        lambda: KompassEvaluation.objects.count(),
    ),
    "nyckeltal": (
        "chef",
        "/planering/nyckeltal/enhet/SN/import/",
        {},
        "nyckeltal;enhet;period;kon;varde\nL-BEH;SN;2025;T;73,5\n",
        lambda: NyckeltalValue.objects.count(),
    ),
}

BAD_FILES = {
    "malformed": (b'rubrik,med,komma\n"oavslutad;;\x00\n', "Rad 1"),
    "wrong encoding": (None, "inte UTF-8"),  # the page's own valid file, saved as UTF-16
    "huge": (None, "Filen är för stor"),
}


def _valid(page, valid):
    if page == "Kommunkompassen":
        from surveys.kompass.demo import _ensure_framework
        from surveys.models import KompassSubArea

        _ensure_framework()
        codes = KompassSubArea.objects.filter(area__version__name="2019/2020")
        return "delomrade;poang\n" + "".join(f"{s.code};1,5\n" for s in codes)
    if page == "nyckeltal":
        from planning.models import Nyckeltal

        Nyckeltal.objects.get_or_create(
            code="L-BEH", defaults={"title": "Behöriga lärare", "source": "lokal"}
        )
    return valid


def _bad_content(kind, valid):
    content, expected = BAD_FILES[kind]
    if kind == "wrong encoding":
        content = valid.encode("utf-16")
    elif kind == "huge":
        content = valid.encode("utf-8") * (2 * 1024 * 1024 // len(valid.encode("utf-8")) + 1)
    return content, expected


@pytest.mark.parametrize("kind", list(BAD_FILES))
@pytest.mark.parametrize("page", list(PAGES))
def test_a_bad_file_gets_a_swedish_error_and_changes_nothing(
    client, personas, settings, page, kind
):
    settings.MAX_UPLOAD_SIZE = 1024 * 1024
    who, url, fields, valid, count = PAGES[page]
    assert client.login(username=getattr(personas, who).username, password=PASSWORD)
    content, expected = _bad_content(kind, _valid(page, valid))
    before = count()
    response = client.post(
        url, {**fields, "file": SimpleUploadedFile("fil.csv", content, "text/csv")}
    )
    assert response.status_code == 200, response.status_code
    text = response.content.decode()
    assert expected in text, (page, kind)
    assert count() == before


@pytest.mark.parametrize("page", list(PAGES))
def test_the_valid_file_of_each_page_is_accepted(client, personas, page):
    """The bad files above differ from a file the page accepts only in what is wrong."""
    who, url, fields, valid, count = PAGES[page]
    valid = _valid(page, valid)
    assert client.login(username=getattr(personas, who).username, password=PASSWORD)
    before = count()
    response = client.post(
        url,
        {**fields, "file": SimpleUploadedFile("fil.csv", valid.encode("utf-8"), "text/csv")},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert count() > before
