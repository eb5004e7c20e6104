"""In a real browser, under the real Content-Security-Policy: no page or admin screen is blocked, no script fails."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from events.models import Event, Organization
from tests.hardening.catalogue import build_catalogue

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop runs in the test thread

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
PASSWORD = "correct horse battery staple 42"
# Records every CSP violation the page reports, before any page script runs.
LISTEN = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', e => {
  window.__violations.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile
                           + ':' + e.lineNumber);
});
"""


@pytest.fixture(scope="module")
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed: run `make browser` (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu",
                                                                     "--no-first-run", "--disable-sync"])
        yield browser
        browser.close()


@pytest.fixture
def watched_page(chromium):
    """A page that collects CSP violations (event and console) and uncaught script errors."""
    context = chromium.new_context(locale="ar", viewport={"width": 1280, "height": 900})
    context.add_init_script(LISTEN)
    page = context.new_page()
    page.set_default_timeout(15_000)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console: {m.text}")
            if m.type == "error" and ("Content Security Policy" in m.text or "Refused" in m.text) else None)
    page.on("pageerror", lambda e: problems.append(f"script error: {e}"))

    def visit(url: str) -> None:
        response = page.goto(url)
        assert response is not None and response.status < 400, f"{url}: {response and response.status}"
        assert "unsafe-inline" not in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
        problems.extend(f"{url}: {v}" for v in page.evaluate("window.__violations"))

    page.visit = visit
    page.problems = problems
    yield page
    context.close()


@pytest.fixture
def catalogue(transactional_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    event, _ = build_catalogue()
    get_user_model().objects.create_superuser("curator", "curator@example.org", PASSWORD)
    return event


def test_public_pages_run_under_the_csp(live_server, catalogue, watched_page):
    page = watched_page
    organization = Organization.objects.order_by("pk").first()
    for path in ["/", "/?q=منتدى&kind=forum", reverse("events:figures"), reverse("events:timeline"),
                 reverse("events:map"), catalogue.get_absolute_url(), organization.get_absolute_url(),
                 catalogue.place.get_absolute_url(), catalogue.country.get_absolute_url()]:
        page.visit(live_server.url + path)
    assert page.problems == []
    # The detector itself: an injected inline script is blocked and reported.
    page.evaluate("() => { const s = document.createElement('script'); s.textContent = 'window.injected = 1';"
                  " document.body.appendChild(s); }")
    page.wait_for_timeout(200)
    assert page.evaluate("window.injected") is None
    assert any("script-src" in v for v in page.evaluate("window.__violations"))


def test_the_admin_works_under_the_csp(live_server, catalogue, watched_page):
    page = watched_page
    page.visit(live_server.url + reverse("admin:login"))
    page.fill("#id_username", "curator")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}{reverse('admin:index')}")
    for name in ("event", "organization", "person", "article", "duplicatecandidate", "figure"):
        page.visit(live_server.url + reverse(f"admin:events_{name}_changelist"))
    # A change form with inlines, autocomplete widgets and the date picker: the admin's own scripts at work.
    change = live_server.url + reverse("admin:events_event_change", args=[catalogue.pk])
    page.visit(change)
    page.fill("#id_title", "منتدى بعد التعديل")
    page.click("input[name=_save]")
    page.wait_for_load_state("networkidle")
    errors = page.locator(".errornote, .errorlist").all_inner_texts()
    assert errors == [], errors
    assert Event.objects.get(pk=catalogue.pk).title == "منتدى بعد التعديل", "the form posted under form-action"
    page.visit(change)
    # inlines.js builds the "add another" link and the new row: both prove the admin's scripts ran.
    group = page.locator("#organization_links-group")
    rows = group.locator("tr.form-row:not(.empty-form)")
    before = rows.count()
    group.locator(".add-row a").click()
    assert rows.count() == before + 1
    page.problems.extend(page.evaluate("window.__violations"))
    assert page.problems == []
