from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from tillit.cycle.tasks_for_user import tasks_for
from tillit.org.permissions import VIEW_PUBLISHED, assignments, nodes_where


@login_required
def home(request):
    """The start page: the user's places in the tree and their tasks from the årshjul."""
    places = nodes_where(request.user, VIEW_PUBLISHED).filter(
        path__in=[a.node.path for a in assignments(request.user)]
    )
    if request.user.is_superuser and not places:
        places = nodes_where(request.user, VIEW_PUBLISHED).filter(depth=1)
    return render(
        request,
        "home.html",
        {"places": places, "tasks": tasks_for(request.user)},
    )


def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def not_found(request, exception=None):
    return render(request, "404.html", status=404)
