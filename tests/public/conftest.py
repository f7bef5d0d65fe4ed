import pytest

from public.results import CACHE_KEYS
from tests.planning.conftest import chain, period  # noqa: F401


@pytest.fixture(autouse=True)
def _fresh_public_cache():
    """The cache outlives each test's rolled-back transaction: start and end without a page."""
    from django.core.cache import cache

    cache.delete_many(CACHE_KEYS)
    yield
    cache.delete_many(CACHE_KEYS)
