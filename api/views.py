"""The API's pages: the administratör's token list (create, show once, revoke) and the
documentation (how to connect Power BI)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from tillit.org.permissions import authorize_kommun_admin, is_kommun_admin

from .forms import TokenForm
from .machinery import PAGE_SIZE, rate_limit
from .models import ApiToken


@login_required
def tokens(request):
    authorize_kommun_admin(request.user)
    form = TokenForm(request.POST or None)
    created = secret = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created, secret = ApiToken.issue(
            name=data["name"],
            owner=data["username"],
            service=data["service"],
            scope=data["scope"],
            level=data["level"],
            created_by=request.user,
        )
        form = TokenForm()
    rows = ApiToken.objects.select_related("owner", "scope", "created_by")
    response = render(
        request,
        "api/tokens.html",
        {"form": form, "tokens": rows, "created": created, "secret": secret},
    )
    if secret:
        response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def revoke(request, pk):
    authorize_kommun_admin(request.user)
    token = get_object_or_404(ApiToken, pk=pk)
    token.revoke(by=request.user)
    messages.success(request, f"Nyckeln “{token.name}” är återkallad.")
    return redirect("api:tokens")


@login_required
def documentation(request):
    limit, window = rate_limit()
    return render(
        request,
        "api/documentation.html",
        {
            "base": request.build_absolute_uri(reverse("api-v1:api-root")),
            "page_size": PAGE_SIZE,
            "limit": limit,
            "window": window,
            "is_admin": is_kommun_admin(request.user),
        },
    )
