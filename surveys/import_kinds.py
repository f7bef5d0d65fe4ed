"""HME answers as an import job (tillit/imports): big uploads run in the background."""

from django.urls import reverse

from tillit.imports.registry import register
from tillit.org.permissions import authorize_kommun_admin

from .hme.importer import import_hme


def _run(job, stream):
    authorize_kommun_admin(job.created_by)
    return import_hme(int(job.params["year"]), stream).summary()


register(
    "hme",
    label="HME-svar",
    run=_run,
    back=lambda job: reverse("surveys:hme_import"),
)
