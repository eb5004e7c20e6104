"""Security headers, production checks, admin behind a guessing-proof login, CSRF everywhere."""
import os
import secrets
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from events.models import Organization
from tests.hardening.catalogue import build_catalogue

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery staple 42"


def production_env(**extra) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "AXES_"))}
    env.update(
        DJANGO_HTTPS="1", DJANGO_SECRET_KEY=secrets.token_urlsafe(64), DJANGO_ALLOWED_HOSTS="marsad.example.org",
        DJANGO_SETTINGS_MODULE="catalogue.settings",
    )
    env.update(extra)
    return env


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)


def test_check_deploy_passes_with_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_without_https_so_the_test_above_means_something():
    env = production_env(DJANGO_HTTPS="0")
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "SECURE_HSTS_SECONDS" in result.stderr + result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = production_env()
    del env["DJANGO_SECRET_KEY"]
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_offline_commands_run_without_a_secret_key_and_the_server_check_still_refuses(tmp_path):
    # `manage.py extract` must work on a machine with no configuration at all (the extraction evaluation runs it so).
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "AXES_", "DATABASE_URL"))}
    article = tmp_path / "article.txt"
    article.write_text("نظمت وزارة السياحة المنتدى الوطني للاقتصاد الاجتماعي والتضامني بأكادير يوم 6 فبراير 2025.",
                       encoding="utf-8")
    result = run_manage("extract", str(article), "--format", "json", env=env)
    assert result.returncode == 0, result.stderr
    assert '"event"' in result.stdout
    refused = run_manage("check", env=env)
    assert refused.returncode != 0 and "DJANGO_SECRET_KEY" in refused.stderr


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ({}, "31536000 True True True True"),
        ({"DJANGO_HSTS_SECONDS": "3600", "DJANGO_HSTS_PRELOAD": "0"}, "3600 True False True True"),
        ({"DJANGO_HSTS_INCLUDE_SUBDOMAINS": "0"}, "31536000 False True True True"),
        ({"DJANGO_HTTPS": "0"}, "0 True False False False"),
    ],
)
def test_hsts_and_https_settings_come_from_the_environment(extra, expected):
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, "
        "s.SESSION_COOKIE_SECURE, s.SECURE_SSL_REDIRECT)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=production_env(**extra),
                            capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == expected, result.stderr


