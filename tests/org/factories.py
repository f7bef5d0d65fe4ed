"""Factories of the organisation: users, nodes and roles."""

import factory
from factory.django import DjangoModelFactory

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


def give_role(user, node, role, support_function=""):
    assignment = RoleAssignment.objects.create(
        user=user, node=node, role=role, support_function=support_function
    )
    user.__dict__.pop("_tillit_assignments", None)
    return assignment


__all__ = ["PASSWORD", "NodeType", "OrgNode", "Role", "UserFactory", "add_node", "give_role"]
