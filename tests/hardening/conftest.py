import pytest

from tests.hardening.scratch import template_database


@pytest.fixture(scope="session")
def scratch_template(tmp_path_factory, django_db_setup):
    """One migrated database with the gazetteers, copied by every subprocess test (migrating costs seconds)."""
    with template_database(tmp_path_factory.mktemp("scratch")) as url:
        yield url
