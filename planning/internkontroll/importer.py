"""The risk register import: a kommun's existing risk register, saved from Excel as CSV.

File format (`;`-separated, UTF-8 with or without BOM, or Windows-1252 as Swedish Excel saves
plain CSV), one header row:

    namnd;ar;risk;beskrivning;process;sannolikhet;konsekvens;beslut
    BUN;2027;Inköp utanför avtal;Fakturor utan avtal;Inköp;3;4;kontrollera

- `namnd`: the nämnd's or styrelse's kod or name,
- `ar`: the year of the risk analysis,
- `risk`: the risk's title (a risk with the same title in the same analysis is updated),
- `beskrivning`, `process`: free text, may be empty,
- `sannolikhet`, `konsekvens`: 1–4 (or SKR's labels: ”Möjlig”, ”Allvarlig” …),
- `beslut`: empty, ”åtgärda”, ”kontrollera” (i planen) or ”acceptera”.

The whole file is checked first; any error rejects all of it and every error names its row and
column. Nothing is ever deleted.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from tillit.csvimport import ImportError_, read_rows
from tillit.org.models import OrgNode
from tillit.org.permissions import PREPARE, can

from . import rules
from .models import Decision, Risk, Riskanalys

HEADER = ["namnd", "ar", "risk", "beskrivning", "process", "sannolikhet", "konsekvens", "beslut"]
DECISIONS = {
    "": "",
    "åtgärda": Decision.ATGARDA,
    "atgarda": Decision.ATGARDA,
    "kontrollera": Decision.KONTROLLERA,
    "kontrollera i planen": Decision.KONTROLLERA,
    "acceptera": Decision.ACCEPTERA,
}

__all__ = ["HEADER", "ImportError_", "import_risker"]


def decode(data):
    """UTF-8 (BOM allowed) first, strictly; then Windows-1252 (never guessed: a guess turns å
    into ĺ)."""
    if isinstance(data, str):
        return data.lstrip("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise ImportError_(
            [f"Filen kan inte läsas som UTF-8 eller Windows-1252 (fel vid byte {exc.start})."]
        ) from exc


def _scale(text, labels):
    cleaned = text.strip().lower()
    if cleaned.isdigit() and int(cleaned) in rules.SCALE:
        return int(cleaned)
    for value, label in labels.items():
        if cleaned == label.lower():
            return value
    return None


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0

    def summary(self):
        return f"{self.created} nya och {self.updated} uppdaterade risker."


def import_risker(data, *, user=None):
    """Import a risk register; `user` None (the command line) may import for every nämnd,
    otherwise only for the nämnder where `user` may prepare material. Raises ImportError_."""
    rows = read_rows(decode(data), HEADER)
    boards = list(OrgNode.objects.boards())
    by_key = {b.kod.lower(): b for b in boards} | {b.namn.lower(): b for b in boards}
    errors, parsed, seen = [], [], set()
    for number, row, width in rows:
        if row is None:
            errors.append(f"Rad {number}: raden har {width} kolumner, väntade {len(HEADER)}.")
            continue
        problems = []
        board = by_key.get(row["namnd"].lower())
        if board is None:
            problems.append(f"kolumn namnd: ”{row['namnd']}” är ingen nämnd eller styrelse")
        elif user is not None and not can(user, PREPARE, board):
            problems.append(f"kolumn namnd: du får inte föra in risker för {board.namn}")
        year = int(row["ar"]) if row["ar"].isdigit() else None
        if year is None or not 2000 <= year <= 2100:
            problems.append(f"kolumn ar: ”{row['ar']}” är inget år (skriv t.ex. 2027)")
        if not row["risk"]:
            problems.append("kolumn risk: risken saknar rubrik")
        elif len(row["risk"]) > 300:
            problems.append("kolumn risk: rubriken är längre än 300 tecken")
        if len(row["process"]) > 200:
            problems.append("kolumn process: längre än 200 tecken")
        s = _scale(row["sannolikhet"], rules.SANNOLIKHET)
        if s is None:
            problems.append(f"kolumn sannolikhet: ”{row['sannolikhet']}” ska vara 1–4")
        k = _scale(row["konsekvens"], rules.KONSEKVENS)
        if k is None:
            problems.append(f"kolumn konsekvens: ”{row['konsekvens']}” ska vara 1–4")
        decision = DECISIONS.get(row["beslut"].strip().lower())
        if decision is None:
            problems.append(
                f"kolumn beslut: ”{row['beslut']}” ska vara åtgärda, kontrollera, acceptera "
                "eller tomt"
            )
        key = (board and board.pk, year, row["risk"].lower())
        if not problems and key in seen:
            problems.append("kolumn risk: samma risk finns redan tidigare i filen")
        seen.add(key)
        if problems:
            errors += [f"Rad {number}, {p}." for p in problems]
            continue
        parsed.append((board, year, row, s, k, decision))
    if errors:
        raise ImportError_(errors)
    if not parsed:
        raise ImportError_(["Filen innehåller inga risker."])
    return _save(parsed, user)


def _save(parsed, user):
    result = ImportResult()
    now = timezone.now()
    with transaction.atomic():
        for board, year, row, s, k, decision in parsed:
            analysis = Riskanalys.objects.get_or_create(node=board, year=year)[0]
            risk = Risk.objects.filter(analysis=analysis, title__iexact=row["risk"]).first()
            if risk is None:
                risk = Risk(analysis=analysis, title=row["risk"])
                result.created += 1
            else:
                risk.revision += 1
                result.updated += 1
            risk.description = row["beskrivning"]
            risk.process = row["process"]
            risk.sannolikhet, risk.konsekvens = s, k
            if decision or not risk.decision:
                risk.decision = decision
            risk.updated_by, risk.updated_at = user, now
            risk.save()
    return result
