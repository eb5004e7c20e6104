import os
import shutil
import socket
import subprocess
import time

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


@pytest.fixture(scope="package")
def redis_url():
    """A Redis for the shared-cache tests: the one CI started, else our own redis-server on a free port (stopped after)."""
    if os.environ.get("MARSAD_TEST_REDIS_URL"):
        yield os.environ["MARSAD_TEST_REDIS_URL"]
        return
    server = shutil.which("redis-server")
    assert server, "redis-server is not installed (apt-get install -y redis-server; make test installs it)"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen([server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)
