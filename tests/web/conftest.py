import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Facet counts are cached per query string; each test has its own rows.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _no_page_cache(settings, request):
    # These tests read each response's context, which a page served from the cache does not have; the page cache
    # itself is tested in test_page_cache.py (marked page_cache) and by the browser journeys, which keep it on.
    settings.MARSAD_PAGE_CACHE = request.node.get_closest_marker("page_cache") is not None


@pytest.fixture(autouse=True)
def _default_language():
    # Public addresses carry the language (/ar/, /fr/, /en/) and reverse() uses the thread's active language, which a
    # request to /fr/... leaves active: each test starts in the default language, as a new reader does.
    from django.utils import translation

    translation.activate("ar")
    yield
    translation.deactivate()
