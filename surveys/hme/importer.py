"""Import of raw HME answers from a survey vendor (HME.md's format), atomically.

`enhet;kon;f1;…;f9`, `;`-separated, UTF-8 with an optional BOM. The whole file is checked before
anything is written; any error rejects it, naming row and column in Swedish.
"""

from dataclasses import dataclass

from django.db import transaction

from surveys.models import HmeResponse, HmeRound
from tillit.csvimport import ImportError_, decode_csv, read_rows
from tillit.org.models import OrgNode

from .rules import parse_answer
from .tasks import compute_hme_round

HEADER = ["enhet", "kon", *[f"f{i}" for i in range(1, 10)]]
MAX_ERRORS = 50


@dataclass
class HmeImportResult:
    round: HmeRound
    created_round: bool
    rows: int
    replaced: int

    def summary(self):
        return (
            f"{self.rows} svar importerades för HME {self.round.year}"
            + (f" (ersatte {self.replaced} tidigare importerade)" if self.replaced else "")
            + "."
        )


def parse_file(data):
    """The file's responses as (node_id, gender, [9 answers]); raises ImportError_."""
    text = decode_csv(data)
    rows = read_rows(text, HEADER)
    nodes = dict(OrgNode.objects.values_list("kod", "id"))
    errors, parsed = [], []
    for number, values, width in rows:
        if values is None:
            errors.append(f"Rad {number}: raden har {width} kolumner, väntade {len(HEADER)}.")
            continue
        node_id = nodes.get(values["enhet"])
        if node_id is None:
            errors.append(
                f"Rad {number}, kolumn enhet: enheten {values['enhet']!r} finns inte i Tillit."
            )
        gender = values["kon"].upper()
        answers = []
        for i in range(1, 10):
            column = f"f{i}"
            try:
                answers.append(parse_answer(values[column]))
            except ValueError:
                errors.append(
                    f"Rad {number}, kolumn {column}: {values[column]!r} är inget giltigt svar "
                    "(1–5, eller tomt, -, vet ej, ej aktuellt)."
                )
        parsed.append((node_id, gender if gender in ("K", "M") else "", answers))
        if len(errors) >= MAX_ERRORS:
            errors.append("Fler fel finns; rätta dessa först.")
            break
    if errors:
        raise ImportError_(errors)
    if not parsed:
        raise ImportError_(["Filen innehåller inga svar."])
    return parsed


def import_hme(year, data):
    """Replace a year's imported answers with the file's and queue the computation.

    Creates the year's round (closed: imported answers are complete) when there is none. An
    open round keeps its answers until it is closed; its results are computed then."""
    parsed = parse_file(data)
    with transaction.atomic():
        rnd, created = HmeRound.objects.get_or_create(
            year=year, defaults={"status": HmeRound.Status.CLOSED}
        )
        replaced, _ = HmeResponse.objects.filter(round=rnd, imported=True).delete()
        HmeResponse.objects.bulk_create(
            [
                HmeResponse(
                    round=rnd,
                    node_id=node_id,
                    gender=gender,
                    imported=True,
                    **{f"f{i}": a for i, a in enumerate(answers, start=1)},
                )
                for node_id, gender, answers in parsed
            ],
            batch_size=5000,
        )
        if not rnd.is_open:
            round_id = rnd.pk
            transaction.on_commit(lambda: compute_hme_round.delay(round_id))
    return HmeImportResult(rnd, created, len(parsed), replaced)
