"""People and roles from the HR system: `personid;namn;epost;enhet;roll;stodfunktion`.

One row per role; a person may have several rows. The whole file is checked against itself and
the organisation before anything is written; one problem rejects it all, and every problem is
named by row and column, in Swedish.

Re-importing updates people by `personid` (a person without one is matched by e-mail once).
Roles that came from the file and are no longer in it are removed; roles given by hand in
Tillit are kept (a role the file now also gives becomes the file's). With `deactivate_missing`,
people who came from an earlier file and are no longer in this one are deactivated and their
sessions ended.

`plan_import` works out what a file would do (the preview); `apply_plan` does it;
`import_people` is both in one transaction. `export_people` writes the file's roles back in the
same format, sorted by personid, enhet, roll.
"""

import csv
import io
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from simple_history.utils import bulk_create_with_history

from tillit.csvimport import ImportError_, decode_csv, read_rows

from .models import OrgNode, Role, RoleAssignment, RoleSource, SupportFunction, User

HEADER = ["personid", "namn", "epost", "enhet", "roll", "stodfunktion"]
# The file's `roll` words → Tillit's roles. Verksamhetschef and enhetschef are one role today.
ROLE_WORDS = {
    "administratör": Role.ADMIN,
    "förvaltningschef": Role.FORVALTNINGSCHEF,
    "verksamhetschef": Role.CHEF,
    "enhetschef": Role.CHEF,
    "stödfunktion": Role.STOD,
    "förtroendevald": Role.FORTROENDEVALD,
}
# Written back by export_people for roles whose file word is unknown (given before file_role).
DEFAULT_WORD = {role: word for word, role in reversed(ROLE_WORDS.items())}
FUNCTIONS = {value for value, _label in SupportFunction.choices}
CHANGE_REASON = "Import av personfil"

__all__ = ["HEADER", "ImportError_", "apply_plan", "export_people", "import_people"]


@dataclass
class Person:
    person_id: str
    name: str
    email: str
    row: int
    roles: dict = field(default_factory=dict)  # (node_id, role, function) → file word

    @property
    def first_name(self):
        return self.name.rsplit(" ", 1)[0] if " " in self.name else self.name

    @property
    def last_name(self):
        return self.name.rsplit(" ", 1)[1] if " " in self.name else ""


@dataclass
class Plan:
    """What a file would do. Each list holds (person label, detail) for the preview."""

    people: dict  # person_id → Person, from the file
    deactivate_missing: bool
    create: list = field(default_factory=list)  # Person
    update: list = field(default_factory=list)  # (User, Person, [changes])
    link: list = field(default_factory=list)  # (User, Person): matched by e-mail
    add_roles: list = field(default_factory=list)  # (person_id, node_id, role, function, word)
    adopt_roles: list = field(default_factory=list)  # RoleAssignment given by hand, now in file
    relabel_roles: list = field(default_factory=list)  # (RoleAssignment, new word)
    remove_roles: list = field(default_factory=list)  # RoleAssignment
    deactivate: list = field(default_factory=list)  # User
    node_names: dict = field(default_factory=dict)

    @property
    def has_changes(self):
        return any(
            (
                self.create,
                self.update,
                self.link,
                self.add_roles,
                self.adopt_roles,
                self.relabel_roles,
                self.remove_roles,
                self.deactivate,
            )
        )

    def summary(self):
        return (
            f"{len(self.create)} nya personer, {len(self.update) + len(self.link)} ändrade, "
            f"{len(self.add_roles)} nya roller, {len(self.remove_roles)} borttagna roller, "
            f"{len(self.deactivate)} avaktiverade."
        )

    def role_label(self, node_id, role, function):
        label = Role(role).label
        if role == Role.STOD and function:
            label = f"Stödfunktion {SupportFunction(function).label}"
        return f"{label} – {self.node_names.get(node_id, '?')}"


