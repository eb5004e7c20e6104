import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Facet counts are cached per query string; each test has its own rows.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    # Public addresses carry the language (/ar/, /fr/, /en/) and reverse() uses the thread's active language, which a
    # request to /fr/... leaves active: each test starts in the default language, as a new reader does.
    from django.utils import translation

    translation.activate("ar")
    yield
    translation.deactivate()
