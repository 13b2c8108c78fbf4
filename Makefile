# The commands people type. `.ci/run` calls `make test`, so CI and people run the same thing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed-stamp
PG_URL ?= postgres://postgres@127.0.0.1:5432/ssr_portal
CHROMIUM := /usr/bin/chromium

.PHONY: run test test-sqlite test-postgres test-stack lint format messages check-messages static bench browser demo clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

## run: install, migrate the embedded SQLite database, load the demo and serve http://127.0.0.1:8000
run: $(STAMP)
	mkdir -p var
	SSR_DEBUG=true $(MANAGE) compilemessages --ignore=.venv -v 0
	SSR_DEBUG=true $(MANAGE) migrate --no-input -v 0
	SSR_DEBUG=true $(MANAGE) load_demo
	SSR_DEBUG=true $(MANAGE) runserver 127.0.0.1:8000

## browser: Debian's chromium for the browser tests (Playwright's own download does not work here)
browser:
	@test -x $(CHROMIUM) || { echo "Installing Debian's chromium for the browser tests"; \
	  apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null; }
	@test -x $(CHROMIUM) || { echo "chromium is missing: apt-get install -y chromium"; exit 1; }

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

## messages: refresh the Swedish catalogue after changing user-facing text (msgids are
## English, so English needs no catalogue)
messages: $(STAMP)
	SSR_DEBUG=true $(MANAGE) makemessages -l sv --ignore=.venv --ignore=var --ignore=static/vendor --ignore=tests --no-obsolete --no-location --no-wrap

check-messages: $(STAMP)
	$(PY) ssr_portal/lib/check_messages.py locale/sv/LC_MESSAGES/django.po
	DJANGO_SETTINGS_MODULE=ssr_portal.settings.test $(MANAGE) compilemessages --ignore=.venv -v 0

## static: collect the static files, hashed and compressed, as production serves them
static: $(STAMP)
	DJANGO_SETTINGS_MODULE=ssr_portal.settings.test $(MANAGE) collectstatic --no-input -v 0

## test: the whole suite, on SQLite and (when it answers) on PostgreSQL, with the browser tests
test: $(STAMP) browser lint check-messages static
	DATABASE_URL= DJANGO_SETTINGS_MODULE=ssr_portal.settings.test $(MANAGE) check --fail-level WARNING
	DATABASE_URL= DJANGO_SETTINGS_MODULE=ssr_portal.settings.test $(MANAGE) makemigrations --check --dry-run -v 1
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres
	$(MAKE) --no-print-directory test-stack

test-sqlite: $(STAMP)
	DATABASE_URL= SSR_S3_BUCKET= DJANGO_ALLOW_ASYNC_UNSAFE=true $(VENV)/bin/pytest -p no:cacheprovider -n 2

# On PostgreSQL when DATABASE_URL is set or a local server answers; CI (CI=true) requires it.
# This pass is production's configuration: PostgreSQL, Redis for the cache and the
# sessions (REDIS_URL; each pytest-xdist worker has its own keys), and the files on
# S3, a local S3 server (moto) that tests/s3_server.py starts for the run (each
# worker its own bucket). SQLite's pass keeps the embedded configuration.
REDIS_URL ?= redis://127.0.0.1:6379/1
test-postgres: $(STAMP)
	@url="$${DATABASE_URL:-}"; \
	if [ -z "$$url" ] && $(PY) ssr_portal/lib/pg_answers.py "$(PG_URL)"; then url="$(PG_URL)"; fi; \
	if [ -n "$$url" ]; then \
	  echo "== PostgreSQL: $$url, Redis, files on S3"; \
	  DATABASE_URL="$$url" SSR_REDIS_URL="$(REDIS_URL)" $(PY) tests/s3_server.py -- \
	    $(VENV)/bin/pytest -p no:cacheprovider -n 2 -m "not e2e"; \
	elif [ "$${CI:-}" = "true" ]; then echo "CI needs PostgreSQL on 127.0.0.1:5432 and none answers"; exit 1; \
	else echo "== PostgreSQL does not answer: suite ran on SQLite only"; fi

## test-stack: the browser journey across two gunicorn app servers and a task worker,
## on one PostgreSQL, one Redis and one local S3 server (production's stack, one machine)
test-stack: $(STAMP) browser
	@url="$${DATABASE_URL:-}"; \
	if [ -z "$$url" ] && $(PY) ssr_portal/lib/pg_answers.py "$(PG_URL)"; then url="$(PG_URL)"; fi; \
	if [ -n "$$url" ]; then \
	  echo "== Two app servers, a worker, PostgreSQL, Redis, S3"; \
	  DATABASE_URL="$$url" SSR_REDIS_URL="$(REDIS_URL)" $(PY) tests/s3_server.py -- \
	    $(VENV)/bin/pytest -p no:cacheprovider tests/stack -o addopts="-ra --strict-markers"; \
	elif [ "$${CI:-}" = "true" ]; then echo "CI needs PostgreSQL on 127.0.0.1:5432 and none answers"; exit 1; \
	else echo "== PostgreSQL does not answer: the two-server stage did not run"; fi

## bench: time the tjänsteskrivelse PDF (render, WeasyPrint alone, stored download);
## benchmarks, not tests: `make test` leaves tests/bench out
bench: $(STAMP)
	$(VENV)/bin/pytest -p no:cacheprovider tests/bench -q -s --no-header -o addopts=""

demo: $(STAMP)
	mkdir -p var
	SSR_DEBUG=true $(MANAGE) compilemessages --ignore=.venv -v 0
	SSR_DEBUG=true $(MANAGE) migrate --no-input -v 0
	SSR_DEBUG=true $(MANAGE) load_demo

clean:
	rm -rf var/*.sqlite3 var/media var/static
