"""Import a generated 3,000-node tree (depth 6), then re-import it unchanged; a file with one
error is rejected whole. The tree is a second one (kods IMP-…) beside the scale kommun, so the
importer also reads the 3,000 existing nodes; it is removed afterwards."""

import contextlib

from tests.bench.harness import measure
from tests.bench.scale import ensure_scale
from tillit.org.importer import ImportError_, import_org
from tillit.org.models import OrgNode
from tillit.org.scale import generated_tree

PREFIX = "IMP-"


def clear():
    root = OrgNode.objects.filter(kod=f"{PREFIX}GBG").first()
    if root is not None:
        OrgNode.objects.filter(path__startswith=root.path).delete()


def run():
    ensure_scale()
    text, count = generated_tree(prefix=PREFIX)
    try:
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
    finally:
        clear()
    note = "bredvid skalkommunens 3 023 enheter"
    for r in (first, again, refused):
        r.note = note
    return [first, again, refused]
