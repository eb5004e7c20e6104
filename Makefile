# Two commands do all set-up on a fresh machine: `make run` serves the catalogue, `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
MANAGE := DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py

.PHONY: install run test lint browser redis bench-tools clean superuser

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

# $(call debian_package,CHECK,PACKAGE): apt-get install PACKAGE unless the shell test CHECK passes (sudo unless root).
debian_package = @if ! $(1) >/dev/null 2>&1; then \
		SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
		$$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q $(2); \
	fi

# Debian's chromium for the browser tests; Playwright never downloads a browser here.
browser:
	$(call debian_package,test -x /usr/bin/chromium,chromium)

# Debian's redis-server for the shared-cache tests (tests/scale/test_two_servers.py starts its own on a free port).
redis:
	$(call debian_package,command -v redis-server,redis-server)

# For the benchmarks (README "Benchmarks"): Datasette for the side-by-side, Debian's wrk for bench_web --load.
bench-tools: install
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	$(call debian_package,command -v wrk,wrk)

run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_gazetteers
	$(MANAGE) load_articles fixtures/articles
	$(MANAGE) runserver $(HOST):$(PORT)

# A curator's account for the admin (asks for a name and a password); works without DJANGO_DEBUG or a secret key.
superuser: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py createsuperuser

lint: install
	$(BIN)/ruff check .

test: install browser redis lint
	$(BIN)/pytest

clean:
	rm -rf $(VENV) staticfiles .pytest_cache test-artifacts
