"""The organisation file as an import job (tillit/imports): big uploads run in the background."""

from django.urls import reverse

from tillit.imports.registry import register

from . import importer
from .permissions import authorize_kommun_admin


def _run(job, stream):
    authorize_kommun_admin(job.created_by)
    return importer.import_org(stream).summary()


register(
    "organisation",
    label="organisationsfil",
    run=_run,
    back=lambda job: reverse("org:import"),
)
