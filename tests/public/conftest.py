import pytest

from public.results import invalidate
from tests.planning.conftest import chain, period  # noqa: F401


@pytest.fixture(autouse=True)
def _fresh_public_cache():
    """The cache outlives each test's rolled-back transaction: start and end without a page."""
    invalidate()
    yield
    invalidate()
