"""The survey pages' tables as Excel and CSV (tillit/exports.py): built from exactly what the
page's view computed for the reader (suppression and rights already applied), never from a query
of their own."""

from tillit.exports import INT, Column, Table

TOO_FEW = "För få svar"
HME_COLUMNS = ("motivation", "ledarskap", "styrning", "hme")


def _hme_row(name, kod, level, values, *, respondents=True):
    if values is None:
        return [name, kod, level, None, None, None, None, None, "Inga svar"]
    shown = values.get("respondents") if respondents else None
    if values.get("suppressed"):
        return [name, kod, level, shown, None, None, None, None, TOO_FEW]
    return [name, kod, level, shown, *[values.get(k) for k in HME_COLUMNS], ""]


def hme_table(rnd, node, report, min_group):
    """The HME results page of `node` (`node_report`, rows already narrowed to the reader): the
    node, the kommun and riket, then the units beneath. A suppressed group has no figures."""
    rows = []
    if report is not None:
        own = report.result
        # the page shows no head count for a suppressed node of its own
        rows.append(
            _hme_row(
                node.namn,
                node.kod,
                "Vald enhet",
                own,
                respondents=own is not None and not own.get("suppressed"),
            )
        )
        if report.kommun:
            rows.append(_hme_row("Kommunen", "", "Kommunen", report.kommun))
        if report.riket:
            rows.append(_hme_row("Riket", "", "Riket", report.riket, respondents=False))
        for unit, values in report.rows:
            rows.append(_hme_row(unit.namn, unit.kod, "Under", values))
    return Table(
        title=f"HME {rnd.year} {node.namn}",
        columns=[
            Column("Enhet", width=36),
            Column("Kod"),
            Column("Nivå"),
            Column("Svarande", INT),
            Column("Motivation", INT),
            Column("Ledarskap", INT),
            Column("Styrning", INT),
            Column("HME", INT),
            Column("Anmärkning", width=16),
        ],
        rows=rows,
        source="Tillit (HME-enkäten)",
        kolada=bool(report and report.riket),  # riket's figures: SKR through Kolada
        as_of=str(rnd.year),
        notes=[f"Index 0–100 i heltal. Grupper med färre än {min_group} svar visas inte."],
        filename=f"hme-{rnd.year}-{node.kod}",
    )
