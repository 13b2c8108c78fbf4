# The commands people type. `.ci/run` calls `make test`, so CI and people run the same thing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed-stamp
PG_URL ?= postgres://postgres@127.0.0.1:5432/ssr_portal
CHROMIUM := /usr/bin/chromium
# The port of `make run` and `make serve` (http://127.0.0.1:$(PORT)/).
PORT ?= 8000
SUPERVISE := $(PY) -m ssr_portal.lib.supervise --ready http://127.0.0.1:$(PORT)/healthz

.PHONY: run serve test test-sqlite test-postgres test-stack lint format messages check-messages static bench bench-pdf browser demo clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

## run: install, migrate the embedded SQLite database, load the demo and serve http://127.0.0.1:8000
## (runserver, debug on) with a task worker beside it, which sends the e-mails and builds the
## bundles; Ctrl-C stops both (ssr_portal/lib/supervise.py)
run: $(STAMP)
	mkdir -p var
	SSR_DEBUG=true $(MANAGE) compilemessages --ignore=.venv -v 0
	SSR_DEBUG=true $(MANAGE) migrate --no-input -v 0
	SSR_DEBUG=true $(MANAGE) load_demo
	@SSR_DEBUG=true exec $(SUPERVISE) \
	  --announce "The SSR portal (development: debug on, SQLite) is at http://127.0.0.1:$(PORT)/ with a task worker beside it. Ctrl-C stops both." \
	  "$(MANAGE) runserver 127.0.0.1:$(PORT)" "$(MANAGE) db_worker"

# `make serve`: production's settings on this machine. The secret key is made once for
# the demo machine and kept in var/ (never committed); plain HTTP on 127.0.0.1, so no
# redirect to https (SSR_SECURE_SSL_REDIRECT=false). SSR_REDIS_URL, when set, is used.
DEMO_SECRET := var/demo-secret-key
SERVE_ENV := DATABASE_URL="$(PG_URL)" SSR_DEBUG=false SSR_SECRET_KEY_FILE="$(CURDIR)/$(DEMO_SECRET)" \
  SSR_ALLOWED_HOSTS=127.0.0.1,localhost SSR_SECURE_SSL_REDIRECT=false SSR_BIND=127.0.0.1:$(PORT)

## serve: the production setup on one machine: PostgreSQL ($(PG_URL), created when missing),
## debug off, compiled catalogues, collected and hashed static files served by whitenoise,
## migrations, the demo; then gunicorn (gunicorn.conf.py) and a task worker; Ctrl-C stops both
serve: $(STAMP)
	@mkdir -p var
	@test -s $(DEMO_SECRET) || { umask 077; $(PY) -c "import secrets; print(secrets.token_urlsafe(60))" > $(DEMO_SECRET); \
	  echo "Made a secret key for this demo machine in $(DEMO_SECRET)"; }
	@$(PY) ssr_portal/lib/pg_create.py "$(PG_URL)"
	$(SERVE_ENV) $(MANAGE) compilemessages --ignore=.venv -v 0
	$(SERVE_ENV) $(MANAGE) collectstatic --no-input -v 0
	$(SERVE_ENV) $(MANAGE) migrate --no-input -v 0
	$(SERVE_ENV) $(MANAGE) load_demo --force
	@$(SERVE_ENV) exec $(SUPERVISE) \
	  --announce "The SSR portal is at http://127.0.0.1:$(PORT)/ as production runs it: debug off, PostgreSQL, gunicorn and a task worker. Plain HTTP on this machine only (no redirect to https). Log in with a demo login above, password ssr-demo. Ctrl-C stops it." \
	  "$(VENV)/bin/gunicorn ssr_portal.wsgi" "$(MANAGE) db_worker --no-reload"

## browser: Debian's chromium for the browser tests (Playwright's own download does not work here)
browser:
	@test -x $(CHROMIUM) || { echo "Installing Debian's chromium for the browser tests"; \
	  apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null; }
	@test -x $(CHROMIUM) || { echo "chromium is missing: apt-get install -y chromium"; exit 1; }

## lint: ruff, the layers of docs/architecture.md (import-linter, pyproject.toml), no private
## names imported across modules (ssr_portal/lib/check_private_imports.py) and
## mypy with django-stubs on the services and the shared library
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(PY) ssr_portal/lib/check_private_imports.py
	$(VENV)/bin/mypy

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
	DATABASE_URL= SSR_S3_BUCKET= DJANGO_ALLOW_ASYNC_UNSAFE=true $(VENV)/bin/pytest -p no:cacheprovider -n 2 --dist worksteal --durations=15

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
	    $(VENV)/bin/pytest -p no:cacheprovider -n 2 --dist worksteal --durations=15 -m "not e2e"; \
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

## bench: the portal under load as production runs it (tests/bench/load.py): its own
## PostgreSQL database filled by `manage.py bench_seed --cases $(CASES)`, gunicorn with 4
## workers and debug off, wrk with 16 connections for $(BENCH_SECONDS) s per URL; one table
## (p50, p95, req/s, ratio to /healthz, SQL per request, peak RSS per worker), then the
## Målbild PDF against LibreOffice headless. `make bench CASES=1000000` for the big county.
## Benchmarks, not tests: `make test` leaves tests/bench out.
CASES ?= 10000
BENCH_SECONDS ?= 10
bench: $(STAMP)
	@command -v wrk >/dev/null || { echo "Installing wrk"; apt-get update -q >/dev/null && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null; }
	$(PY) tests/bench/load.py --cases $(CASES) --seconds $(BENCH_SECONDS)

## bench-pdf: the PDF timings in one process on the test settings (render, WeasyPrint
## alone, stored download, handlingar, minutes)
bench-pdf: $(STAMP)
	$(VENV)/bin/pytest -p no:cacheprovider tests/bench -q -s --no-header -o addopts=""

demo: $(STAMP)
	mkdir -p var
	SSR_DEBUG=true $(MANAGE) compilemessages --ignore=.venv -v 0
	SSR_DEBUG=true $(MANAGE) migrate --no-input -v 0
	SSR_DEBUG=true $(MANAGE) load_demo

clean:
	rm -rf var/*.sqlite3 var/media var/static
