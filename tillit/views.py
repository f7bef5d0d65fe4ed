from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from tillit import search, start
from tillit.cycle.tasks_for_user import tasks_for
from tillit.org.permissions import VIEW_PUBLISHED, assignments, nodes_where


@login_required
def home(request):
    """The start page: what the role uses first (tillit/start.py), the tasks from the årshjul
    (each linking to its document), the user's places in the tree."""
    places = nodes_where(request.user, VIEW_PUBLISHED).filter(
        path__in=[a.node.path for a in assignments(request.user)]
    )
    if request.user.is_superuser and not places:
        places = nodes_where(request.user, VIEW_PUBLISHED).filter(depth=1)
    return render(
        request,
        "home.html",
        {"places": places, "tasks": tasks_for(request.user), "cards": start.cards_for(request)},
    )


def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def not_found(request, exception=None):
    return render(request, "404.html", status=404)


@login_required
def search_view(request):
    """Sök: one search over what the person may read (tillit/search.py)."""
    text = request.GET.get("q", "").strip()
    hits = search.search(request.user, text) if text else []
    return render(
        request, "search.html", {"search_query": text, "hits": hits, "searched": bool(text)}
    )
