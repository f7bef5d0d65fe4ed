"""The dialogues' årshjul step (tillit/cycle/documents.py): support staff go to the dialogues
they prepare; the step is still marked done by hand (it spans the year's dialogues)."""

from django.urls import reverse

from tillit.cycle import documents
from tillit.cycle.models import StepKind

documents.register(StepKind.VERKSAMHETSDIALOG, url=lambda node, period: reverse("dialogue:prepare"))
