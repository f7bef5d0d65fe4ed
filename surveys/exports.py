"""The survey pages' tables as Excel and CSV (tillit/exports.py): built from exactly what the
page's view computed for the reader (suppression and rights already applied), never from a query
of their own."""

from tillit.exports import DATE, DECIMAL, INT, PERCENT, Column, Table

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


def kompass_overview_table(kommun, evaluations, reference):
    """The Kommunkompassen page's evaluations (those the reader may see) and the national
    average it is compared with."""
    rows = [
        [
            e.year,
            e.get_kind_display(),
            e.total_points,
            800 if e.total_points is not None else None,
            e.total_pct,
            "Publicerad" if e.is_published else "Utkast",
        ]
        for e in evaluations
    ]
    if reference is not None:
        rows.append(
            [
                reference.year,
                f"Jämförelse: {reference}",
                reference.total_points,
                800 if reference.total_points is not None else None,
                reference.total_pct,
                "Publicerad",
            ]
        )
    return Table(
        title=f"Kommunkompassen {kommun.namn}",
        columns=[
            Column("År", INT),
            Column("Typ", width=36),
            Column("Poäng", DECIMAL),
            Column("Max", INT),
            Column("Procent", PERCENT, decimals=0),
            Column("Status"),
        ],
        rows=rows,
        source="Tillit (SKR:s Kommunkompassen)",
        filename=f"kommunkompassen-{kommun.kod}",
    )


def kompass_evaluation_table(kommun, evaluation, profile):
    """An evaluation's points per område and delområde as its page shows them."""
    rows = []
    if profile is not None:
        for a in profile.areas:
            rows.append([a.number, a.name, "", "Hela området", a.points, a.max_points, a.pct])
            for s in a.subareas:
                rows.append([a.number, a.name, s.code, s.name, s.points, s.max_points, s.pct])
        t = profile.total
        rows.append([None, "Totalt", "", "", t.points, t.max_points, t.pct])
    return Table(
        title=f"Kommunkompassen {evaluation.year} {kommun.namn}",
        columns=[
            Column("Område", INT),
            Column("Områdets namn", width=36),
            Column("Delområde"),
            Column("Delområdets namn", width=48),
            Column("Poäng", DECIMAL),
            Column("Max", INT),
            Column("Procent", PERCENT, decimals=0),
        ],
        rows=rows,
        source="Tillit (SKR:s Kommunkompassen)",
        as_of=str(evaluation.year),
        notes=[
            f"{evaluation.get_kind_display()}, "
            f"{'publicerad' if evaluation.is_published else 'utkast'}."
        ],
        filename=f"kommunkompassen-{evaluation.year}-{kommun.kod}",
    )


def handlingsplan_table(title, actions, *, filename, source="Tillit", plan_of=None):
    """A handlingsplan's actions (the shared shape of surveys/models/actions.py) as the page
    lists them; `plan_of(action)` names the plan or area an action belongs to, when it has one."""
    rows = [
        [
            plan_of(a) if plan_of else "",
            a.text,
            _who(a),
            a.due_on,
            a.get_status_display(),
            a.done_on,
        ]
        for a in actions
    ]
    return Table(
        title=title,
        columns=[
            Column("Plan/område", width=30),
            Column("Åtgärd", width=48),
            Column("Ansvarig", width=24),
            Column("Klart senast", DATE),
            Column("Status"),
            Column("Klar", DATE),
        ],
        rows=rows,
        source=source,
        filename=filename,
    )


def _who(action):
    # the responsible as the pages show it (a named person before free text), else `who`
    responsible = getattr(action, "responsible", None)
    return str(responsible) if responsible else action.who