def parse(text):
    """Check a whole file; return {personid: Person}. Raises ImportError_ with every problem."""
    errors = []
    nodes = dict(OrgNode.objects.values_list("kod", "id"))
    people = {}
    email_owner = {}  # lower-case e-mail → (personid, row)
    seen_roles = {}  # (personid, node, role, function) → row
    for number, row, ncols in read_rows(text, HEADER, kind="people"):
        if row is None:
            errors.append(f"Rad {number}: raden har {ncols} kolumner, väntade {len(HEADER)}.")
            continue
        row_errors = []
        person_id, name, email = row["personid"], row["namn"], row["epost"].lower()
        kod, word, function = row["enhet"], row["roll"].lower(), row["stodfunktion"].lower()
        if not person_id:
            row_errors.append(f"Rad {number}, kolumn personid: personid saknas.")
        elif len(person_id) > 64 or any(c.isspace() for c in person_id):
            row_errors.append(
                f"Rad {number}, kolumn personid: ogiltigt personid {person_id!r} "
                "(högst 64 tecken, inga mellanslag)."
            )
        if not name:
            row_errors.append(f"Rad {number}, kolumn namn: namnet saknas.")
        elif len(name) > 150:
            row_errors.append(f"Rad {number}, kolumn namn: namnet är längre än 150 tecken.")
        if not email:
            row_errors.append(f"Rad {number}, kolumn epost: e-postadressen saknas.")
        elif len(email) > 254:
            row_errors.append(
                f"Rad {number}, kolumn epost: e-postadressen är längre än 254 tecken."
            )
        else:
            try:
                validate_email(email)
            except ValidationError:
                row_errors.append(
                    f"Rad {number}, kolumn epost: {row['epost']!r} är ingen giltig e-postadress."
                )
        node_id = nodes.get(kod)
        if not kod:
            row_errors.append(f"Rad {number}, kolumn enhet: enhetens kod saknas.")
        elif node_id is None:
            row_errors.append(f"Rad {number}, kolumn enhet: okänd enhet {kod!r}.")
        role = ROLE_WORDS.get(word)
        if role is None:
            allowed = ", ".join(ROLE_WORDS)
            row_errors.append(
                f"Rad {number}, kolumn roll: okänd roll {row['roll']!r} (tillåtna: {allowed})."
            )
        elif role == Role.STOD and not function:
            row_errors.append(
                f"Rad {number}, kolumn stodfunktion: stödfunktion saknas "
                "(ekonomi, hr eller kvalitet)."
            )
        elif role == Role.STOD and function not in FUNCTIONS:
            row_errors.append(
                f"Rad {number}, kolumn stodfunktion: okänd stödfunktion {row['stodfunktion']!r} "
                "(tillåtna: ekonomi, hr, kvalitet)."
            )
        elif role != Role.STOD and function:
            row_errors.append(
                f"Rad {number}, kolumn stodfunktion: bara rollen stödfunktion har en "
                f"stödfunktion (rollen är {row['roll']!r})."
            )
        if person_id and email and not row_errors:
            owner = email_owner.get(email)
            if owner and owner[0] != person_id:
                row_errors.append(
                    f"Rad {number}, kolumn epost: {email} används redan av personid "
                    f"{owner[0]} på rad {owner[1]}."
                )
            email_owner.setdefault(email, (person_id, number))
            person = people.get(person_id)
            if person is None:
                person = people[person_id] = Person(person_id, name, email, number)
            elif person.email != email:
                row_errors.append(
                    f"Rad {number}, kolumn epost: personid {person_id} har e-postadressen "
                    f"{person.email} på rad {person.row}."
                )
            elif person.name != name:
                row_errors.append(
                    f"Rad {number}, kolumn namn: personid {person_id} heter {person.name!r} "
                    f"på rad {person.row}."
                )
            key = (person_id, node_id, role, function)
            if key in seen_roles:
                row_errors.append(
                    f"Rad {number}, kolumn roll: samma roll på samma enhet finns redan på rad "
                    f"{seen_roles[key]}."
                )
            seen_roles.setdefault(key, number)
            if not row_errors:
                person.roles[(node_id, role, function)] = word
        errors.extend(row_errors)
    _check_emails_against_tillit(people, errors)
    if errors:
        raise ImportError_(errors)
    return people


def _check_emails_against_tillit(people, errors):
    """An e-mail in the file that belongs to another person in Tillit is a problem too."""
    by_email = {p.email: p for p in people.values()}
    taken = (
        User.objects.annotate(lower_email=Lower("email"))
        .filter(lower_email__in=list(by_email), person_id__isnull=False)
        .values_list("lower_email", "person_id")
    )
    for email, owner_id in taken:
        person = by_email[email]
        owner_in_file = people.get(owner_id)
        if owner_id != person.person_id and (owner_in_file is None or owner_in_file.email == email):
            errors.append(
                f"Rad {person.row}, kolumn epost: {email} tillhör personid {owner_id} i Tillit."
            )


def plan_import(data, deactivate_missing=False):
    """What importing `data` (bytes or text) would do, without writing anything."""
    people = parse(decode_csv(data))
    plan = Plan(people=people, deactivate_missing=deactivate_missing)
    plan.node_names = dict(OrgNode.objects.values_list("id", "namn"))
    users = {
        u.person_id: u
        for u in User.objects.filter(person_id__isnull=False).only(
            "id", "person_id", "first_name", "last_name", "email", "is_active", "username"
        )
    }
    unmatched = [p for p in people.values() if p.person_id not in users]
    by_email = {
        u.email.lower(): u
        for u in User.objects.annotate(lower_email=Lower("email"))
        .filter(person_id__isnull=True, lower_email__in=[p.email for p in unmatched])
        .only("id", "first_name", "last_name", "email", "is_active", "username")
    }
    for person in people.values():
        user = users.get(person.person_id)
        if user is None and person.email in by_email:
            plan.link.append((by_email[person.email], person))
            continue
        if user is None:
            plan.create.append(person)
            continue
        changes = []
        if (user.first_name, user.last_name) != (person.first_name, person.last_name):
            changes.append(f"namn {user.get_full_name()} → {person.name}")
        if user.email.lower() != person.email:
            changes.append(f"e-post {user.email} → {person.email}")
        if not user.is_active:
            changes.append("aktiveras igen")
        if changes:
            plan.update.append((user, person, changes))
    _plan_roles(plan, users, by_email)
    if deactivate_missing:
        plan.deactivate = [
            u for pid, u in sorted(users.items()) if pid not in people and u.is_active
        ]
    return plan


