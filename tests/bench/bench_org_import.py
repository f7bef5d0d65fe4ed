"""Import a generated 3,000-node tree (depth 6), then re-import it unchanged."""

import contextlib

from tests.bench.harness import measure
from tillit.org.importer import ImportError_, import_org
from tillit.org.models import OrgNode
from tillit.org.scale import generated_tree


def run():
    text, count = generated_tree()

    def clear():
        OrgNode.objects.all().delete()

    first = measure(
        f"import_org: {count} nya enheter", lambda: import_org(text), setup=clear, runs=3
    )
    again = measure(f"import_org: {count} oförändrade", lambda: import_org(text), runs=3)
    bad = text + "X;Fel;enhet;FINNS-INTE\n"
    before = OrgNode.objects.count()

    def rejected():
        with contextlib.suppress(ImportError_):
            import_org(bad)
        assert OrgNode.objects.count() == before

    refused = measure(f"import_org: {count} rader, ett fel (avvisas)", rejected, runs=3)
    return [first, again, refused]
