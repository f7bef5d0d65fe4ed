"""Page times and query counts on the Göteborg-size dataset (seed_scale), served in-process:
every module's main pages as the person who uses them (a chef of one enhet among 3,000, a
förvaltningschef over ~375 units, a politician, the admin)."""

from django.conf import settings
from django.test import Client

from dialogue.models import Dialogue
from planning.models import NulageskartaVersion, Uppfoljning
from surveys.models import HmeRound, KompassEvaluation
from tests.bench.harness import measure
from tests.bench.scale import ensure_scale
from tillit.org.models import User

CHEF, UNIT = "chef.E3-2-1-4", "E3-2-1-4"


def pages():
    """(name, username, path): resolved against the seeded data."""
    fu = Uppfoljning.objects.filter(published=True).first()
    version = NulageskartaVersion.objects.filter(karta__node__kod="N3").first()
    dialogue = Dialogue.objects.filter(node__kod__startswith="E3-", locked_at__isnull=False)
    dialogue = dialogue.order_by("date", "id").first()
    year = HmeRound.objects.order_by("-year").values_list("year", flat=True).first()
    evaluation = KompassEvaluation.objects.filter(node__kod="GBG").first()
    return [
        ("startsida, enhetschef", CHEF, "/"),
        ("startsida, förvaltningschef", "fc.F3", "/"),
        ("organisationsträd, admin", "admin", "/organisation/"),
        ("organisationsträd, förtroendevald", "pol0.N3", "/organisation/"),
        ("enhetssida, förvaltning", "fc.F3", "/organisation/F3/"),
        ("årshjul, enhetschef", CHEF, "/arshjul/"),
        ("verksamhetsplan, enhetschef", CHEF, f"/planering/enhet/{UNIT}/verksamhetsplan/"),
        (
            "verksamhetsplan ändra (formulär)",
            CHEF,
            f"/planering/enhet/{UNIT}/verksamhetsplan/andra/",
        ),
        ("nulägesanalys, enhetschef", CHEF, f"/planering/enhet/{UNIT}/nulagesanalys/"),
        ("nulägesanalys ändra (formulär)", CHEF, f"/planering/enhet/{UNIT}/nulagesanalys/andra/"),
        ("nulägeskoll, enhetschef", CHEF, f"/planering/nyckeltal/enhet/{UNIT}/"),
        ("planering översikt, förvaltningschef", "fc.F3", "/planering/"),
        ("delårsrapport, förtroendevald", "pol0.N3", f"/planering/uppfoljning/{fu.pk}/"),
        ("nulägeskarta version, förtroendevald", "pol0.N3", version.get_absolute_url()),
        ("nämndens mål, förtroendevald", "pol0.N3", "/planering/enhet/N3/mal/"),
        ("dialoger, förvaltningschef", "fc.F3", "/dialog/"),
        ("dialog med protokoll, enhetschef", dialogue.chair.username, f"/dialog/{dialogue.pk}/"),
        ("HME-resultat nämnd, förtroendevald", "pol0.N3", f"/enkater/hme/{year}/N3/"),
        ("HME-resultat förvaltning, fc", "fc.F3", f"/enkater/hme/{year}/F3/"),
        ("Kommunkompassen, admin", "admin", f"/enkater/kommunkompassen/GBG/{evaluation.pk}/"),
        ("tillitsmognad, förvaltningschef", "fc.F3", "/enkater/tillit/F3/"),
    ]


def run():
    ensure_scale()
    settings.ALLOWED_HOSTS = ["*"]
    results = []
    for name, username, path in pages():
        client = Client()
        client.force_login(User.objects.get(username=username))
        status = client.get(path).status_code
        assert status == 200, (path, status)
        results.append(
            measure(f"sida: {name}", lambda c=client, p=path: c.get(p), runs=5, trace_memory=False)
        )
    return results
