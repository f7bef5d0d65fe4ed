"""Local nyckeltal values as an import job (tillit/imports): big uploads run in the background."""

from django.http import Http404
from django.urls import reverse

from tillit.imports.registry import register
from tillit.org.permissions import EDIT, authorize

from .nyckeltal.importer import import_values


def _run(job, stream):
    if job.node is None:
        raise Http404("Enheten finns inte längre.")
    authorize(job.created_by, EDIT, job.node)
    return import_values(stream, node=job.node, user=job.created_by).summary()


register(
    "nyckeltal",
    label="nyckeltalsvärden",
    run=_run,
    back=lambda job: (
        reverse("planning:nyckeltal:import", args=[job.node.kod]) if job.node else reverse("home")
    ),
)
