"""Nyckeltal pages: the catalogue, the Kolada administration, local values, the nulägeskoll."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from tillit.exports import export_format, table_response
from tillit.imports.services import start_if_large
from tillit.org.permissions import (
    EDIT,
    PREPARE,
    VIEW,
    authorize_kommun_admin,
    can,
    get_node,
    is_kommun_admin,
)

from .. import exports
from ..ekonomi import cards as feed_cards
from ..models.nulageskoll import NulageskollItem, NulageskollSnapshot
from ..models.nyckeltal import (
    KoladaComparison,
    KoladaMunicipality,
    KoladaOuLink,
    KoladaSyncRun,
    Nyckeltal,
    NyckeltalSource,
    NyckeltalValue,
)
from . import nulageskoll, picker
from .forms import (
    ItemEditForm,
    ItemForm,
    KoladaSearchForm,
    LocalNyckeltalForm,
    OuLinkForm,
    SnapshotForm,
    SyncForm,
    UploadForm,
    ValueForm,
)
from .importer import HEADER, ImportError_, import_values, save_value
from .kolada import KoladaClient, KoladaError
from .tasks import kolada_sync_queue


def _crumbs(node):
    return [*node.ancestors(), node]


# -- catalogue ----------------------------------------------------------------------------------
@login_required
def catalogue(request):
    q = request.GET.get("q", "").strip()
    items = Nyckeltal.objects.all()
    if q:
        items = items.filter(Q(title__icontains=q) | Q(code__icontains=q))
    return render(
        request,
        "planning/nyckeltal/catalogue.html",
        {"items": items, "q": q, "can_manage": is_kommun_admin(request.user)},
    )


@login_required
def detail(request, code):
    n = get_object_or_404(Nyckeltal, code=code)
    values = (
        NyckeltalValue.objects.filter(nyckeltal=n, node__isnull=True, ou="").order_by(
            "municipality", "-period", "gender"
        )
        if n.is_kolada
        else []
    )
    names = dict(KoladaMunicipality.objects.values_list("id", "title"))
    rows = [(names.get(v.municipality, v.municipality), v) for v in values]
    return render(request, "planning/nyckeltal/detail.html", {"n": n, "rows": rows})


@login_required
def local_create(request):
    authorize_kommun_admin(request.user)
    form = LocalNyckeltalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        n = form.save(commit=False)
        n.source = NyckeltalSource.LOCAL
        n.save()
        messages.success(request, f"Det lokala nyckeltalet {n.title} har skapats.")
        return redirect("planning:nyckeltal:catalogue")
    return render(request, "planning/nyckeltal/local_form.html", {"form": form})


# -- Kolada administration ---------------------------------------------------------------------
@login_required
def kolada_admin(request):
    authorize_kommun_admin(request.user)
    year = timezone.now().year
    compare = ",".join(KoladaComparison.objects.values_list("municipality", flat=True))
    sync_form = SyncForm(
        request.POST or None,
        initial={"first_year": year - 7, "last_year": year - 1, "compare": compare},
    )
    if request.method == "POST" and sync_form.is_valid():
        kolada_sync_queue(user=request.user, **sync_form.cleaned_data)
        messages.success(request, "Hämtningen från Kolada är köad.")
        return redirect("planning:nyckeltal:kolada")
    search = KoladaSearchForm(request.GET or None)
    results, error = [], ""
    if search.is_valid():
        try:
            with KoladaClient(timeout=10, max_attempts=2) as client:  # a person is waiting
                results = client.search_kpis(search.cleaned_data["q"])[:50]
        except KoladaError as exc:
            error = str(exc)
    known = set(Nyckeltal.objects.values_list("code", flat=True))
    return render(
        request,
        "planning/nyckeltal/kolada_admin.html",
        {
            "sync_form": sync_form,
            "runs": KoladaSyncRun.objects.select_related("requested_by")[:5],
            "search": search,
            "results": results,
            "known": known,
            "error": error,
            "links": KoladaOuLink.objects.select_related("node"),
            "link_form": OuLinkForm(),
        },
    )


@login_required
@require_POST
def ou_link(request):
    """Link one of our units to a Kolada ou (or unlink it with an empty id)."""
    authorize_kommun_admin(request.user)
    form = OuLinkForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, errors[0])
        return redirect("planning:nyckeltal:kolada")
    node, ou = form.cleaned_data["kod"], form.cleaned_data["ou"]
    if not ou:
        KoladaOuLink.objects.filter(node=node).delete()
        messages.success(request, f"{node.namn} är inte längre kopplad till Kolada.")
    elif KoladaOuLink.objects.filter(ou=ou).exclude(node=node).exists():
        messages.error(request, f"Kolada-enheten {ou} är redan kopplad till en annan enhet.")
    else:
        KoladaOuLink.objects.update_or_create(node=node, defaults={"ou": ou})
        messages.success(request, f"{node.namn} är kopplad till Kolada-enheten {ou}.")
    return redirect("planning:nyckeltal:kolada")


@login_required
@require_POST
def kolada_add(request):
    """Add a Kolada KPI to the catalogue (marked in use, so the next sync fetches it)."""
    authorize_kommun_admin(request.user)
    code = request.POST.get("code", "").strip()
    try:
        with KoladaClient(timeout=10, max_attempts=2) as client:
            found = [k for k in client.kpis([code]) if k.id == code] if code else []
    except KoladaError as exc:
        messages.error(request, str(exc))
        return redirect("planning:nyckeltal:kolada")
    if not found:
        messages.error(request, f"Kolada har inget nyckeltal med id {code}.")
        return redirect("planning:nyckeltal:kolada")
    kpi = found[0]
    n, _ = Nyckeltal.objects.update_or_create(
        code=kpi.id,
        defaults={
            "source": NyckeltalSource.KOLADA,
            "title": kpi.title[:300],
            "kolada_title_seen": kpi.title[:300],
            "description": kpi.description,
            "operating_area": kpi.operating_area[:200],
            "has_gender_split": kpi.is_divided_by_gender,
            "in_use": True,
            "fetched_at": timezone.now(),
        },
    )
    messages.success(request, f"{n.title} ({n.code}) finns nu i katalogen.")
    return redirect(n)


# -- the nulägeskoll ---------------------------------------------------------------------------
@login_required
def nulageskoll_page(request, kod):
    node = get_node(request.user, kod, VIEW)
    items = nulageskoll.items_of(node)
    if fmt := export_format(request):
        table = exports.nulageskoll_table(node, nulageskoll.figures(node, items))
        return table_response(request, table, fmt)
    return render(
        request,
        "planning/nyckeltal/nulageskoll.html",
        {
            "node": node,
            "crumbs": _crumbs(node),
            "figures": nulageskoll.with_charts(nulageskoll.figures(node, items)),
            "feeds": feed_cards.unit_cards(node, request.user),
            "notices": nulageskoll.drift_notices(node, items),
            "snapshots": NulageskollSnapshot.objects.filter(node=node).select_related("created_by")[
                :10
            ],
            "can_edit": can(request.user, EDIT, node),
            "can_prepare": can(request.user, PREPARE, node),
            "snapshot_form": SnapshotForm(),
        },
    )


def _picker_context(request, node, form):
    """The picker's search (q, alla) and its results, with the chosen nyckeltal kept."""
    source = request.POST if request.method == "POST" else request.GET
    q = source.get("q", "").strip()[:100]
    everything = source.get("alla") == "1"
    candidates, total = picker.search(node, q, everything=everything)
    selected = str(form["nyckeltal"].value() or "")
    if selected.isdigit() and all(str(c.pk) != selected for c in candidates):
        kept = Nyckeltal.objects.filter(pk=selected).first()
        if kept is not None:
            latest, riket = picker.latest_values(node, [kept])[0]
            candidates.insert(0, picker.Candidate(kept, latest, riket, False))
    return {
        "q": q,
        "everything": everything,
        "candidates": candidates,
        "total": total,
        "shown": len(candidates),
        "selected": selected,
        "picker_url": reverse("planning:nyckeltal:picker", args=[node.kod]),
    }


