"""Charts of the nämnd summary, drawn with tillit.reports.charts from planning.summary data."""

from tillit.reports.charts import bar_chart, line_chart

HME_ROWS = [("motivation", "Motivation"), ("ledarskap", "Ledarskap"), ("styrning", "Styrning")]


def hme_chart(hme, name):
    if not hme or not hme["result"]:
        return ""
    result, riket = hme["result"], hme["riket"] or {}
    items = [(label, result[key], riket.get(key)) for key, label in HME_ROWS]
    items.append(("HME totalt", result["hme"], riket.get("hme")))
    return bar_chart(items, label=f"HME {hme['year']} för {name}; streckad linje = riket")


def kompass_chart(kompass):
    if not kompass:
        return ""
    items = [(f"{a['number']} {a['name']}", a["pct"], None) for a in kompass["areas"]]
    return bar_chart(
        items,
        label=f"Kommunkompassen {kompass['year']}, procent per område",
        unit=" %",
    )


def figure_chart(figure):
    if not figure["years"]:
        return ""
    series = [("Kommunen", figure["kommun"])]
    if figure["comparable"] and any(v is not None for v in figure["riket"]):
        series.append(("Riket", figure["riket"]))
    return line_chart(
        [str(y) for y in figure["years"]],
        series,
        label=f"{figure['title']} ({figure['code']})",
        places=figure["places"],
    )


def summary_charts(context):
    node = context["node"]
    for figure in context["figures"]:
        figure["chart"] = figure_chart(figure)
    return {
        "hme": hme_chart(context["hme"], node.namn),
        "kompass": kompass_chart(context["kompass"]),
    }
