"""In a real browser, under the real Content-Security-Policy: no page or admin screen is blocked, no script fails."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from events.models import Event, Organization
from tests.hardening.catalogue import build_catalogue

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
PASSWORD = "correct horse battery staple 42"
PROBE = Path(__file__).with_name("csp_probe.py")


@pytest.fixture
def catalogue(transactional_db, settings):
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed: run `make browser` (apt-get install chromium)")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    event, _ = build_catalogue()
    get_user_model().objects.create_superuser("curator", "curator@example.org", PASSWORD)
    return event


def probe(plan: dict) -> dict:
    """Drive chromium in its own process (Playwright's sync API allows one instance per thread)."""
    result = subprocess.run([sys.executable, str(PROBE), json.dumps(plan, ensure_ascii=False)], capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


def test_public_pages_run_under_the_csp(live_server, catalogue):
    organization = Organization.objects.order_by("pk").first()
    paths = ["/", "/?q=منتدى&kind=forum", reverse("events:figures"), reverse("events:timeline"),
             reverse("events:map"), catalogue.get_absolute_url(), organization.get_absolute_url(),
             catalogue.place.get_absolute_url(), catalogue.country.get_absolute_url()]
    result = probe({"public": [live_server.url + p for p in paths]})
    assert result["problems"] == []
    assert result["facts"] == {"injected_ran": False, "injected_reported": True, "injected_logged": True}, \
        "the detector detects"


def test_the_admin_works_under_the_csp(live_server, catalogue):
    base = live_server.url
    pages = [base + reverse(f"admin:events_{name}_changelist")
             for name in ("event", "organization", "person", "article", "duplicatecandidate", "figure")]
    result = probe({"admin": {
        "login": base + reverse("admin:login"), "user": "curator", "password": PASSWORD, "pages": pages,
        "change": base + reverse("admin:events_event_change", args=[catalogue.pk]), "title": "منتدى بعد التعديل",
    }})
    assert result["problems"] == []
    assert result["facts"] == {"logged_in": True, "save_errors": [], "add_row_link": True, "rows_added": 1}
    assert Event.objects.get(pk=catalogue.pk).title == "منتدى بعد التعديل", "the form posted under form-action"
