"""Comments on a unit's drafts and kvittering: the htmx fragments and their plain-POST twins."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from tillit import forms
from tillit.org.models import OrgNode
from tillit.org.permissions import (
    COMMENT,
    authorize,
    authorize_comments,
    can_acknowledge,
    can_resolve_comment,
)

from .models import Comment, CommentDoc, Nulagesanalys, Uppfoljning, Verksamhetsplan
from .services import comments as sc

DOC_MODELS = {
    CommentDoc.ANALYSIS: Nulagesanalys,
    CommentDoc.PLAN: Verksamhetsplan,
    CommentDoc.FOLLOWUP: Uppfoljning,
}


class CommentForm(forms.Form):
    text = forms.CharField(
        label="Kommentar",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Skriv en kommentar innan du skickar den."},
    )


def _document(kod, doc, pk):
    """The node and the document (its own, for an analysis or plan) or 404."""
    if doc not in DOC_MODELS:
        raise Http404("Dokumentet finns inte.")
    node = OrgNode.objects.filter(kod=kod).first()
    if node is None:
        raise Http404("Enheten finns inte.")
    obj = get_object_or_404(DOC_MODELS[doc], pk=pk)
    if doc != CommentDoc.FOLLOWUP and obj.node_id != node.pk:
        raise Http404("Dokumentet finns inte.")
    return node, obj


def _thread_response(request, thread, status=200):
    if request.htmx:
        return render(request, "planning/_comments.html", {"thread": thread}, status=status)
    back = sc.document_url(thread.doc, thread.obj, thread.node)
    return render(
        request,
        "planning/comment_refused.html",
        {"thread": thread, "back": back, "crumbs": [*thread.node.ancestors(), thread.node]},
        status=status,
    )


@login_required
@require_POST
def comment_add(request, kod, doc, pk):
    node, obj = _document(kod, doc, pk)
    authorize_comments(request.user, node)
    parent = None
    if request.POST.get("parent"):
        parent = get_object_or_404(
            Comment.objects.filter(node=node, **{sc.DOC_FIELD[doc]: obj}),
            pk=request.POST["parent"],
        )
    else:
        authorize(request.user, COMMENT, node)  # a new thread: the line above, support staff
    section = request.POST.get("section", "")
    threads = sc.threads(request.user, doc, obj, node)
    if section not in threads:
        raise Http404("Avsnittet finns inte.")
    form = CommentForm(request.POST)
    error = None
    if form.is_valid():
        try:
            sc.comment_add(
                user=request.user,
                doc=doc,
                obj=obj,
                node=node,
                section=section,
                text=form.cleaned_data["text"],
                parent=parent,
            )
        except sc.CommentRefused as e:
            error = [str(e)]
    else:
        error = form.errors["text"]
    if error:
        thread = threads[section].refuse(
            parent.pk if parent else None, request.POST.get("text", ""), error
        )
        return _thread_response(request, thread, status=422 if not request.htmx else 200)
    if request.htmx:
        return _thread_response(request, sc.threads(request.user, doc, obj, node)[section])
    messages.success(request, "Kommentaren har sparats.")
    return redirect(f"{sc.document_url(doc, obj, node)}#kommentarer-{section}")


@login_required
@require_POST
def comment_resolve(request, pk):
    comment = get_object_or_404(
        Comment.objects.select_related("node", "analysis", "plan", "followup"), pk=pk
    )
    node = comment.node
    authorize_comments(request.user, node)
    if comment.parent_id is not None or not can_resolve_comment(
        request.user, node, comment.author_id
    ):
        raise Http404("Kommentaren kan inte lösas här.")
    sc.comment_resolve(comment=comment, user=request.user)
    doc = comment.doc
    obj = getattr(comment, sc.DOC_FIELD[doc])
    if request.htmx:
        return _thread_response(request, sc.threads(request.user, doc, obj, node)[comment.section])
    messages.success(request, "Kommentaren är markerad som löst.")
    return redirect(f"{sc.document_url(doc, obj, node)}#kommentarer-{comment.section}")


@login_required
@require_POST
def acknowledge(request, kod, doc, pk):
    if doc not in (CommentDoc.PLAN, CommentDoc.FOLLOWUP):
        raise Http404("Dokumentet finns inte.")
    node, obj = _document(kod, doc, pk)
    if not can_acknowledge(request.user, node):
        authorize_comments(request.user, node)  # 404 to outsiders
        raise PermissionDenied("Bara linjen ovanför enheten kvitterar.")
    ack = sc.acknowledge(user=request.user, node=node, **{sc.DOC_FIELD[doc]: obj})
    what = "Verksamhetsplanen" if doc == CommentDoc.PLAN else "Uppföljningen"
    messages.success(request, f"{what} för {node.namn} är kvitterad {ack.at:%Y-%m-%d}.")
    return redirect(sc.document_url(doc, obj, node))