@login_required
def item_add(request, kod):
    node = get_node(request.user, kod, EDIT)
    form = ItemForm(request.POST or None, node=node)
    if request.method == "POST" and form.is_valid():
        item = nulageskoll.add_item(node=node, user=request.user, **form.cleaned_data)
        messages.success(request, f"{item.nyckeltal.title} har lagts till i nulägeskollen.")
        return redirect("planning:nyckeltal:nulageskoll", node.kod)
    return render(
        request,
        "planning/nyckeltal/item_add.html",
        {
            "node": node,
            "crumbs": _crumbs(node),
            "form": form,
            "title": "Lägg till nyckeltal",
            **_picker_context(request, node, form),
        },
    )


@login_required
def picker_results(request, kod):
    """The picker's result list (htmx: replaced as the person types)."""
    node = get_node(request.user, kod, EDIT)
    form = ItemForm(node=node)
    return render(
        request,
        "planning/nyckeltal/_picker_results.html",
        {"node": node, "form": form, **_picker_context(request, node, form)},
    )


@login_required
def item_edit(request, kod, pk):
    node = get_node(request.user, kod, EDIT)
    item = get_object_or_404(NulageskollItem.objects.select_related("nyckeltal"), pk=pk, node=node)
    form = ItemEditForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Målvärde och kommentar för {item.nyckeltal.title} är sparade.")
        return redirect("planning:nyckeltal:nulageskoll", node.kod)
    return render(
        request,
        "planning/nyckeltal/item_form.html",
        {"node": node, "crumbs": _crumbs(node), "form": form, "title": item.nyckeltal.title},
    )


