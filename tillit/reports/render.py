"""HTML → PDF with WeasyPrint. Reports fetch nothing: the print stylesheet is inlined and
images are SVG in the page or data: URLs, so the fetcher allows `data:` only."""

from functools import cache
from pathlib import Path

from django.contrib.staticfiles import finders


@cache
def static_text(relative):
    """A static file's text (print.css), read once per process."""
    path = finders.find(relative)
    if path is None:
        raise FileNotFoundError(relative)
    return Path(path).read_text(encoding="utf-8")


def html_to_pdf(html, *, title, author="Tillit"):
    """Render HTML to PDF bytes (tagged PDF/UA); returns (bytes, page count)."""
    from weasyprint import HTML  # imported lazily: ~1 s, paid once per worker
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols=["data"], fail_on_errors=True)
    document = HTML(string=html, url_fetcher=fetcher).render()
    document.metadata.title = title
    document.metadata.authors = [author]
    document.metadata.lang = "sv"
    pdf = document.write_pdf(pdf_variant="pdf/ua-1")
    return pdf, len(document.pages)
