"""The planning pages' tables as Excel and CSV (tillit/exports.py): built from exactly what the
page's view computed for the reader, never from a query of their own."""

from decimal import Decimal

from tillit.exports import DATE, DECIMAL, INT, Column, Table

NOT_RATED = "Ej bedömd"
DOC_STATUS = {"klar": "Klar", None: "Saknas"}


def _doc(status):
    return DOC_STATUS.get(status, "Utkast")


def overview_table(period, ctx):
    """The planning start page's units and the state of their documents (`overview()`)."""
    return Table(
        title=f"Planering {period.budget_year} – verksamheternas underlag",
        columns=[
            Column("Enhet", width=40),
            Column("Kod"),
            Column("Typ"),
            Column("Nulägesanalys"),
            Column("Verksamhetsplan"),
        ],
        rows=[
            [
                r["node"].namn,
                r["node"].kod,
                r["node"].get_typ_display(),
                _doc(r["analysis"]),
                _doc(r["plan"]),
            ]
            for r in ctx["units"]
        ],
        source="Tillit",
        as_of=ctx["today"],
        filename=f"planering-{period.budget_year}-underlag",
    )


def _status_cells(st):
    if st is None:
        return [NOT_RATED, "", None]
    return [st.get_status_display(), st.analysis, st.updated_at]


def followup_rows(areas, kommun_name):
    """One row per status the follow-up page shows: the kommun's per overarching goal, the
    nämnd's per nämndmål, then the units' beneath it (what `followup_rollup` left the reader)."""
    for area in areas:
        for og in area.goals.all():
            yield [area.title, og.title, "", "", kommun_name, *_status_cells(og.current_status)]
            for g in og.namndmal_list:
                board = g.node.namn
                yield [
                    area.title,
                    og.title,
                    g.title,
                    board,
                    board,
                    *_status_cells(g.current_status),
                ]
                for st in g.unit_statuses:
                    yield [area.title, og.title, g.title, board, st.node.namn, *_status_cells(st)]


def followup_table(fu, rollup, kommun_name):
    """The goal statuses of a follow-up as the page shows them to the reader."""
    rows = list(followup_rows(rollup["areas"], kommun_name))
    dates = [r[-1] for r in rows if r[-1] is not None]
    source = "Tillit"
    if fu.published and fu.published_version:
        source = f"Tillit, publicerad version {fu.published_version}"
    return Table(
        title=f"Målstatus {fu}",
        columns=[
            Column("Strategiskt område", width=24),
            Column("Övergripande mål", width=30),
            Column("Nämndmål", width=30),
            Column("Nämnd", width=24),
            Column("Bedömt av", width=24),
            Column("Status", width=16),
            Column("Analys", width=60),
            Column("Senast ändrad", DATE),
        ],
        rows=rows,
        source=source,
        as_of=max(dates) if dates else None,
        filename=f"malstatus-{fu.get_kind_display()}-{fu.year}",
    )


def nulageskoll_table(node, figures):
    """The nulägeskoll's values as its page shows them (`nulageskoll.figures`): one row per
    nyckeltal, series (the unit, the kommun, riket, the comparison kommuner) and year."""
    rows = []
    for f in figures:
        for name, values in f["series"]:
            for year, value in zip(f["labels"], values, strict=True):
                if value is None:
                    continue
                rows.append(
                    [
                        f["code"],
                        f["title"],
                        f["unit"],
                        name,
                        year,
                        Decimal(value),
                        _dec(f["target"]),
                        f["source_label"].removeprefix("Källa: "),
                        f["comment"],
                    ]
                )
    return Table(
        title=f"Nulägeskoll {node.namn}",
        columns=[
            Column("Kod"),
            Column("Nyckeltal", width=40),
            Column("Enhet"),
            Column("Avser", width=24),
            Column("År", INT),
            Column("Värde", DECIMAL, decimals=None),
            Column("Målvärde", DECIMAL, decimals=None),
            Column("Källa", width=24),
            Column("Kommentar", width=40),
        ],
        rows=rows,
        source="Tillit",
        kolada=any(f["source"] == "kolada" for f in figures),
        filename=f"nulageskoll-{node.kod}",
    )


def _dec(text):
    return None if text in (None, "") else Decimal(text)
