# The two commands of README.md: `make demo` and `make test`. Both install everything first.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/congress
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: install lock browser demo test test-sqlite test-postgres lint migrations-check messages

# Installs exactly the versions of the lock file, each checked against its hash. The lock files
# are compiled from pyproject.toml by `make lock` (see README, "Dependencies").
$(VENV)/.installed: requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --require-hashes --no-deps -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

# After changing the dependencies in pyproject.toml: compile both lock files (production and
# development) with hashes. `make lock UPGRADE=1` moves every package to its newest allowed version.
UV_COMPILE = $(VENV)/bin/uv pip compile pyproject.toml --quiet --generate-hashes --universal \
	--python-version 3.11 --custom-compile-command "make lock" $(if $(UPGRADE),--upgrade)
lock: install
	$(UV_COMPILE) -o requirements.txt
	$(UV_COMPILE) --extra dev -o requirements-dev.txt

# Debian's packages the tests use: Chromium for the browser tests (playwright cannot download its
# own browser here) and poppler's pdftotext, which reads the PDFs back as their readers do.
browser:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/pdftotext ]; then \
		echo "Installing Debian's chromium and poppler-utils for the tests ..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null; \
	fi

demo: install
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py load_demo
	@echo "Demo: http://127.0.0.1:$(PORT)/  (admin: http://127.0.0.1:$(PORT)/admin/)"
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

# Update the German and English catalogs after changing UI strings, then translate locale/en.
messages: install
	$(PY) manage.py makemessages -l de -l en --no-obsolete -i bench -i tests -i staticfiles -i "*.egg-info"
	$(PY) manage.py compilemessages -i .venv

migrations-check: install
	$(PY) manage.py makemigrations --check --dry-run

test-sqlite: install browser
	$(PY) -m pytest

test-postgres: install browser
	@bash .ci/ensure-postgres
	DATABASE_URL=$(PG_URL) $(PY) -m pytest -m "not e2e"

test: lint migrations-check test-sqlite test-postgres
