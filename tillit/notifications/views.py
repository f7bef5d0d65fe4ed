from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .forms import PreferenceForm
from .models import Notification, NotificationPreference, email_choice
from .service import mark_read


@login_required
def notification_list(request):
    qs = Notification.objects.filter(recipient=request.user)
    page = Paginator(qs, 50).get_page(request.GET.get("sida"))
    form = PreferenceForm(initial={"email": email_choice(request.user.pk)})
    return render(request, "notifications/list.html", {"page": page, "form": form})


@login_required
@require_POST
def read(request):
    """Mark one (`id`) or all as read; with `open`, go on to the notification's page."""
    nid = request.POST.get("id")
    if nid is not None:
        n = Notification.objects.filter(recipient=request.user, pk=nid if nid.isdigit() else 0)
        n = n.first()
        if n is None:
            messages.error(request, "Händelsen finns inte.")
            return redirect("notifications:list")
        mark_read(request.user, [n.pk])
        if request.POST.get("open") and url_has_allowed_host_and_scheme(n.url, allowed_hosts=None):
            return redirect(n.url)
        messages.success(request, "Markerad som läst.")
    else:
        count = mark_read(request.user)
        messages.success(request, f"{count} markerade som lästa.")
    return redirect("notifications:list")


@login_required
@require_POST
def preference(request):
    form = PreferenceForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Välj hur du vill få e-post.")
        return redirect("notifications:list")
    NotificationPreference.objects.update_or_create(
        user=request.user, defaults={"email": form.cleaned_data["email"]}
    )
    messages.success(request, "Ditt val om e-post är sparat.")
    return redirect("notifications:list")
