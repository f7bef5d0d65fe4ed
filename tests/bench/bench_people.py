"""Import a generated people file (2,700 people, 3,200 role rows) onto the scale kommun's
units, import it again unchanged, and reject a file with one bad row. Rolled back afterwards."""

import contextlib

from django.db import transaction

from tests.bench.harness import measure
from tests.bench.scale import ensure_scale
from tillit.org.models import OrgNode, RoleAssignment, User
from tillit.org.people import HEADER, ImportError_, import_people

PREFIX = "BENCH-P"
PEOPLE = 2700
ROWS = 3200
WORDS = ["enhetschef", "verksamhetschef", "förvaltningschef", "stödfunktion", "förtroendevald"]


def generated_people(kods, people=PEOPLE, rows=ROWS):
    """A people file: one role each, the first rows - people persons get a second role."""
    lines = [";".join(HEADER)]
    for i in range(rows):
        n = i % people
        word = WORDS[(i // people + n) % len(WORDS)]
        function = ["ekonomi", "hr", "kvalitet"][n % 3] if word == "stödfunktion" else ""
        kod = kods[(n * 7 + i // people) % len(kods)]
        name, email = f"Person{n} Efternamn{n}", f"person{n}@bench.example"
        lines.append(f"{PREFIX}{n:05d};{name};{email};{kod};{word};{function}")
    return "\n".join(lines) + "\n"


def clear():
    RoleAssignment.objects.filter(user__person_id__startswith=PREFIX).delete()
    User.objects.filter(person_id__startswith=PREFIX).delete()


def run():
    ensure_scale()
    kods = list(OrgNode.objects.filter(depth__gte=3).values_list("kod", flat=True)[:2000])
    text = generated_people(kods)
    results = []
    try:
        with transaction.atomic():
            results = _measure(text)
            for r in results:
                r.note = f"{len(kods)} enheter i skalkommunen; mål ≤ 5 s / ≤ 2 s / ≤ 2 s"
            raise _Done
    except _Done:
        pass
    return results


class _Done(Exception):
    pass


def _measure(text):
    first = measure(
        f"import_people: {PEOPLE} nya personer, {ROWS} rader",
        lambda: import_people(text),
        setup=clear,
        runs=3,
        trace_memory=False,
    )
    again = measure(
        f"import_people: {PEOPLE} personer oförändrade",
        lambda: import_people(text),
        runs=3,
        trace_memory=False,
    )
    bad = text + f"{PREFIX}X;Fel Person;fel@bench.example;FINNS-INTE;enhetschef;\n"
    before = RoleAssignment.objects.count()

    def rejected():
        with contextlib.suppress(ImportError_):
            import_people(bad)
        assert RoleAssignment.objects.count() == before

    refused = measure(
        f"import_people: {ROWS} rader, ett fel (avvisas)", rejected, runs=3, trace_memory=False
    )
    return [first, again, refused]
