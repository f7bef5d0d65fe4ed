"""The planning pages' tables as Excel and CSV (tillit/exports.py): built from exactly what the
page's view computed for the reader, never from a query of their own."""

from decimal import Decimal

from tillit.exports import DATE, DECIMAL, INT, PERCENT, Column, Table

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
            Column("Ansvarig", width=30),
            Column("Nulägesanalys"),
            Column("Verksamhetsplan"),
        ],
        rows=[
            [
                r["node"].namn,
                r["node"].kod,
                r["node"].get_typ_display(),
                ", ".join(p.get_full_name() or p.username for p in r.get("responsible", [])),
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


def ekonomi_table(card):
    """The ekonomi card of a node's Ekonomi och personal page (`cards.ekonomi_card`): the node
    and the nodes below it the reader may see."""
    from .ekonomi.cards import STATUS

    rows = [
        [
            e.namn,
            e.kod,
            e.budget_helar,
            e.prognos_helar,
            e.avvikelse_helar,
            e.budget_ack,
            e.utfall_ack,
            e.utfall_andel_ack,
            STATUS[e.status][1],
        ]
        for e in ([card.figures, *card.children] if card else [])
    ]
    kr = {"kind": DECIMAL, "decimals": 0, "width": 14}
    return Table(
        title=f"Ekonomi {card.node.namn}" if card else "Ekonomi",
        columns=[
            Column("Enhet", width=36),
            Column("Kod"),
            Column("Budget helår, kr", **kr),
            Column("Prognos helår, kr", **kr),
            Column("Avvikelse, kr", **kr),
            Column("Budget ack., kr", **kr),
            Column("Utfall ack., kr", **kr),
            Column("Utfall av budget", PERCENT),
            Column("Status"),
        ],
        rows=rows,
        source="ekonomisystemet (import till Tillit)",
        as_of=card.period if card else None,
        notes=[
            "Nettokostnad = personalkostnader + övriga kostnader − intäkter, för enheten och "
            "allt under den. Avvikelse = budget − prognos."
        ],
        filename=f"ekonomi-{card.node.kod}-{card.period:%Y-%m}" if card else "ekonomi",
    )


def personal_table(card):
    """The personal card of the same page (`cards.personal_card`): a group too small to show
    keeps its head count and nothing else, as on the page."""
    rows = []
    for p in [card.figures, *card.children] if card else []:
        if p.suppressed:
            rows.append(
                [
                    p.namn,
                    p.kod,
                    p.anstallda,
                    None,
                    None,
                    None,
                    p.manader,
                    "För få anställda för att visas",
                ]
            )
        else:
            rows.append(
                [
                    p.namn,
                    p.kod,
                    p.anstallda,
                    p.sjukfranvaro_12m,
                    p.langtid_andel_12m,
                    p.personalomsattning_12m,
                    p.manader,
                    "",
                ]
            )
    return Table(
        title=f"Personal {card.node.namn}" if card else "Personal",
        columns=[
            Column("Enhet", width=36),
            Column("Kod"),
            Column("Anställda", INT),
            Column("Sjukfrånvaro", PERCENT),
            Column("Varav 60 dagar eller mer", PERCENT),
            Column("Personalomsättning", PERCENT),
            Column("Månader", INT),
            Column("Anmärkning", width=30),
        ],
        rows=rows,
        source="personalsystemet (import till Tillit)",
        as_of=card.period if card else None,
        notes=[
            f"Rullande 12 månader. Grupper med färre än {card.min_group if card else ''} "
            "anställda visas inte, inte heller grupper som skulle gå att räkna fram ur andra."
        ],
        filename=f"personal-{card.node.kod}-{card.period:%Y-%m}" if card else "personal",
    )


def internkontroll_followup_table(node, year, version, rows):
    """The follow-up of an adopted internkontrollplan as its page shows it
    (`services.followup_rows`): one row per control, its results and actions as text."""

    def results(row):
        return "\n".join(
            f"{r.performed_on:%Y-%m-%d}: {r.findings or r.get_outcome_display()}"
            for r in row["results"]
        )

    def actions(row):
        return "\n".join(
            f"{a.text} ({a.get_status_display().lower()}"
            + (f", senast {a.due_on:%Y-%m-%d})" if a.due_on else ")")
            for a in row["actions"]
        )

    return Table(
        title=f"Uppföljning av intern kontroll {year} {node.namn}",
        columns=[
            Column("Kontroll", width=40),
            Column("När", width=20),
            Column("Ansvarig", width=24),
            Column("Status"),
            Column("Senast genomförd", DATE),
            Column("Vad som framkom", width=50),
            Column("Åtgärder", width=50),
        ],
        rows=[
            [
                row["control"].get("title", ""),
                row["control"].get("when", ""),
                row["control"].get("responsible") or "",
                row["state_label"],
                row["results"][0].performed_on if row["results"] else None,
                results(row),
                actions(row),
            ]
            for row in rows
        ],
        source=f"Tillit, internkontrollplan version {version.number}" if version else "Tillit",
        as_of=version.adopted_on if version else None,
        filename=f"internkontroll-uppfoljning-{year}-{node.kod}",
    )


def internkontroll_plan_table(node, year, plan, controls):
    """The working internkontrollplan's controls as its page lists them (`controls_of`)."""

    def row(c):
        latest = next(iter(c.results.all()), None)
        return [
            c.title,
            c.risk.title if c.risk else "",
            c.risk.value if c.risk else None,
            c.get_method_display(),
            c.scope,
            str(c.responsible) if c.responsible else "",
            c.responsible_node.namn if c.responsible_node else "",
            c.when,
            c.report_to,
            latest.get_outcome_display() if latest else "",
            latest.performed_on if latest else None,
        ]

    return Table(
        title=f"Internkontrollplan {year} {node.namn}",
        columns=[
            Column("Vad kontrolleras", width=40),
            Column("Risk", width=30),
            Column("Riskvärde", INT),
            Column("Metod"),
            Column("Omfattning", width=24),
            Column("Ansvarig", width=24),
            Column("Ansvarig enhet", width=24),
            Column("När", width=16),
            Column("Rapporteras till", width=24),
            Column("Resultat"),
            Column("Genomförd", DATE),
        ],
        rows=[row(c) for c in controls],
        source=f"Tillit, internkontrollplan ({plan.get_status_display().lower()})"
        if plan and hasattr(plan, "get_status_display")
        else "Tillit",
        filename=f"internkontrollplan-{year}-{node.kod}",
    )
