# Pledge: every command a person or CI runs. CI calls `make test` through .ci/run.
#
#   make install   Python 3.13 venv + locked packages, GOV.UK Frontend, compiled CSS, Chromium
#   make run       install, migrate, load the demonstration data, serve on 127.0.0.1:8000
#   make test      lint, checks, then pytest on PostgreSQL and the sqlite-marked tests on SQLite,
#                  side by side (make test-postgres, make test-sqlite: either alone)
#                  (PYTEST_ARGS="-k sign_in -x" narrows the PostgreSQL pass)
#   make bench     requests/s of the busiest pages under gunicorn on PostgreSQL (installs wrk),
#                  then a mixed load of many people while a pack builds (BENCH_ONLY=mixed)
#   make backup-drill  dump and restore a seeded database and its packs, compare, smoke-check
#   make mutate    mutation testing of the rules' modules, a table per module; not in `make test`
#                  (MUTATE="deadlines pdf" runs only those; the list is in tests/mutate_modules.py)
#   make lint      ruff check + ruff format --check + the import contracts (lint-imports)
#   make format    ruff format + ruff check --fix
#   make css       recompile static/src/*.scss into static/dist/pledge.css and print.css
#   make clean     remove everything `make install` and the tests made
#
# Each install step leaves a stamp keyed on its lock file, so a second `make install` is quick.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-builtin-rules

VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
UV_VERSION := 0.13.9
NODE_BIN := node_modules/.bin

# uv must use our interpreter, never download one (no network for that here).
export UV_PYTHON_DOWNLOADS := never
export UV_NO_PROGRESS := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

# `make run` signs in with this unless the environment says otherwise.
PLEDGE_DEMO_PASSWORD ?= pledge-demo-2026
export PLEDGE_DEMO_PASSWORD

# A production-shaped environment for `check --deploy`: nothing here is a real secret.
DEPLOY_ENV := DJANGO_DEBUG=0 \
	DJANGO_SECRET_KEY=deploy-check-only-0123456789abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJ \
	DJANGO_ALLOWED_HOSTS=pledge.example.org \
	DJANGO_CSRF_TRUSTED_ORIGINS=https://pledge.example.org \
	DJANGO_SECURE_COOKIES=1 DJANGO_SECURE_SSL_REDIRECT=1 DJANGO_BEHIND_TLS_PROXY=1 \
	DJANGO_HSTS_SECONDS=31536000 \
	PLEDGE_EMAIL_BACKEND=smtp

STAMPS := $(VENV)/.stamps
SCSS := $(wildcard static/src/*.scss static/src/*/*.scss)

.PHONY: help install system-packages run test test-postgres test-sqlite lint format check css bench backup-drill mutate clean

help:
	@sed -n '1,16p' Makefile | sed 's/^# \{0,1\}//'

install: $(STAMPS)/python-packages node_modules/.pledge-stamp static/dist/pledge.css static/dist/print.css system-packages

# --- Python ----------------------------------------------------------------------------------

