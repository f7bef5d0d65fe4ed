"""The 4 × 4 risk matrix as a server-drawn SVG heat map (in the style of tillit/reports/charts.py).

Every cell carries its count as text and a level pattern besides its colour, so the matrix reads
in black-and-white print and for colour-blind readers; the page puts a table with the same
figures behind it for screen readers.
"""

from html import escape

from django.utils.safestring import mark_safe

from tillit.reports.charts import GRID, INK, _svg

from . import rules


def risk_matrix_svg(grid, *, label="Riskmatris", cell=64, responsive=True):
    """`grid` as rules.matrix returns it (sannolikhet 4 on top). `responsive` (pages) lets the
    SVG scale down to a 375 px phone (viewBox, width 100 %); print keeps its fixed size."""
    left, top, bottom = 118, 8, 52
    size = cell * 4
    width, height = left + size + 8, top + size + bottom
    parts = []
    for r, row in enumerate(grid):
        y = top + r * cell
        parts.append(
            f'<text x="{left - 6}" y="{y + cell / 2 + 4:.0f}" text-anchor="end" fill="{INK}">'
            f"{row['sannolikhet']} {escape(row['label'])}</text>"
        )
        for c, item in enumerate(row["cells"]):
            x = left + c * cell
            level = item["level"]
            parts.append(
                f'<rect x="{x}" y="{y}" width="{cell}" height="{cell}" fill="{level["fill"]}" '
                f'stroke="#ffffff" stroke-width="2"><title>Sannolikhet {row["sannolikhet"]}, '
                f"konsekvens {item['konsekvens']}: {item['count']} risker "
                f"({escape(level['label'].lower())})</title></rect>"
            )
            # The product in the corner, the count large in the middle (blank when none).
            parts.append(
                f'<text x="{x + 5}" y="{y + 14}" font-size="10" fill="{level["ink"]}">'
                f"{item['value']}</text>"
            )
            if item["count"]:
                parts.append(
                    f'<text x="{x + cell / 2:.0f}" y="{y + cell / 2 + 8:.0f}" font-size="22" '
                    f'font-weight="bold" text-anchor="middle" fill="{level["ink"]}">'
                    f"{item['count']}</text>"
                )
    for c, k in enumerate(rules.SCALE):
        x = left + c * cell + cell / 2
        parts.append(
            f'<text x="{x:.0f}" y="{top + size + 16}" text-anchor="middle" fill="{INK}">'
            f"{k}</text>"
            f'<text x="{x:.0f}" y="{top + size + 30}" text-anchor="middle" font-size="10" '
            f'fill="{INK}">{escape(rules.KONSEKVENS[k])}</text>'
        )
    parts.append(
        f'<text x="{left + size / 2:.0f}" y="{top + size + 46}" text-anchor="middle" '
        f'font-weight="bold" fill="{INK}">Konsekvens →</text>'
        f'<text x="12" y="{top + size / 2:.0f}" font-weight="bold" fill="{INK}" '
        f'transform="rotate(-90 12 {top + size / 2:.0f})" text-anchor="middle">'
        "Sannolikhet →</text>"
        f'<rect x="{left}" y="{top}" width="{size}" height="{size}" fill="none" '
        f'stroke="{GRID}"/>'
    )
    total = sum(i["count"] for row in grid for i in row["cells"])
    full_label = f"{label}: {total} risker efter sannolikhet och konsekvens"
    svg = _svg(width, height, full_label, "".join(parts))
    if not responsive:
        return svg
    # On a page the stylesheet scales it with its container (a phone); no inline style, which
    # the Content-Security-Policy would block.
    return mark_safe(str(svg).replace(f'width="{width}" height="{height}"', 'width="100%"', 1))
