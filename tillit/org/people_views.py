"""People pages: the people file (upload → preview → "Verkställ"; the file waits in a
PeopleUpload row between the steps and nothing is written before "Verkställ"), the user list,
a new person, a person's roles."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from tillit.exports import export_format, table_response

from . import people, people_admin
from .forms import AccountForm, PeopleUploadForm, RoleForm, UserForm
from .models import PeopleUpload, Role, User
from .permissions import assignments, authorize_kommun_admin

PREVIEW_LIMIT = 200


@login_required
def people_upload(request):
    authorize_kommun_admin(request.user)
    form = PeopleUploadForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            text = people.decode_csv(upload.read())
            people.plan_import(text)
        except people.ImportError_ as exc:
            errors = exc.errors
        else:
            # The file holds personal data: keep only the one waiting for "Verkställ".
            PeopleUpload.objects.filter(uploaded_by=request.user, applied_at__isnull=True).delete()
            row = PeopleUpload.objects.create(
                content=text,
                filename=upload.name[:255],
                deactivate_missing=form.cleaned_data["deactivate_missing"],
                uploaded_by=request.user,
            )
            return redirect("org:people_preview", pk=row.pk)
    return render(request, "org/people_upload.html", {"form": form, "errors": errors})


@login_required
def people_preview(request, pk):
    authorize_kommun_admin(request.user)
    upload = get_object_or_404(PeopleUpload, pk=pk, applied_at__isnull=True)
    try:
        plan = people.plan_import(upload.content, deactivate_missing=upload.deactivate_missing)
    except people.ImportError_ as exc:
        # The organisation changed since the upload (a unit was removed, say).
        return render(
            request, "org/people_upload.html", {"form": PeopleUploadForm(), "errors": exc.errors}
        )
    if request.method == "POST":
        people.apply_plan(plan, actor=request.user)
        upload.applied_at = timezone.now()
        upload.content = ""  # applied: the people and roles are in Tillit now
        upload.save(update_fields=["applied_at", "content"])
        messages.success(request, f"Personfilen är inläst: {plan.summary()}")
        return redirect("org:users")
    return render(
        request,
        "org/people_preview.html",
        {"upload": upload, "plan": plan, "rows": preview_rows(plan), "limit": PREVIEW_LIMIT},
    )


def preview_rows(plan):
    """The preview's sections: (heading, total, [(person, detail)]), at most PREVIEW_LIMIT each."""
    names = {p.person_id: p.name for p in plan.people.values()}
    users = {u.id: u for u in plan.deactivate}
    removed_users = User.objects.in_bulk({a.user_id for a in plan.remove_roles})
    users.update(removed_users)
    sections = [
        ("Nya personer", [(p.name, p.email) for p in plan.create]),
        (
            "Ändras",
            [(str(u), "kopplas till personid " + p.person_id) for u, p in plan.link]
            + [(str(u), ", ".join(c)) for u, _p, c in plan.update],
        ),
        (
            "Får en roll",
            [
                (names[pid], plan.role_label(node, role, function))
                for pid, node, role, function, _w in plan.add_roles
            ],
        ),
        (
            "Förlorar en roll",
            [
                (str(users[a.user_id]), plan.role_label(a.node_id, a.role, a.support_function))
                for a in plan.remove_roles
            ],
        ),
        ("Avaktiveras och loggas ut", [(str(u), u.email) for u in plan.deactivate]),
    ]
    return [(heading, len(items), items[:PREVIEW_LIMIT]) for heading, items in sections]


@login_required
def user_list(request):
    authorize_kommun_admin(request.user)
    if fmt := export_format(request):
        return table_response(request, people_admin.users_table(request.GET), fmt)
    page = people_admin.user_page(request.GET)
    query = request.GET.copy()
    query.pop("sida", None)
    query.pop("format", None)
    return render(
        request,
        "org/users.html",
        {
            "page": page,
            "users": page.object_list,
            "roles": Role.choices,
            "params": request.GET,
            "query": query.urlencode(),
        },
    )


@login_required
def user_create(request):
    authorize_kommun_admin(request.user)
    form = UserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        if settings.LOCAL_LOGIN and people_admin.send_set_password_mail(request, user):
            note = f"Ett e-brev med en länk för att välja lösenord har skickats till {user.email}."
        else:
            note = "Hen loggar in med kommunens inloggning."
        messages.success(request, f"{user} har lagts till. {note} Ge hen en roll.")
        return redirect("org:user", pk=user.pk)
    return render(
        request, "org/user_form.html", {"form": form, "local_login": settings.LOCAL_LOGIN}
    )


@login_required
def user_detail(request, pk):
    authorize_kommun_admin(request.user)
    person = get_object_or_404(User, pk=pk)
    form = RoleForm(request.POST or None, user=person)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Rollen har lagts till.")
        return redirect("org:user", pk=person.pk)
    return render(
        request,
        "org/user.html",
        {
            "person": person,
            "form": form,
            "account_form": AccountForm(instance=person),
            "person_roles": assignments(person),
        },
    )


@login_required
@require_POST
def user_account(request, pk):
    """Deactivate or reactivate a person, mark a break-glass account. Deactivating ends the
    person's sessions at once."""
    authorize_kommun_admin(request.user)
    person = get_object_or_404(User, pk=pk)
    was_active = person.is_active
    form = AccountForm(request.POST, instance=person)
    if form.is_valid():
        person = form.save(commit=False)
        if was_active and not person.is_active:
            person.session_token = User.new_session_token()
        form.save()  # checked against the revision the page was opened with
        messages.success(request, "Kontot har sparats.")
    else:
        messages.error(request, " ".join(form.non_field_errors()) or "Kontot kunde inte sparas.")
    return redirect("org:user", pk=person.pk)
