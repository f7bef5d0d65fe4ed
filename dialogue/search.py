"""Dialogue notes and decisions, and delade erfarenheter, for the search (tillit/search.py):
what `readable_dialogues` and `readable_experiences` answer."""

from tillit import search

from .models import AgendaItem
from .services import readable_dialogues, readable_experiences

search.register(
    "dialogue_item",
    "Verksamhetsdialog",
    queryset=lambda user: AgendaItem.objects.filter(
        dialogue__in=readable_dialogues(user)
    ).select_related("dialogue__node"),
    fields=["notes", "decisions"],
    title=lambda i: f"{i.title} – dialog {i.dialogue.date:%Y-%m-%d} {i.dialogue.node.namn}",
    url=lambda i: f"{i.dialogue.get_absolute_url()}#{i.anchor}",
)
search.register(
    "experience",
    "Delad erfarenhet",
    queryset=readable_experiences,
    fields=["title", "topic", "problem", "measure", "outcome", "analysis"],
    title=lambda e: f"{e.title} ({e.node.namn})",
    url=lambda e: e.get_absolute_url(),
)
