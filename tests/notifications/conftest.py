from tests.planning.conftest import chain, period  # noqa: F401 - the shared planning fixtures
from tests.planning.internkontroll.conftest import ik  # noqa: F401
