"""Server-drawn SVG charts for pages and PDFs (WeasyPrint runs no JavaScript).

Each function returns safe SVG markup with role="img", a <title> and an aria-label, so screen
readers get the figures too. Values are numbers (Decimal or int); None means missing and is
drawn as a gap, never as 0.
"""

import math
from decimal import Decimal
from html import escape

from django.utils.safestring import mark_safe

INK = "#1d2327"
MUTED = "#50585f"
GRID = "#c9cfd4"
# Text size in the chart's own units. Charts are drawn about as wide as a phone's column
# (300–360 units) so that, scaled to a 375 px screen, no text is smaller than 12 px.
FONT = 13
CHAR = 8.4  # an average DejaVu Sans character at FONT (generous), for laying out labels
# Distinguishable for colour-blind readers, and always paired with a label or a dash pattern.
SERIES = [
    ("#0b5394", ""),
    ("#d55e00", "6 3"),
    ("#009e73", "2 3"),
    ("#6a3d9a", "8 3 2 3"),
]


def _f(value):
    return float(value) if isinstance(value, Decimal | int) else value


def _fmt(value, places=0):
    if value is None:
        return "–"
    text = f"{Decimal(str(value)):.{places}f}".replace(".", ",")
    return text


def _svg(width, height, label, body):
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(label)}" '
        f'class="chart" font-family="DejaVu Sans, sans-serif" font-size="{FONT}">'
        f"<title>{escape(label)}</title>{body}</svg>"
    )


def _wrap(text, chars):
    """Split a label into lines of at most `chars` characters, at spaces."""
    lines, line = [], ""
    for word in str(text).split():
        if line and len(line) + 1 + len(word) > chars:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line] if line else lines or [""]


def bar_chart(items, *, maximum=100, label="Stapeldiagram", width=320, unit="", places=0):
    """Horizontal bars: items = [(label, value, reference or None)]; reference drawn as a tick.

    Each label stands on its own line(s) above its bar, so a long name is never cut off and the
    chart stays narrow enough for a phone."""
    right = 8 + CHAR * max((len(f"{_fmt(i[1], places)}{unit}") for i in items), default=3)
    inner = width - right - 6
    chars = max(10, int(width / CHAR))
    parts, y = [], 4
    for name, value, reference in items:
        for line in _wrap(name, chars):
            y += FONT + 3
            parts.append(f'<text x="0" y="{y}" fill="{INK}">{escape(line)}</text>')
        top = y + 5
        parts.append(f'<rect x="0" y="{top}" width="{inner:.1f}" height="16" fill="#eef0f2"/>')
        if value is not None:
            w = max(0.0, min(1.0, _f(value) / _f(maximum))) * inner
            parts.append(
                f'<rect x="0" y="{top}" width="{w:.1f}" height="16" fill="{SERIES[0][0]}"/>'
            )
        if reference is not None:
            x = max(0.0, min(1.0, _f(reference) / _f(maximum))) * inner
            parts.append(
                f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top - 4}" y2="{top + 20}" stroke="{INK}" '
                f'stroke-width="2" stroke-dasharray="3 2"/>'
            )
        parts.append(
            f'<text x="{inner + 6:.1f}" y="{top + 13}" fill="{INK}">'
            f"{_fmt(value, places)}{unit}</text>"
        )
        y = top + 16 + 6
    return _svg(width, y + 4, label, "".join(parts))


def radar_chart(axes, series, *, maximum=100, label="Radardiagram", size=360):
    """A radar (spider) chart: axes = [labels]; series = [(name, [values])], values 0..maximum."""
    n = len(axes)
    cx = cy = size / 2
    radius = size / 2 - 50
    # Drawn square and scaled to the column: the text grows with the chart so that it is at
    # least 12 px on a phone.
    font = round(FONT * size / 300)
    parts = []

    def point(i, value):
        angle = -math.pi / 2 + 2 * math.pi * i / n
        r = radius * max(0.0, min(1.0, _f(value) / _f(maximum)))
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    for level in (0.25, 0.5, 0.75, 1.0):
        ring = " ".join(
            f"{x:.1f},{y:.1f}" for x, y in (point(i, level * maximum) for i in range(n))
        )
        parts.append(f'<polygon points="{ring}" fill="none" stroke="{GRID}"/>')
    for i, name in enumerate(axes):
        x, y = point(i, maximum)
        lx, ly = point(i, maximum * 1.18)
        anchor = "middle" if abs(lx - cx) < 10 else ("start" if lx > cx else "end")
        parts.append(f'<line x1="{cx}" y1="{cy}" x2="{x:.1f}" y2="{y:.1f}" stroke="{GRID}"/>')
        parts.append(
            f'<text x="{lx:.1f}" y="{ly + 4:.1f}" text-anchor="{anchor}" fill="{INK}" '
            f'font-size="{font}">'
            f"{escape(str(name))}</text>"
        )
    for s, (name, values) in enumerate(series):
        colour, dash = SERIES[s % len(SERIES)]
        pts = " ".join(
            f"{x:.1f},{y:.1f}" for x, y in (point(i, v or 0) for i, v in enumerate(values))
        )
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<polygon points="{pts}" fill="{colour}" fill-opacity="0.12" stroke="{colour}" '
            f'stroke-width="2"{dash_attr}><title>{escape(str(name))}</title></polygon>'
        )
    legend, rows = _legend_rows([name for name, _ in series], y=size - 14, width=size, font=font)
    extra = (rows - 1) * (font + 6)
    return _svg(size, size + extra, label, "".join(parts) + legend)


