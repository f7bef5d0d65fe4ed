"""Import a generated 3,000-node tree (depth 6), then re-import it unchanged."""

import contextlib
import io

from tests.bench.harness import measure
from tillit.org.importer import ImportError_, import_org
from tillit.org.models import OrgNode


def generated_tree(units=3000):
    """A kommun → 8 nämnder → förvaltning → verksamheter → avdelningar → enheter, ~`units` rows."""
    out = io.StringIO()
    out.write("kod;namn;typ;foralder\n1;Storstad kommun;kommun;\n")
    count = 1
    for n in range(8):
        out.write(f"N{n};Nämnd {n};nämnd;1\nF{n};Förvaltning {n};förvaltning;N{n}\n")
        count += 2
        for v in range(6):
            out.write(f"V{n}-{v};Verksamhet {n}-{v};verksamhet;F{n}\n")
            count += 1
            for a in range(6):
                out.write(f"A{n}-{v}-{a};Avdelning {n}-{v}-{a};avdelning;V{n}-{v}\n")
                count += 1
                for e in range(10):
                    if count >= units:
                        break
                    out.write(f"E{n}-{v}-{a}-{e};Enhet {n}-{v}-{a}-{e};enhet;A{n}-{v}-{a}\n")
                    count += 1
    return out.getvalue(), count


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
