"""Ekonomi and personal pages: a node's figures for a chosen month, and the two uploads."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render

from tillit.csvimport import ImportError_
from tillit.exports import export_format, table_response
from tillit.imports.services import start_if_large
from tillit.org.models import OrgNode, SupportFunction
from tillit.org.permissions import authorize_feeds, feed_import_places

from .. import exports
from . import cards
from .forms import FeedUploadForm
from .importer import EKONOMI_HEADER, PERSONAL_HEADER, import_ekonomi, import_personal, parse_period
from .models import Feed

UPLOADS = {
    Feed.EKONOMI: (SupportFunction.EKONOMI, import_ekonomi, EKONOMI_HEADER),
    Feed.PERSONAL: (SupportFunction.HR, import_personal, PERSONAL_HEADER),
}


def _period(text, available):
    try:
        return parse_period(text) if text else (available[0] if available else None)
    except ValueError:
        return available[0] if available else None


@login_required
def node(request, kod):
    node = get_object_or_404(OrgNode, kod=kod)
    authorize_feeds(request.user, node)
    available = cards.periods()
    period = _period(request.GET.get("period"), available)
    if fmt := export_format(request, "ekonomi"):
        card = cards.ekonomi_card(node, period, user=request.user, children=True, chart=False)
        return table_response(request, exports.ekonomi_table(card), fmt)
    personal = cards.personal_card(node, period, request.user, children=True)
    if fmt := export_format(request, "personal"):
        return table_response(request, exports.personal_table(personal), fmt)
    return render(
        request,
        "planning/ekonomi/node.html",
        {
            "node": node,
            "crumbs": [*node.ancestors(), node],
            "periods": available,
            "period": period,
            "ekonomi": cards.ekonomi_card(node, period, user=request.user, children=True),
            "personal": personal,
        },
    )


@login_required
def upload(request, feed):
    support_function, importer, header = UPLOADS[feed]
    places = feed_import_places(request.user, support_function)
    if places == []:
        raise PermissionDenied("Du har inte behörighet att importera dessa siffror.")
    form = FeedUploadForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if job := start_if_large(user=request.user, kind=str(feed), upload=upload):
            return redirect(job)
        try:
            summary = importer(upload.read(), places=places, user=request.user)
        except ImportError_ as exc:
            errors = exc.errors
        else:
            messages.success(request, f"Importen är klar: {summary}.")
            return redirect(request.path)
    return render(
        request,
        "planning/ekonomi/upload.html",
        {
            "feed": Feed(feed),
            "form": form,
            "errors": errors,
            "header": ";".join(header),
            "scoped": places is not None,
        },
    )
