"""Import a generated 3,000-node tree (depth 6), then re-import it unchanged; a file with one
error is rejected whole. The new nämnder (kods IMP-…) go under the scale kommun, so the importer
also reads its 3,000 existing nodes; everything is rolled back afterwards."""

import contextlib

from django.db import transaction

from tests.bench.harness import measure
from tests.bench.scale import ensure_scale
from tillit.org.importer import ImportError_, import_org
from tillit.org.models import OrgNode
from tillit.org.scale import generated_tree

PREFIX = "IMP-"


def clear():
    OrgNode.objects.filter(kod__startswith=PREFIX, depth=2).delete()


def run():
    ensure_scale()
    text, count = generated_tree(prefix=PREFIX)
    count -= 1  # the kommun row is there already
    results = []
    try:
        with transaction.atomic():
            results = _measure(text, count)
            raise _Done
    except _Done:
        pass
    return results


class _Done(Exception):
    pass


def _measure(text, count):
    first = measure(
        f"import_org: {count} nya enheter", lambda: import_org(text), setup=clear, runs=3
    )
    again = measure(f"import_org: {count} oförändrade", lambda: import_org(text), runs=3)
    bad = text + f"{PREFIX}X;Fel;enhet;FINNS-INTE\n"
    before = OrgNode.objects.count()

    def rejected():
        with contextlib.suppress(ImportError_):
            import_org(bad)
        assert OrgNode.objects.count() == before

    refused = measure(f"import_org: {count} rader, ett fel (avvisas)", rejected, runs=3)
    note = "under skalkommunen, bredvid dess 3 023 enheter"
    for r in (first, again, refused):
        r.note = note
    return [first, again, refused]
