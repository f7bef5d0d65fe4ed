"""Import of raw HME answers from a survey vendor (HME.md's format), atomically.

`enhet;kon;f1;…;f9`, `;`-separated, UTF-8 with an optional BOM. The whole file is checked before
anything is written; any error rejects it, naming row and column in Swedish.
"""

from dataclasses import dataclass

from django.db import transaction

from surveys.models import HmeResponse, HmeRound
from tillit.csvimport import Errors, ImportError_, batched, read_rows
from tillit.org.models import OrgNode

from .results import release_conflict_message, release_conflicts
from .rules import parse_answer
from .tasks import compute_hme_round

HEADER = ["enhet", "kon", *[f"f{i}" for i in range(1, 10)]]


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
    rows = read_rows(data, HEADER, kind="hme")
    nodes = dict(OrgNode.objects.values_list("kod", "id"))
    errors, parsed = Errors(), []
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
        parsed.append((node_id, gender if gender in ("K", "M") else "", tuple(answers)))
    if errors:
        raise ImportError_(errors)
    if not parsed:
        raise ImportError_(["Filen innehåller inga svar."])
    return parsed


def import_hme(year, data):
    """Replace a year's imported answers with the file's and queue the computation.

    Creates the year's round (closed: imported answers are complete) when there is none. An
    open round keeps its answers until it is closed; its results are computed then. A round
    whose results have been released refuses a file that would move a shown group's
    respondents by 1 … HME_MIN_GROUP − 1 (ImportError_, nothing saved)."""
    parsed = parse_file(data)
    with transaction.atomic():
        rnd, created = HmeRound.objects.get_or_create(
            year=year, defaults={"status": HmeRound.Status.CLOSED}
        )
        replaced, _ = HmeResponse.objects.filter(round=rnd, imported=True).delete()
        for batch in batched(
            HmeResponse(
                round=rnd,
                node_id=node_id,
                gender=gender,
                imported=True,
                **{f"f{i}": a for i, a in enumerate(answers, start=1)},
            )
            for node_id, gender, answers in parsed
        ):
            HmeResponse.objects.bulk_create(batch)
        # Between two releases no shown group may move by 1 … HME_MIN_GROUP − 1: refuse the
        # file (the transaction rolls back) rather than publish figures that give answers away.
        if changes := release_conflicts(rnd):
            raise ImportError_([release_conflict_message(changes)])
        if not rnd.is_open:
            round_id = rnd.pk
            transaction.on_commit(lambda: compute_hme_round.delay(round_id))
    return HmeImportResult(rnd, created, len(parsed), replaced)
