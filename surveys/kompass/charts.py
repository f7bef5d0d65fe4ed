"""Kommunkompassen comparison charts (SVG, drawn on the server) and their table."""

from .services import area_percentages


def short_area_name(number, name):
    """A radar axis label: the number and the first words, kept short."""
    words, label = name.split(), ""
    for word in words:
        if len(label) + len(word) > 16 and label:
            break
        label = f"{label} {word}".strip()
    return f"{number} {label}"


def series_name(evaluation):
    if evaluation.kind == "referens":
        return f"Nationellt snitt {evaluation.year}"
    return f"{evaluation.get_kind_display()} {evaluation.year}"


def short_series_name(evaluation):
    """A legend entry short enough for four series in the radar's legend."""
    prefix = {"referens": "Riket", "själv": "Själv"}.get(evaluation.kind, "Extern")
    return f"{prefix} {evaluation.year}"


def comparison(evaluations, reference, areas, limit=3):
    """Charts and a table comparing up to `limit` evaluations (newest first) and the national
    average, area by area in %. `areas` are the KompassArea rows of the framework."""
    from tillit.reports.charts import bar_chart, radar_chart

    chosen = list(evaluations)[:limit]
    everything = chosen + ([reference] if reference else [])
    pcts = area_percentages(everything)
    complete = [e for e in everything if len(pcts[e.pk]) == len(areas)]
    series = [(series_name(e), pcts[e.pk]) for e in complete]
    if not series:
        return None
    main = series[0][1] if chosen and len(pcts[chosen[0].pk]) == len(areas) else None
    ref = pcts[reference.pk] if reference and len(pcts[reference.pk]) == len(areas) else None
    bars = None
    if main:
        bars = bar_chart(
            # Whole area names: each stands on its own line above its bar.
            [
                (f"{a.number} {a.name}", main[i], ref[i] if ref else None)
                for i, a in enumerate(areas)
            ],
            maximum=100,
            unit=" %",
            label=f"{series[0][0]} per område i procent"
            + (f", streck = {series_name(reference)}" if ref else ""),
        )
    # The radar's axes carry only the area number: names do not fit at the sides of the chart;
    # the table under it (and the bars) give the names.
    radar = radar_chart(
        [str(a.number) for a in areas],
        [(short_series_name(e), pcts[e.pk]) for e in complete],
        maximum=100,
        size=440,
        label="Kommunkompassen per område i procent: " + ", ".join(n for n, _ in series),
    )
    table = [(a, [(name, values[i]) for name, values in series]) for i, a in enumerate(areas)]
    return {"radar": radar, "bars": bars, "names": [n for n, _ in series], "table": table}
