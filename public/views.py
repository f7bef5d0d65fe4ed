"""The public results page /resultat/ with its open data, and the administratör's choices.

The public views need no login and set no cookie: the page is the same for everyone, so it is
served as cached bytes (public/results.py), cleared when something is published, unpublished or
handed over. With PUBLIC_RESULTS off all three answer 404.
"""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from tillit.exports import csv_text
from tillit.org.models import OrgNode
from tillit.org.permissions import authorize_kommun_admin

from . import results
from .forms import PublicChoicesForm, boards_of
from .models import PublicChoice


def _enabled():
    if not settings.PUBLIC_RESULTS:
        raise Http404("Sidan finns inte.")


def _page_bytes():
    return render_to_string("public/results.html", {"data": results.cached_results()}).encode()


def _json_bytes():
    return json.dumps(results.cached_results(), ensure_ascii=False, indent=1).encode()


def _csv_bytes():
    return csv_text(results.csv_rows(results.cached_results())).encode("utf-8")


def _respond(body, content_type, filename=None):
    response = HttpResponse(body, content_type=content_type)
    # Browsers ask again each time: an unpublished result must be gone on the next reload.
    response["Cache-Control"] = "no-cache"
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def page(request):
    _enabled()
    body = results.cached(results.CACHE_KEYS[0], _page_bytes)
    return _respond(body, "text/html; charset=utf-8")


@require_GET
def data_json(request):
    _enabled()
    body = results.cached(results.CACHE_KEYS[1], _json_bytes)
    response = _respond(body, "application/json; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"  # open data, readable from any site
    return response


@require_GET
def data_csv(request):
    _enabled()
    body = results.cached(results.CACHE_KEYS[2], _csv_bytes)
    return _respond(body, "text/csv; charset=utf-8", "oppna-resultat.csv")


@login_required
def choices(request):
    """Administration → Öppna resultat: what each nämnd shows on /resultat/."""
    authorize_kommun_admin(request.user)
    kommun = OrgNode.objects.kommun()
    if kommun is None:
        raise Http404("Det finns ingen kommun ännu.")

    def build(data=None):
        return PublicChoicesForm(
            data,
            kommun=kommun,
            boards=boards_of(kommun),
            choices=list(PublicChoice.objects.all()),
        )

    form = build(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if form.save(request.user):
            messages.success(request, "Valen för öppna resultat är sparade.")
            return redirect("public:choices")
        form = build(request.POST)
        form.is_valid()  # shows the "somebody else saved" error against the new choices
    return render(
        request,
        "public/choices.html",
        {"form": form, "kommun": kommun, "enabled": settings.PUBLIC_RESULTS},
    )
