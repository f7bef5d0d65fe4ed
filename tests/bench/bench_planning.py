"""A nämnd of the scale kommun (~375 units below it): its goal overview, nulägeskarta,
compile and follow-up pages as its förvaltningschef (time, query count, peak memory)."""

from django.conf import settings
from django.test import Client

from planning.models import Uppfoljning
from tests.bench.harness import measure
from tests.bench.scale import ensure_scale
from tillit.org.models import OrgNode, User


def run():
    ensure_scale()
    settings.ALLOWED_HOSTS = ["*"]
    board = OrgNode.objects.get(kod="N3")
    units = OrgNode.objects.filter(path__startswith=board.path).count() - 1
    fu = Uppfoljning.objects.filter(published=True).first()
    client = Client()
    client.force_login(User.objects.get(username="fc.F3"))

    def get(url):
        def fn():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return fn

    pages = [
        ("målöversikt kommunen", "/planering/mal/"),
        ("nämndens mål", "/planering/enhet/N3/mal/"),
        ("nulägeskarta (36 slutsatser)", "/planering/enhet/N3/nulageskarta/"),
        (
            "sammanställ: välj bland nämndens analyser",
            "/planering/enhet/N3/nulageskarta/sammanstall/",
        ),
        (
            "sammanställ: en verksamhet",
            "/planering/enhet/N3/nulageskarta/sammanstall/?enhet=V3-0",
        ),
        ("planering: enheternas status", "/planering/"),
        ("delårsrapport, alla enheters statusar", f"/planering/uppfoljning/{fu.pk}/"),
    ]
    return [
        measure(f"planning: {name}", get(url), runs=3, note=f"{units} enheter under nämnden")
        for name, url in pages
    ]
