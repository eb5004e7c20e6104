"""Marsad settings: one file, every deploy-specific value read from the environment (see .env.example)."""
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it in the environment, or set DJANGO_DEBUG=1 for local development."
        )
    SECRET_KEY = "django-insecure-local-development-only"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_filters",
    "axes",
    "events",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before LocaleMiddleware: the redirect it answers an unprefixed address with (/ → /ar/) carries the header too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "catalogue.middleware.SecurityHeadersMiddleware",
    "catalogue.middleware.RejectNullBytesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Whole public pages for anonymous readers, a minute per address and catalogue state (events/page_cache.py).
    "events.page_cache.PublicPageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Last, as django-axes asks: it locks out repeated failed admin logins.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "catalogue.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "events.context_processors.languages",
            ],
        },
    },
]

WSGI_APPLICATION = "catalogue.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: the catalogue's statements run for milliseconds, and the planner's cost estimates at 100,000
    # events pass jit_above_cost often enough that compiling (70-120 ms) cost more than the query it sped up.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    SQLITE_SORT_THREADS = min(4, os.cpu_count() or 1)
    # WAL lets readers go on while a load writes; a busy timeout instead of instant "database is locked".
    # threads: SQLite may sort with helper threads. A search matching 40,000 events groups their 390,000 facet rows
    # (events/facets.py), and that sort was 170 of the statement's 210 ms; with two threads, 40 ms less (issue 15).
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": f"PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA threads={SQLITE_SORT_THREADS};",
        "transaction_mode": "IMMEDIATE",
    }

# Facet counts, the rendered facet panel, page ids and entity-page sections are cached for a minute (events/views.py):
# an extra, since facet counts are index-only counts of the facet table (events/facets.py) without it.
# DJANGO_CACHE_URL chooses the cache: redis://host:6379/0 (Django's Redis backend, shared by every web server of a
# deployment on several machines), off (no cache: every request computes everything, for benchmarks); unset, the
# older DJANGO_CACHE_DIR gives a file cache shared by the gunicorn workers of one machine, else memory per process.
_cache_url = os.environ.get("DJANGO_CACHE_URL", "").strip()
_cache_entries = int(os.environ.get("DJANGO_CACHE_MAX_ENTRIES", "2000"))
if _cache_url.lower() == "off":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
elif _cache_url.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            # Django's RedisCache, answering misses instead of errors while Redis is unreachable (catalogue/cache.py).
            "BACKEND": "catalogue.cache.TolerantRedisCache",
            "LOCATION": _cache_url,
            "KEY_PREFIX": os.environ.get("DJANGO_CACHE_KEY_PREFIX", "marsad"),
            # Passed to redis-py's connection pool: a Redis that stops answering costs half a second, then is skipped.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
elif _cache_url:
    raise ImproperlyConfigured(f"DJANGO_CACHE_URL={_cache_url!r}: expected redis://host:port/db, rediss://… or off.")
elif os.environ.get("DJANGO_CACHE_DIR"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ["DJANGO_CACHE_DIR"],
            "OPTIONS": {"MAX_ENTRIES": _cache_entries},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                          "OPTIONS": {"MAX_ENTRIES": _cache_entries}}}

# Whole public pages for anonymous readers, kept a minute in the cache above (events/page_cache.py); 0 turns it off.
MARSAD_PAGE_CACHE = os.environ.get("MARSAD_PAGE_CACHE", "1").strip() != "0"

# Searches with more matches than this are listed newest first instead of by relevance (events/search.py).
MARSAD_RANK_LIMIT = int(os.environ.get("MARSAD_RANK_LIMIT", "2000"))
# A load on PostgreSQL prepares the statements it repeats (events/ingest/sql.py); 0 for a database reached through a
# pooler in transaction mode that does not keep prepared statements (PgBouncer before 1.21, or without
# max_prepared_statements).
MARSAD_LOADER_PREPARE = os.environ.get("MARSAD_LOADER_PREPARE", "1").strip() != "0"
# Rows of one slice of a large CSV export on PostgreSQL: an export of more slices is copied by two database sessions at
# once (events/export_lanes.py); 0 keeps every export to one session.
MARSAD_EXPORT_LANE_ROWS = int(os.environ.get("MARSAD_EXPORT_LANE_ROWS", "5000"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", _("العربية")), ("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "events" / "locale"]
TIME_ZONE = "Africa/Casablanca"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Compressed, cache-busting static files in production (needs collectstatic); plain files in debug and tests.
STATIC_MANIFEST = env_bool("DJANGO_STATIC_MANIFEST", not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Tests and debug serve static files straight from the finders, without collectstatic.
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST

LOGIN_URL = "admin:login"

# Security: safe defaults, HTTPS behaviour switched on by the environment behind a TLS proxy.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
# DJANGO_HTTPS=1 in production (behind TLS): redirect to HTTPS, secure cookies, HSTS.
HTTPS = env_bool("DJANGO_HTTPS")
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000" if HTTPS else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
# Preload only signals consent to the browsers' preload list (submitting is a separate, manual step).
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", HTTPS)
# Content-Security-Policy without 'unsafe-inline' (catalogue/middleware.py); report-only to trial a change.
CONTENT_SECURITY_POLICY_REPORT_ONLY = env_bool("DJANGO_CSP_REPORT_ONLY", False)
if env_bool("DJANGO_BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# django-axes: lock an IP+username after 5 failed logins for an hour.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["ip_address", "username"]]
AXES_RESET_ON_SUCCESS = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