def _plan_roles(plan, users, by_email):
    people = plan.people
    user_person = {u.id: pid for pid, u in users.items()}
    user_person.update({u.id: p.person_id for p in people.values() if (u := by_email.get(p.email))})
    existing = RoleAssignment.objects.filter(
        Q(source=RoleSource.FILE) | Q(user_id__in=list(user_person))
    ).only("id", "user_id", "node_id", "role", "support_function", "source", "file_role")
    have = set()
    for a in existing:
        person_id = user_person.get(a.user_id)
        person = people.get(person_id)
        key = (a.node_id, a.role, a.support_function)
        if person is not None and key in person.roles:
            have.add((person_id, *key))
            word = person.roles[key]
            if a.source != RoleSource.FILE:
                plan.adopt_roles.append((a, word))
            elif a.file_role != word:
                plan.relabel_roles.append((a, word))
        elif a.source == RoleSource.FILE:
            plan.remove_roles.append(a)
    for person in people.values():
        for (node_id, role, function), word in person.roles.items():
            if (person.person_id, node_id, role, function) not in have:
                plan.add_roles.append((person.person_id, node_id, role, function, word))


@transaction.atomic
def apply_plan(plan, actor=None):
    """Write what `plan` says. `actor` (the administratör on the page) is recorded in the role
    history; from the command line the history says "Import av personfil" without a person."""
    for user, person in plan.link:
        user.person_id = person.person_id
        user.first_name, user.last_name = person.first_name, person.last_name
        user.email = person.email
    for user, person, _changes in plan.update:
        user.first_name, user.last_name = person.first_name, person.last_name
        user.email, user.is_active = person.email, True
    changed = [u for u, _p in plan.link] + [u for u, _p, _c in plan.update]
    if changed:
        User.objects.bulk_update(
            changed, ["person_id", "first_name", "last_name", "email", "is_active"]
        )
    if plan.create:
        taken = set(
            User.objects.filter(
                username__in=[p.email for p in plan.create] + [p.person_id for p in plan.create]
            ).values_list("username", flat=True)
        )
        User.objects.bulk_create(
            [
                User(
                    username=p.email if p.email not in taken else p.person_id,
                    person_id=p.person_id,
                    first_name=p.first_name,
                    last_name=p.last_name,
                    email=p.email,
                    # Sign-in is through the kommun's identity provider or a set-password link.
                    password=make_password(None),
                    session_token=User.new_session_token(),
                )
                for p in plan.create
            ],
            batch_size=1000,
        )
    ids = dict(User.objects.filter(person_id__in=list(plan.people)).values_list("person_id", "id"))
    for assignment in plan.remove_roles:
        assignment._history_user = actor
        assignment._change_reason = CHANGE_REASON
        assignment.delete()
    for assignment, word in plan.adopt_roles + plan.relabel_roles:
        assignment.source, assignment.file_role = RoleSource.FILE, word
        assignment._history_user = actor
        assignment._change_reason = CHANGE_REASON
        assignment.save(update_fields=["source", "file_role"])
    if plan.add_roles:
        bulk_create_with_history(
            [
                RoleAssignment(
                    user_id=ids[person_id],
                    node_id=node_id,
                    role=role,
                    support_function=function,
                    source=RoleSource.FILE,
                    file_role=word,
                )
                for person_id, node_id, role, function, word in plan.add_roles
            ],
            RoleAssignment,
            batch_size=1000,
            default_user=actor,
            default_change_reason=CHANGE_REASON,
        )
    if plan.deactivate:
        for user in plan.deactivate:
            user.is_active = False
            user.session_token = User.new_session_token()
        User.objects.bulk_update(plan.deactivate, ["is_active", "session_token"])
    return plan


def import_people(data, deactivate_missing=False, dry_run=False, actor=None):
    """Import a people file. Raises ImportError_ and saves nothing on any problem."""
    with transaction.atomic():
        plan = plan_import(data, deactivate_missing=deactivate_missing)
        if not dry_run:
            apply_plan(plan, actor=actor)
    return plan


def export_people(out):
    """Write the roles that came from the file, in the import format, to the text stream."""
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(HEADER)
    rows = RoleAssignment.objects.filter(
        source=RoleSource.FILE, user__person_id__isnull=False
    ).values_list(
        "user__person_id",
        "user__first_name",
        "user__last_name",
        "user__email",
        "node__kod",
        "role",
        "file_role",
        "support_function",
    )
    lines = []
    for person_id, first, last, email, kod, role, word, function in rows:
        name = f"{first} {last}".strip()
        lines.append([person_id, name, email, kod, word or DEFAULT_WORD[role], function])
    lines.sort(key=lambda r: (r[0], r[3], r[4], r[5]))
    writer.writerows(lines)


def exported_text():
    out = io.StringIO()
    export_people(out)
    return out.getvalue()
