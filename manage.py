#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""
import os
import secrets
import sys

# Commands that never sign anything (no session, cookie or token leaves them) run without a configured
# DJANGO_SECRET_KEY, under a throwaway one: `manage.py extract FILE --format json` must work on any machine.
# Serving and `check` still refuse to start without the real key (catalogue/settings.py).
KEYLESS_COMMANDS = {"extract", "load_articles", "load_gazetteers", "export_catalogue", "import_catalogue",
                    "seed_synthetic", "bench_load", "migrate", "showmigrations", "createsuperuser",
                    "changepassword", "review_scores"}


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "catalogue.settings")
    if len(sys.argv) > 1 and sys.argv[1] in KEYLESS_COMMANDS and not os.environ.get("DJANGO_SECRET_KEY"):
        os.environ["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(50)
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
