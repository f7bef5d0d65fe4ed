from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from tillit.imports.services import start_if_large

from . import importer
from .forms import MoveForm, NodeForm, RenameForm, UploadForm
from .models import OrgNode, RoleAssignment, User
from .permissions import (
    EDIT,
    MANAGE,
    VIEW,
    VIEW_PUBLISHED,
    assignments,
    authorize_kommun_admin,
    can,
    get_node,
    nodes_where,
)


@login_required
def tree(request):
    """The organisation as far as the user may see it, root first."""
    # Four levels, or deep enough to show the user's own places.
    depth = max([4] + [a.node.depth + 1 for a in assignments(request.user)])
    nodes = list(nodes_where(request.user, VIEW_PUBLISHED).filter(depth__lte=depth))
    return render(request, "org/tree.html", {"nodes": nodes})


@login_required
def node_detail(request, kod):
    node = get_node(request.user, kod, VIEW_PUBLISHED)
    children = nodes_where(request.user, VIEW_PUBLISHED, OrgNode.objects.get_children(node))
    return render(
        request,
        "org/node.html",
        {
            "node": node,
            "crumbs": node.ancestors(),
            "children": children,
            "can_view": can(request.user, VIEW, node),
            "can_edit": can(request.user, EDIT, node),
            "can_manage": can(request.user, MANAGE, node),
            "people": RoleAssignment.objects.filter(node=node).select_related("user")
            if can(request.user, VIEW, node)
            else [],
        },
    )


@login_required
def node_create(request, kod):
    parent = get_node(request.user, kod, MANAGE)
    form = NodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        node = OrgNode.objects.add_child(parent, form.cleaned_data)
        messages.success(request, f"{node.namn} har skapats under {parent.namn}.")
        return redirect(node)
    return render(
        request,
        "org/node_form.html",
        {
            "form": form,
            "node": parent,
            "crumbs": [*parent.ancestors(), parent],
            "title": f"Ny enhet under {parent.namn}",
        },
    )


@login_required
def node_edit(request, kod):
    node = get_node(request.user, kod, MANAGE)
    form = RenameForm(request.POST or None, instance=node)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Ändringarna har sparats.")
        return redirect(node)
    return render(
        request,
        "org/node_form.html",
        {"form": form, "node": node, "crumbs": node.ancestors(), "title": f"Ändra {node.namn}"},
    )


@login_required
def node_move(request, kod):
    node = get_node(request.user, kod, MANAGE)
    if node.depth == 1:
        messages.error(request, "Kommunen kan inte flyttas.")
        return redirect(node)
    form = MoveForm(request.POST or None, node=node)
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["parent"]
        authorize_target = can(request.user, MANAGE, target)
        if not authorize_target:
            raise PermissionDenied
        with transaction.atomic():
            OrgNode.objects.move(node, target, "last-child")
        messages.success(request, f"{node.namn} har flyttats till {target.namn}.")
        return redirect("org:node", kod=node.kod)
    return render(
        request,
        "org/node_form.html",
        {"form": form, "node": node, "crumbs": node.ancestors(), "title": f"Flytta {node.namn}"},
    )


@login_required
@require_POST
def node_close(request, kod):
    node = get_node(request.user, kod, MANAGE)
    if node.depth == 1:
        messages.error(request, "Kommunen kan inte stängas.")
    elif node.is_closed:
        node.reopen()
        messages.success(request, f"{node.namn} är öppen igen.")
    else:
        node.close()
        messages.success(
            request, f"{node.namn} är stängd. Dess historik finns kvar och kan fortfarande läsas."
        )
    return redirect(node)


@login_required
def admin_home(request):
    authorize_kommun_admin(request.user)
    return render(
        request,
        "org/admin.html",
        {"user_count": User.objects.count(), "node_count": OrgNode.objects.count()},
    )


@login_required
def export_all(request):
    """All of the kommun's data as a zip (JSON for restore, CSV per table, files)."""
    import tempfile

    from django.http import FileResponse
    from django.utils import timezone

    from tillit.portability import export_zip

    authorize_kommun_admin(request.user)
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    export_zip(spool)
    spool.seek(0)
    name = f"tillit-export-{timezone.localdate():%Y-%m-%d}.zip"
    return FileResponse(spool, as_attachment=True, filename=name, content_type="application/zip")


@login_required
def import_view(request):
    authorize_kommun_admin(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if job := start_if_large(user=request.user, kind="organisation", upload=upload):
            return redirect(job)
        try:
            result = importer.import_org(upload.read())
        except importer.ImportError_ as exc:
            errors = exc.errors
        else:
            messages.success(request, f"Importen är klar: {result.summary()}")
            return redirect("org:tree")
    return render(request, "org/import.html", {"form": form, "errors": errors})


@login_required
@require_POST
def role_remove(request, pk):
    authorize_kommun_admin(request.user)
    assignment = get_object_or_404(RoleAssignment, pk=pk)
    assignment.delete()
    messages.success(request, "Rollen har tagits bort.")
    return redirect("org:user", pk=assignment.user_id)
