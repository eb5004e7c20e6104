import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Facet counts are cached per query string; each test has its own rows.
    cache.clear()
    yield
    cache.clear()
