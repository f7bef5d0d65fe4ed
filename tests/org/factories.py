"""Factories of the organisation: users, nodes and roles."""

import factory
from factory.django import DjangoModelFactory
from simple_history.utils import bulk_create_with_history

from tillit.org.models import NodeType, OrgNode, Role, RoleAssignment, User

PASSWORD = "lösenord-för-test"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="sv_SE")
    last_name = factory.Faker("last_name", locale="sv_SE")
    email = factory.LazyAttribute(lambda u: f"{u.username}@tomelilla.example")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def add_node(parent, kod, namn=None, typ=NodeType.ENHET):
    """Create a node under `parent` (or the root when parent is None)."""
    data = {"kod": kod, "namn": namn or kod, "typ": typ}
    if parent is None:
        return OrgNode.objects.add_root(data)
    node = OrgNode.objects.add_child(parent, data)
    parent.refresh_from_db()
    return node


def add_tree(rows):
    """Create a whole tree at once: `rows` are (parent kod or None, kod, namn, typ), parents
    first. The same nodes (paths, depths, child counts, history) as `add_node` one by one, in
    two queries instead of five a node: most tests start from such a tree."""
    nodes, children = {}, {}
    for parent, kod, namn, typ in rows:
        above = nodes[parent] if parent is not None else None
        children[parent] = children.get(parent, 0) + 1
        path = OrgNode._get_path(
            above.path if above else None, (above.depth + 1) if above else 1, children[parent]
        )
        nodes[kod] = OrgNode(kod=kod, namn=namn, typ=typ, path=path, depth=len(path) // 4)
    for kod, node in nodes.items():
        node.numchild = children.get(kod, 0)
    bulk_create_with_history(list(nodes.values()), OrgNode)
    return nodes


def add_users(**usernames):
    """Create users at once, `name=username`; as UserFactory would make them (password
    PASSWORD), in one query. Returns {name: user}."""
    users = {name: UserFactory.build(username=username) for name, username in usernames.items()}
    User.objects.bulk_create(users.values())
    return users


def give_roles(*grants):
    """`give_role` for many (user, node, role[, support_function]) at once, in two queries."""
    assignments = [
        RoleAssignment(user=g[0], node=g[1], role=g[2], support_function=(g[3:] or [""])[0])
        for g in grants
    ]
    bulk_create_with_history(assignments, RoleAssignment)
    for g in grants:
        g[0].__dict__.pop("_tillit_assignments", None)
    return assignments


def give_role(user, node, role, support_function=""):
    assignment = RoleAssignment.objects.create(
        user=user, node=node, role=role, support_function=support_function
    )
    user.__dict__.pop("_tillit_assignments", None)
    return assignment


__all__ = [
    "PASSWORD",
    "NodeType",
    "OrgNode",
    "Role",
    "UserFactory",
    "add_node",
    "add_tree",
    "add_users",
    "give_role",
    "give_roles",
]