def line_chart(
    labels, series, *, target=None, label="Linjediagram", width=320, height=160, places=0
):
    """A small trend chart: labels = [x labels]; series = [(name, [values or None])].

    `target` draws a horizontal dashed line (a målvärde). Missing values leave gaps.
    """
    # Room on the right for the last year label, centred on the last point.
    right, top, bottom = 24, 10, 46
    values = [_f(v) for _, vs in series for v in vs if v is not None]
    if target is not None:
        values.append(_f(target))
    if not values or not labels:
        return _svg(width, 40, label, f'<text x="4" y="24" fill="{MUTED}">Inga värden</text>')
    low, high = min(values), max(values)
    if high == low:
        low, high = low - 1, high + 1
    pad = (high - low) * 0.1
    low, high = low - pad, high + pad
    # Room on the left for the widest axis value.
    left = 8 + CHAR * max(len(_fmt(high, places)), len(_fmt(low, places)))
    inner_w, inner_h = width - left - right, height - top - bottom
    step = inner_w / max(1, len(labels) - 1)

    def xy(i, v):
        return left + i * step, top + inner_h * (1 - (_f(v) - low) / (high - low))

    parts = [
        f'<line x1="{left}" y1="{top + inner_h}" x2="{left + inner_w}" y2="{top + inner_h}" '
        f'stroke="{GRID}"/>',
        f'<text x="{left - 4}" y="{top + 4}" text-anchor="end" fill="{MUTED}">'
        f"{_fmt(high, places)}</text>",
        f'<text x="{left - 4}" y="{top + inner_h}" text-anchor="end" fill="{MUTED}">'
        f"{_fmt(low, places)}</text>",
    ]
    for i, name in enumerate(labels):
        if len(labels) <= 8 or i % math.ceil(len(labels) / 8) == 0 or i == len(labels) - 1:
            parts.append(
                f'<text x="{left + i * step:.1f}" y="{top + inner_h + 14}" text-anchor="middle" '
                f'fill="{MUTED}">{escape(str(name))}</text>'
            )
    if target is not None:
        _, ty = xy(0, target)
        parts.append(
            f'<line x1="{left}" y1="{ty:.1f}" x2="{left + inner_w}" y2="{ty:.1f}" '
            f'stroke="#1a6e3a" stroke-width="1.5" stroke-dasharray="5 3"><title>Målvärde '
            f"{_fmt(target, places)}</title></line>"
        )
    for s, (_name, vs) in enumerate(series):
        colour, dash = SERIES[s % len(SERIES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        segment = []
        for i, v in enumerate([*vs, None]):
            if v is not None:
                segment.append(xy(i, v))
                continue
            if len(segment) > 1:
                pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in segment)
                parts.append(
                    f'<polyline points="{pts}" fill="none" stroke="{colour}" '
                    f'stroke-width="2"{dash_attr}/>'
                )
            for x, y in segment:
                parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{colour}"/>')
            segment = []
    names = [name for name, _ in series] + (["Målvärde"] if target is not None else [])
    legend, rows = _legend_rows(names, y=height - 8, width=width)
    return _svg(width, height + (rows - 1) * (FONT + 6), label, "".join(parts) + legend)


def _legend(names, *, y, width):
    return _legend_rows(names, y=y, width=width)[0]


def _legend_rows(names, *, y, width, font=FONT):
    """The legend, wrapped onto as many rows as it needs (never cut off): (svg, rows)."""
    parts, x, rows = [], 6, 1
    char = CHAR * font / FONT
    for i, name in enumerate(names):
        entry = 22 + char * len(str(name)) + 12
        if x > 6 and x + entry > width:
            x, y, rows = 6, y + font + 6, rows + 1
        if name == "Målvärde":
            colour, dash = "#1a6e3a", "5 3"
        else:
            colour, dash = SERIES[i % len(SERIES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<line x1="{x}" y1="{y - 4}" x2="{x + 18}" y2="{y - 4}" stroke="{colour}" '
            f'stroke-width="3"{dash_attr}/>'
            f'<text x="{x + 22}" y="{y}" fill="{INK}" font-size="{font}">'
            f"{escape(str(name))}</text>"
        )
        x += entry
    return "".join(parts), rows
