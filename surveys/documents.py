"""The HME step links to the HME rounds (tillit/cycle/documents.py); marked done by hand."""

from django.urls import reverse

from tillit.cycle import documents
from tillit.cycle.models import StepKind

documents.register(StepKind.HME, url=lambda node, period: reverse("surveys:hme_home"))