# Python 3.13: whatever `python3` is here (pyenv reads .python-version), else pyenv's 3.13.x.
$(STAMPS)/python: .python-version
	@set -e; \
	is313() { [ -x "$$1" ] || command -v "$$1" >/dev/null 2>&1 || return 1; \
	  "$$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 13))' 2>/dev/null; }; \
	found=""; \
	for candidate in python3.13 python3 $$HOME/.pyenv/versions/3.13*/bin/python3.13 \
	    /usr/local/bin/python3.13 /usr/bin/python3.13; do \
	  if is313 "$$candidate"; then found="$$candidate"; break; fi; \
	done; \
	if [ -z "$$found" ]; then \
	  echo "Pledge needs Python 3.13 and none was found (python3.13, python3, ~/.pyenv/versions/3.13*)." >&2; \
	  echo "Install it, e.g. 'pyenv install 3.13', then run 'make install' again." >&2; \
	  exit 1; \
	fi; \
	real=$$("$$found" -c 'import sys; print(sys.executable)'); \
	if [ -x $(PY) ] && ! is313 $(PY); then echo "Replacing $(VENV): not Python 3.13"; rm -rf $(VENV); fi; \
	if [ ! -x $(PY) ]; then echo "Creating $(VENV) with $$real"; "$$real" -m venv $(VENV); fi
	@mkdir -p $(STAMPS) && touch $@

$(STAMPS)/uv: $(STAMPS)/python
	@if ! $(UV) --version 2>/dev/null | grep -qx 'uv $(UV_VERSION)'; then \
	  $(PY) -m pip install --quiet 'uv==$(UV_VERSION)' 2>&1 | grep -v 'is ignored' || true; \
	  $(UV) --version >/dev/null; \
	fi
	@touch $@

$(STAMPS)/python-packages: uv.lock pyproject.toml $(STAMPS)/uv
	$(UV) sync --frozen --quiet --python $(PY)
	@touch $@

# --- Front end -------------------------------------------------------------------------------

node_modules/.pledge-stamp: package-lock.json package.json
	@command -v npm >/dev/null || { echo "npm is missing: install Node.js 20+ (apt-get install nodejs npm)." >&2; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# GOV.UK Frontend's Sass with our settings (system fonts, assets under our static URL).
static/dist/pledge.css: $(SCSS) node_modules/.pledge-stamp
	@mkdir -p static/dist
	$(NODE_BIN)/sass --load-path=node_modules --style=compressed --no-source-map \
	  --quiet-deps static/src/pledge.scss $@

# The board pack's stylesheet, for WeasyPrint (only the GOV.UK parts a pack uses).
static/dist/print.css: $(SCSS) node_modules/.pledge-stamp
	@mkdir -p static/dist
	$(NODE_BIN)/sass --load-path=node_modules --style=compressed --no-source-map \
	  --quiet-deps static/src/print.scss $@

css: node_modules/.pledge-stamp
	@rm -f static/dist/pledge.css static/dist/print.css
	@$(MAKE) --no-print-directory static/dist/pledge.css static/dist/print.css

# --- Debian packages the tests need (only when missing) ----------------------------------------

APT_GET := $(if $(filter 0,$(shell id -u)),apt-get,sudo apt-get)
define apt_install_if_missing
	@if ! command -v $(1) >/dev/null 2>&1; then \
	  if command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing $(2) (Debian package) for $(3)"; \
	    $(APT_GET) update -qq && DEBIAN_FRONTEND=noninteractive $(APT_GET) install -y -qq $(2) >/dev/null; \
	  else \
	    echo "warning: $(1) is missing and there is no apt-get: install $(2) for $(3)." >&2; \
	  fi; \
	fi
endef

system-packages:
	$(call apt_install_if_missing,chromium,chromium,the browser tests)

# --- Running ---------------------------------------------------------------------------------

run: export DJANGO_DEBUG := 1
run: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed --demo
	$(PY) manage.py runserver 127.0.0.1:8000

# --- Checks and tests --------------------------------------------------------------------------

lint: $(STAMPS)/python-packages
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

format: $(STAMPS)/python-packages
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Checks use an in-memory SQLite database, so they never touch a developer's db.sqlite3.
check: install
	DJANGO_DEBUG=1 DATABASE_URL=sqlite://:memory: $(PY) manage.py check --fail-level WARNING
	env $(DEPLOY_ENV) DATABASE_URL=sqlite://:memory: \
	  $(PY) manage.py check --deploy --fail-level WARNING
	DJANGO_DEBUG=1 DATABASE_URL=sqlite://:memory: $(PY) manage.py makemigrations --check --dry-run
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	  echo "collectstatic into $$tmp (manifest + compression)"; \
	  env $(DEPLOY_ENV) DATABASE_URL=sqlite://:memory: DJANGO_STATIC_ROOT="$$tmp" \
	    $(PY) manage.py collectstatic --noinput -v 0; \
	  if ! grep -q 'govuk-frontend\.min\.[0-9a-f]\{12\}\.js' "$$tmp"/js/init.*.mjs; then \
	    echo "static/js/init.mjs still loads the unhashed GOV.UK Frontend file:" \
	      "STORAGES must use config.storage.StaticFilesStorage" >&2; exit 1; \
	  fi

# Tests run with development settings (DJANGO_DEBUG=1: plain static storage, no secure-only
# cookies over the live server's http; pytest-django still sets DEBUG=False at run time).
# Browser tests drive Playwright's sync API, which runs an event loop in the test thread.
PYTEST := env DJANGO_DEBUG=1 DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest

# The PostgreSQL suite and the SQLite one run side by side: each prints its output when it
# ends (--output-sync), and a failure in either fails the target. The PostgreSQL pass, three
# times the longer, is itself split between PG_WORKERS processes (pytest-xdist, a test database
# each, a whole test file to a process so a module's shared data is built once);
# PG_WORKERS=0 runs it in one process.
PG_WORKERS ?= 2
test: install lint check
	@$(MAKE) --no-print-directory -j2 --output-sync=target test-postgres test-sqlite

test-postgres: install
	bash .ci/with-postgres $(PYTEST) -n $(PG_WORKERS) --dist loadfile $(PYTEST_ARGS)

test-sqlite: install
	env -u DATABASE_URL $(PYTEST) -m sqlite -p no:cacheprovider

# A few minutes: a throwaway PostgreSQL, a generated 5,000-action plan, gunicorn, wrk (see
# tests/bench.py; BENCH_RUNS=1 BENCH_SECONDS=3 for a quick look).
bench: install
	$(call apt_install_if_missing,wrk,wrk,the benchmark)
	bash .ci/with-postgres $(PY) -m tests.bench

# Back up a freshly seeded database with a built pack, restore it into an empty database and
# storage, compare every table and file, smoke-check the copy (governance/.../backup_drill.py).
backup-drill: install
	bash .ci/with-postgres bash -c 'export DJANGO_DEBUG=1 DJANGO_MEDIA_ROOT=$$(mktemp -d); \
	  $(PY) manage.py migrate -v0 && $(PY) manage.py seed -v0 && \
	  $(PY) manage.py shell -v0 -c "import datetime; from governance.models import Board, Meeting; print(Meeting.objects.create(board=Board.objects.order_by(\"pk\").first(), date=datetime.date.today()).pk)" > $$DJANGO_MEDIA_ROOT/meeting && \
	  $(PY) manage.py build_board_pack --meeting $$(cat $$DJANGO_MEDIA_ROOT/meeting) && \
	  $(PY) manage.py backup_drill'

# Under an hour on two processors: each mutant runs only the tests listed for its module, on
# SQLite in memory (see tests/mutate.py). `$(VENV)/bin/mutmut results` then lists the
# survivors and `$(VENV)/bin/mutmut show NAME` shows one.
mutate: install
	$(PY) tests/mutate.py $(MUTATE)

clean:
	rm -rf $(VENV) node_modules static/dist staticfiles .pytest_cache .ruff_cache mutants
	find . -name __pycache__ -type d -prune -not -path './.git/*' -exec rm -rf {} +
