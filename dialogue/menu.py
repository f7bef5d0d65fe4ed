from django.urls import reverse

from tillit import menu, start
from tillit.org.models import Role
from tillit.org.permissions import VIEW, can

STAFF = (Role.ADMIN, Role.FORVALTNINGSCHEF, Role.CHEF, Role.STOD)

menu.register(
    "dialogue_prepare", "Dialoger att förbereda", "dialogue:prepare", roles=[Role.STOD], order=5
)
menu.register(
    "dialogue", "Dialoger", "dialogue:index", roles=STAFF, order={Role.STOD: 12}, default_order=40
)
menu.register("experiences", "Delade erfarenheter", "dialogue:experiences", roles=STAFF, order=60)
menu.register_unit(
    "dialogue",
    "Dialoger",
    lambda node: reverse("dialogue:node", args=[node.kod]) if node.depth > 1 else None,
    visible=lambda user, node: can(user, VIEW, node),
    order=50,
)


def next_to_prepare(request):
    from .services import dialogues_to_prepare

    coming = list(dialogues_to_prepare(request.user)[:4])
    return {"next": coming[0], "more": coming[1:]} if coming else None


start.register(
    "next_dialogue",
    "dialogue/_home.html",
    roles=[Role.STOD, Role.ADMIN],
    order=10,
    data=next_to_prepare,
)