@login_required
@require_POST
def item_remove(request, kod, pk):
    node = get_node(request.user, kod, EDIT)
    item = get_object_or_404(NulageskollItem.objects.select_related("nyckeltal"), pk=pk, node=node)
    item.delete()
    messages.success(request, f"{item.nyckeltal.title} har tagits bort från nulägeskollen.")
    return redirect("planning:nyckeltal:nulageskoll", node.kod)


@login_required
@require_POST
def snapshot_create(request, kod):
    node = get_node(request.user, kod, PREPARE)
    form = SnapshotForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["title"][0])
        return redirect("planning:nyckeltal:nulageskoll", node.kod)
    snapshot = nulageskoll.nulageskoll_snapshot_create(
        node=node, user=request.user, title=form.cleaned_data["title"]
    )
    messages.success(request, f"Ögonblicksbilden ”{snapshot.title}” är sparad.")
    return redirect(snapshot)


@login_required
def snapshot_detail(request, kod, pk):
    node = get_node(request.user, kod, VIEW)
    snapshot = get_object_or_404(
        NulageskollSnapshot.objects.select_related("created_by"), pk=pk, node=node
    )
    return render(
        request,
        "planning/nyckeltal/snapshot.html",
        {"node": node, "crumbs": _crumbs(node), "snapshot": snapshot},
    )


# -- local values --------------------------------------------------------------------------------
@login_required
def value_form(request, kod):
    node = get_node(request.user, kod, EDIT)
    form = ValueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        save_value(node=node, user=request.user, **data)
        messages.success(
            request, f"Värdet för {data['nyckeltal'].title} {data['period']} är sparat."
        )
        return redirect("planning:nyckeltal:nulageskoll", node.kod)
    return render(
        request,
        "planning/nyckeltal/value_form.html",
        {"node": node, "crumbs": _crumbs(node), "form": form},
    )


@login_required
def value_import(request, kod):
    node = get_node(request.user, kod, EDIT)
    form = UploadForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if job := start_if_large(user=request.user, kind="nyckeltal", upload=upload, node=node):
            return redirect(job)
        try:
            result = import_values(upload.read(), node=node, user=request.user)
        except ImportError_ as exc:
            errors = exc.errors
        else:
            messages.success(request, f"Importen är klar: {result.summary()}")
            return redirect("planning:nyckeltal:nulageskoll", node.kod)
    return render(
        request,
        "planning/nyckeltal/import.html",
        {
            "node": node,
            "crumbs": _crumbs(node),
            "form": form,
            "errors": errors,
            "header": ";".join(HEADER),
        },
    )
