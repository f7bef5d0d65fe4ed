"""Ekonomi and personal files as import jobs (tillit/imports): big uploads run in the
background, with the places the uploader may import for at the time the job runs."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tillit.imports.registry import register
from tillit.org.permissions import feed_import_places

from .models import Feed


def _runner(feed):
    def run(job, stream):
        from .views import UPLOADS

        support_function, importer, _header = UPLOADS[feed]
        places = feed_import_places(job.created_by, support_function)
        if places == []:
            raise PermissionDenied("Du har inte behörighet att importera dessa siffror.")
        return f"{importer(stream, places=places, user=job.created_by)}."

    return run


register(
    "ekonomi",
    label="ekonomifil",
    run=_runner(Feed.EKONOMI),
    back=lambda job: reverse("ekonomi:upload_ekonomi"),
)
register(
    "personal",
    label="personalfil",
    run=_runner(Feed.PERSONAL),
    back=lambda job: reverse("ekonomi:upload_personal"),
)
