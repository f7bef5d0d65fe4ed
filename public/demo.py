"""Demo data for the public results page (called by `seed_demo`): every nämnd and styrelse
shows its goals, nyckeltal and nulägeskarta, and the kommun its Kommunkompassen and HME. The
page itself stays off until PUBLIC_RESULTS is set."""

from tillit.org.models import OrgNode

from .models import PublicChoice


def seed(ctx):
    kommun = OrgNode.objects.kommun()
    if kommun is None:
        return
    for node in OrgNode.objects.open().boards().filter(path__startswith=kommun.path):
        PublicChoice.objects.get_or_create(
            node=node, defaults={"goals": True, "figures": True, "karta": True}
        )
    PublicChoice.objects.get_or_create(node=kommun, defaults={"kompass": True, "hme": True})
    ctx["log"].append("Öppna resultat: valda för alla nämnder (slås på med PUBLIC_RESULTS=1).")
