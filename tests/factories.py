"""The factories every test uses: users, nodes and roles (tests/org/factories.py). Each app
has its own module beside its tests: tests/planning/factories.py, tests/surveys/factories.py,
tests/reports/factories.py."""

from tests.org.factories import PASSWORD, Role, UserFactory, add_node, give_role

__all__ = ["PASSWORD", "Role", "UserFactory", "add_node", "give_role"]
