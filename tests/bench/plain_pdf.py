"""Plain text through WeasyPrint in a fresh interpreter (no Django): the baseline that
bench_reports compares the nämnd report with. Kept free of Django imports so a spawned
process can import it."""

import time

TEXT = (
    "Resultatet har förbättrats jämfört med föregående år men når inte hela vägen till "
    "målvärdet. Verksamheterna har arbetat med tidiga insatser och kompetensutveckling; "
    "jämfört med liknande kommuner ligger vi strax över medianen. "
)


def plain_html(paragraphs):
    body = "".join(f"<p>{TEXT * 3}</p>" for _ in range(paragraphs))
    return f'<!doctype html><html lang="sv"><body>{body}</body></html>'


def _mb(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field):
                return int(line.split()[1]) / 1024
    return 0.0


def render(paragraphs):
    """(bytes, pages), rendered as tillit.reports.render does (tagged PDF, metadata)."""
    from weasyprint import HTML

    document = HTML(string=plain_html(paragraphs)).render()
    document.metadata.title = "Vanlig text"
    document.metadata.lang = "sv"
    return document.write_pdf(pdf_variant="pdf/ua-1"), len(document.pages)


def measure_in_child(paragraphs, queue):
    render(1)  # warm: import WeasyPrint, load fonts
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")  # reset the peak RSS to the current RSS
    except OSError:
        pass
    before = _mb("VmRSS:")
    start = time.perf_counter()
    _, pages = render(paragraphs)
    queue.put((pages, time.perf_counter() - start, _mb("VmHWM:") - before))
