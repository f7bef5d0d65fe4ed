"""Page times and query counts on the Göteborg-size dataset (seed_scale), served in-process."""

from django.core.management import call_command
from django.test import Client

from tests.bench.harness import measure
from tillit.org.models import User

# (name, username, path) — extended by each module with its own pages.
PAGES = [
    ("startsida, enhetschef", "chef.E3-2-1-4", "/"),
    ("startsida, förvaltningschef", "fc.F3", "/"),
    ("organisationsträd, admin", "admin", "/organisation/"),
    ("organisationsträd, förtroendevald", "pol0.N3", "/organisation/"),
    ("enhetssida, förvaltning", "fc.F3", "/organisation/F3/"),
    ("årshjul, enhetschef", "chef.E3-2-1-4", "/arshjul/"),
]


def run():
    call_command("seed_scale", stdout=open("/dev/null", "w"))  # noqa: SIM115
    results = []
    for name, username, path in PAGES:
        client = Client()
        client.force_login(User.objects.get(username=username))
        assert client.get(path).status_code == 200, path
        results.append(
            measure(f"sida: {name}", lambda c=client, p=path: c.get(p), runs=5, trace_memory=False)
        )
    return results
