"""Finding people and giving roles at the scale of a large kommun: the user list with search,
filters and paging; a new person gets a set-password e-mail instead of a password someone types;
role changes in the history with who and when."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.core.paginator import Paginator
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .models import OrgNode, Role, RoleAssignment, RoleSource, SupportFunction, User

PAGE_SIZE = 50


def user_search(*, q="", role="", kod="", status="active"):
    """Users matching the list's search box and filters, ordered for the list."""
    users = User.objects.all()
    if q:
        for word in q.split():
            users = users.filter(
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(username__icontains=word)
                | Q(email__icontains=word)
                | Q(person_id__iexact=word)
            )
    if role:
        users = users.filter(roles__role=role)
    if kod:
        node = OrgNode.objects.filter(kod=kod).only("path").first()
        if node is None:
            return User.objects.none()
        users = users.filter(roles__node__path__startswith=node.path)
    if status == "active":
        users = users.filter(is_active=True)
    elif status == "inactive":
        users = users.filter(is_active=False)
    return users.distinct().order_by("last_name", "first_name", "username")


def _filters(params):
    """The list's search box and filters read from its query string."""
    return {
        "q": params.get("q", "").strip(),
        "role": params.get("roll", "") if params.get("roll") in Role.values else "",
        "kod": params.get("enhet", "").strip(),
        "status": params.get("status", "active"),
    }


def user_page(params):
    """One page of the list: the ids are paged first, then only that page is fetched whole."""
    ids = user_search(**_filters(params)).values_list("id", flat=True)
    page = Paginator(ids, PAGE_SIZE).get_page(params.get("sida"))
    people = User.objects.filter(id__in=list(page.object_list)).prefetch_related("roles__node")
    page.object_list = sorted(people, key=lambda u: (u.last_name, u.first_name, u.username))
    return page


def users_table(params):
    """Every user the list's search and filters match (all pages, in the list's order), one
    row per role, as a table for Excel and CSV (tillit/exports.py)."""
    from tillit.exports import Column, Table

    people = user_search(**_filters(params)).prefetch_related("roles__node")
    rows = []
    for person in people:
        base = [
            person.get_full_name() or person.username,
            person.username,
            person.email,
            person.person_id or "",
            "Aktiv" if person.is_active else "Avaktiverad",
        ]
        roles = sorted(person.roles.all(), key=lambda a: (a.node.path, a.role))
        rows += [[*base, a.label, a.node.namn, a.node.kod] for a in roles] or [
            [*base, "Ingen roll", "", ""]
        ]
    return Table(
        title="Användare och roller",
        columns=[
            Column("Namn", width=28),
            Column("Användarnamn", width=20),
            Column("E-post", width=30),
            Column("Personid"),
            Column("Konto"),
            Column("Roll", width=28),
            Column("Enhet", width=36),
            Column("Enhetskod"),
        ],
        rows=rows,
        source="Tillit",
        filename="anvandare-och-roller",
    )


def send_set_password_mail(request, user):
    """A Swedish e-mail with a link where the new person chooses a password (Django's
    password-reset tokens: one use, invalid once the password is set)."""
    if not user.email:
        return False
    link = request.build_absolute_uri(
        reverse(
            "set_password",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
    )
    body = render_to_string(
        "registration/set_password_email.txt",
        {"person": user, "link": link, "site_name": settings.SITE_NAME},
    )
    send_mail(f"Välkommen till {settings.SITE_NAME}", body, None, [user.email])
    return True


@dataclass
class RoleChange:
    when: object
    who: str
    person: object
    change: str
    url: str


def role_changes(limit=200):
    """Every role given or taken (by hand, by the people file), newest first, for the
    Ändringslogg: who did it, when, and old → new."""
    history = RoleAssignment.history.select_related("history_user", "user", "node").order_by(
        "-history_date"
    )[:limit]
    rows = []
    for h in history:
        label = Role(h.role).label
        if h.role == Role.STOD and h.support_function:
            label = f"Stödfunktion {SupportFunction(h.support_function).label}"
        what = f"{label} – {h.node.namn if h.node else '?'}"
        if h.history_type == "+":
            change = f"Ingen roll → {what}"
        elif h.history_type == "-":
            change = f"{what} → borttagen"
        else:
            change = f"{what}: {RoleSource(h.source).label.lower()}"
        if h.history_user is not None:
            who = h.history_user.get_full_name() or h.history_user.username
        elif h.history_change_reason:
            who = h.history_change_reason
        else:
            who = "Okänd"
        person = h.user
        url = reverse("org:user", args=[h.user_id]) if person else ""
        rows.append(RoleChange(h.history_date, who, person, change, url))
    return rows
