import pytest
from django.core.management import call_command

SIZES = {"events": 500, "organizations": 100, "persons": 150, "links": 1500, "figures": 250, "places": 500}


@pytest.fixture(scope="package")
def seeded(django_db_setup, django_db_blocker):
    """Seed once for tests/scale (seeding syncs the whole gazetteer); each test runs in a rolled-back transaction."""
    with django_db_blocker.unblock():
        call_command("seed_synthetic", verbosity=0, **SIZES)
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)