def csp_directives(header: str) -> dict[str, list[str]]:
    return {parts[0]: parts[1:] for parts in (d.split() for d in header.split(";")) if parts}


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/ar/", "/admin/login/", "/this-page-does-not-exist/", "/fr/no-such-page/"])
def test_every_response_carries_the_security_headers(client, url):
    response = client.get(url)
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    directives = csp_directives(csp)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["img-src"] == ["'self'", "data:"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["base-uri"] == ["'self'"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "geolocation=()" in response.headers["Permissions-Policy"]


@pytest.mark.django_db
@override_settings(SECURE_HSTS_SECONDS=63072000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True, SECURE_HSTS_PRELOAD=True)
def test_hsts_header_is_sent_over_https(client):
    response = client.get("/admin/login/", secure=True)
    assert response.headers["Strict-Transport-Security"] == "max-age=63072000; includeSubDomains; preload"
    assert "Strict-Transport-Security" not in client.get("/admin/login/").headers, "never over plain HTTP"


class InlineCodeFinder(HTMLParser):
    """Collect what a CSP without 'unsafe-inline' would block: inline scripts, handlers, style attributes."""

    def __init__(self):
        super().__init__()
        self.problems: list[str] = []
        self._in_inline_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…> event handler")
            if name == "style":
                self.problems.append(f"<{tag} style=…> attribute")
            if name in {"href", "src", "action", "formaction"} and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.problems.append(f"<{tag} {name}=javascript:…>")
        if tag == "style":
            self.problems.append("<style> element")
        # JSON data blocks are not executed, so CSP leaves them alone.
        if tag == "script" and not attributes.get("src") and attributes.get("type") != "application/json":
            self._in_inline_script = True

    def handle_endtag(self, tag):
        if tag == "script" and self._in_inline_script:
            self.problems.append("inline <script>")
            self._in_inline_script = False


def inline_code(html: str) -> list[str]:
    finder = InlineCodeFinder()
    finder.feed(html)
    return finder.problems


def test_the_inline_code_finder_catches_what_csp_blocks():
    page = '<div style="x"><script>alert(1)</script><a href="javascript:x" onclick="y">z</a><style>p{}</style></div>'
    assert len(inline_code(page)) == 5
    assert inline_code('<script src="/static/a.js"></script><script type="application/json">{}</script>') == []


@pytest.fixture
def superuser(db, settings):
    # A fast hasher: the lockout test hashes seven passwords, and PBKDF2's cost is not what is tested here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return get_user_model().objects.create_superuser("curator", "curator@example.org", PASSWORD)


def admin_urls() -> list[str]:
    urls = [reverse("admin:index"), reverse("admin:password_change")]
    for model in admin.site._registry:
        info = model._meta.app_label, model._meta.model_name
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
        urls.append(reverse("admin:{}_{}_add".format(*info)))
        first = model._base_manager.order_by("pk").first()
        if first is not None:
            urls.append(reverse("admin:{}_{}_change".format(*info), args=[first.pk]))
            urls.append(reverse("admin:{}_{}_history".format(*info), args=[first.pk]))
            urls.append(reverse("admin:{}_{}_delete".format(*info), args=[first.pk]))
    return urls


@pytest.mark.django_db
def test_admin_pages_need_no_inline_code_so_they_work_under_the_csp(client, superuser):
    build_catalogue()
    assert inline_code(client.get(reverse("admin:login")).content.decode()) == []
    client.force_login(superuser)
    checked = 0
    for url in admin_urls():
        response = client.get(url)
        assert response.status_code in {200, 302, 403}, url
        if response.status_code == 200:
            assert inline_code(response.content.decode()) == [], url
            checked += 1
    assert checked >= 20


@pytest.mark.django_db
def test_admin_is_behind_login(client):
    response = client.get(reverse("admin:events_event_changelist"))
    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("admin:login"))


@pytest.mark.django_db
def test_sixth_wrong_password_is_locked_out_even_when_the_password_is_right(superuser):
    assert settings.AXES_FAILURE_LIMIT == 5
    client = Client()
    login = reverse("admin:login")
    for attempt in range(1, 5):
        response = client.post(login, {"username": "curator", "password": f"guess-{attempt}", "next": "/admin/"})
        assert response.status_code == 200, f"attempt {attempt} shows the form again"
        assert "_auth_user_id" not in client.session
    # The fifth failure reaches the limit; from then on even the right password is refused.
    assert client.post(login, {"username": "curator", "password": "guess-5"}).status_code == 429
    assert client.post(login, {"username": "curator", "password": "guess-6"}).status_code == 429
    seventh = client.post(login, {"username": "curator", "password": PASSWORD})
    assert seventh.status_code == 429
    assert "_auth_user_id" not in client.session
    # Another address is not locked: the lock is per IP and username, so a guesser cannot lock the curator out.
    other = Client(REMOTE_ADDR="198.51.100.7")
    response = other.post(login, {"username": "curator", "password": PASSWORD, "next": "/admin/"})
    assert response.status_code == 302
    assert "_auth_user_id" in other.session


@pytest.mark.django_db
def test_right_password_logs_in(superuser):
    client = Client()
    response = client.post(reverse("admin:login"), {"username": "curator", "password": PASSWORD, "next": "/admin/"})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def all_views(patterns=None, prefix=""):
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            yield from all_views(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def test_csrf_is_on_everywhere():
    assert "django.middleware.csrf.CsrfViewMiddleware" in settings.MIDDLEWARE
    exempt = [route for route, view in all_views() if getattr(view, "csrf_exempt", False)]
    assert exempt == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/admin/login/", {"username": "curator", "password": PASSWORD}),
        ("/i18n/setlang/", {"language": "fr", "next": "/"}),
        ("/admin/logout/", {}),
    ],
)
def test_posts_without_a_csrf_token_are_refused(superuser, url, data):
    client = Client(enforce_csrf_checks=True)
    assert client.post(url, data).status_code == 403


@pytest.mark.django_db
def test_admin_change_form_post_without_token_is_refused(superuser):
    build_catalogue()
    client = Client(enforce_csrf_checks=True)
    client.force_login(superuser)
    org = Organization.objects.order_by("pk").first()
    url = reverse("admin:events_organization_change", args=[org.pk])
    assert client.post(url, {"name": "اسم مزور", "kind": "other"}).status_code == 403
    org.refresh_from_db()
    assert org.name != "اسم مزور"


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/events/%00/", "/countries/a%00b/", "/?q=%00", "/figures/?unit=x%00"])
def test_a_nul_character_in_the_address_is_a_bad_request_not_a_database_error(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "Content-Security-Policy" in response.headers
