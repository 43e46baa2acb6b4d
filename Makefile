# Artiqo: `make run` serves the demo on http://127.0.0.1:8000/, `make test` runs every check.
# Both install what they need first (system packages, .venv, requirements-dev.txt); a second run skips it.
# Production installs requirements.txt alone (see README, "Production").

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
# DATABASE_URL for each run, so a .env pointing elsewhere cannot change them. On SQLite the test
# database is a separate file (TEST_SQLITE_NAME in artiqo/settings/test.py); the test runner
# creates and drops test_artiqo on MariaDB.
SQLITE_URL ?= sqlite:///$(CURDIR)/db.sqlite3
MARIADB_URL ?= mysql://root@127.0.0.1:3306/artiqo
PYTEST_ARGS ?=
BENCH_ARGS ?=
TEST_ENV := DJANGO_SETTINGS_MODULE=artiqo.settings.test

.PHONY: help install lock run serve demo test test-sqlite test-concurrency test-mariadb lint check-migrations format bench bench-capacity clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-17s %s\n", $$1, $$2}'

install:  ## system packages, .venv and requirements-dev.txt (skipped when nothing changed)
	@scripts/install.sh

lock:  ## re-pin requirements.txt and requirements-dev.txt from the .in files (pip-compile)
	@scripts/lock.sh

run: install  ## migrate, load demo data once, serve localstripe (:8420) and Django (:8000) on 127.0.0.1
	@scripts/run.sh

# Production settings, MariaDB (artiqo_serve) and Redis started when down, the Procfile's release step,
# the demo data once, then gunicorn + worker + scheduler under honcho; loopback only (scripts/serve.sh).
serve: install  ## the production shape on http://127.0.0.1:8000/: gunicorn, worker, scheduler, MariaDB, Redis
	@scripts/serve.sh

demo: install  ## (re)load the demo data into the development database
	$(PY) scripts/prepare_dev_db.py --force-demo

# With CI=true the whole suite runs on SQLite and on MariaDB at the same time (two processes, their
# lines prefixed [sqlite] / [mariadb]: most of a run waits on browsers, servers and locks, so the
# two overlap well); locally on SQLite, then the races (marked `mariadb`) on MariaDB, since only
# MariaDB's row locks prove them. Every run happens even when another fails, so one run reports
# every failure. The two runs share nothing: their own test databases, media folders, localstripe
# and moto ports, and Redis db numbers (artiqo/ops/tests/services.py run_redis_url). To stay under
# half an hour, CI splits the work: MariaDB (the production database) runs everything but the
# browser tests; SQLite runs the browser tests (they drive pages, and are the slowest) and the tests
# marked `sqlite` (what the embedded default answers its own way: its settings, FTS5 search, local
# days in SQL). Locally `make test` still runs the whole suite on SQLite. Each run prints its slowest tests.
test: lint check-migrations  ## ruff, migrations check, pytest on SQLite, then the races (or, with CI=true, all) on MariaDB
	@status=0; \
	if [ "$${CI:-}" = "true" ]; then \
	  DATABASE_URL=$(MARIADB_URL) $(PY) scripts/ensure_mariadb.py; \
	  ( $(MAKE) --no-print-directory test-sqlite ONLY_SQLITE_SHARE=1 PYTEST_ARGS='$(PYTEST_ARGS) --durations=15' 2>&1 \
	    | sed -u 's/^/[sqlite] /' ) & sqlite_run=$$!; \
	  ( $(MAKE) --no-print-directory test-mariadb SKIP_BROWSER=1 PYTEST_ARGS='$(PYTEST_ARGS) --durations=15' 2>&1 \
	    | sed -u 's/^/[mariadb] /' ) & mariadb_run=$$!; \
	  wait $$sqlite_run || status=1; \
	  wait $$mariadb_run || status=1; \
	else \
	  $(MAKE) --no-print-directory test-sqlite || status=1; \
	  $(MAKE) --no-print-directory test-concurrency || status=1; \
	fi; \
	exit $$status

# Tests marked `mariadb` only make sense on MariaDB, so the SQLite run leaves them out.
test-sqlite: install  ## pytest on SQLite
	@echo "==> pytest on SQLite"
	DATABASE_URL=$(SQLITE_URL) $(TEST_ENV) $(PY) -m pytest \
	  -m "$(if $(ONLY_SQLITE_SHARE),(browser or sqlite) and )not mariadb" $(PYTEST_ARGS)

# SQLite's IMMEDIATE transactions serialise every writer, so the races pass there even without
# their row locks: they run here, on MariaDB, which is started if it is down, with the other
# tests that only MariaDB can answer (marker `mariadb`, e.g. its boolean-mode full-text search).
test-concurrency: install  ## the tests marked `mariadb` (the races, full-text search) on MariaDB, started if down
	@echo "==> concurrency tests on MariaDB ($(MARIADB_URL))"
	@DATABASE_URL=$(MARIADB_URL) $(PY) scripts/ensure_mariadb.py || { \
	  echo "make test-concurrency: no MariaDB at $(MARIADB_URL), and none could be started here." >&2; \
	  echo "  The race tests need it: install mariadb-server, or set MARIADB_URL=mysql://user:pass@host:port/name." >&2; \
	  exit 1; }
	DATABASE_URL=$(MARIADB_URL) $(TEST_ENV) $(PY) -m pytest -m mariadb $(PYTEST_ARGS)

test-mariadb: install  ## pytest on MariaDB (starts the local server if it is down); SKIP_BROWSER=1 leaves the browser tests out
	@echo "==> pytest on MariaDB ($(MARIADB_URL))"
	@DATABASE_URL=$(MARIADB_URL) $(PY) scripts/ensure_mariadb.py
	DATABASE_URL=$(MARIADB_URL) $(TEST_ENV) $(PY) -m pytest $(if $(SKIP_BROWSER),-m "not browser") $(PYTEST_ARGS)

lint: install  ## ruff check
	$(VENV)/bin/ruff check .

check-migrations: install  ## fail if a model change has no migration
	DATABASE_URL=$(SQLITE_URL) $(PY) manage.py makemigrations --check --dry-run

format: install  ## ruff format and safe fixes
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Takes ~30 min for 1k/10k/100k; BENCH_ARGS="--quick --sizes 1000" for a first look (bench/run.py --help).
bench: install  ## Artiqo under gunicorn beside stock Oscar 4.2.1: wrk and in-process figures, speed targets
	@command -v wrk >/dev/null || { sudo=$$([ "$$(id -u)" -eq 0 ] || echo sudo); \
	  $$sudo apt-get install -y -q wrk || { $$sudo apt-get update -q && $$sudo apt-get install -y -q wrk; }; }
	$(PY) bench/run.py $(BENCH_ARGS)

# One gunicorn worker of the `make serve` shape (WEB_CONCURRENCY=1): catalogue and artwork pages, page cache on/off.
bench-capacity: install  ## req/s of one gunicorn worker on the catalogue and an artwork page (wrk)
	@command -v wrk >/dev/null || { sudo=$$([ "$$(id -u)" -eq 0 ] || echo sudo); \
	  $$sudo apt-get install -y -q wrk || { $$sudo apt-get update -q && $$sudo apt-get install -y -q wrk; }; }
	$(PY) bench/capacity.py $(BENCH_ARGS)

clean:  ## remove the development database, media and caches (keeps .venv)
	rm -rf db.sqlite3 db.sqlite3-journal db.sqlite3-wal db.sqlite3-shm .test-db*.sqlite3* media/ collected-static/ .localstripe/ .serve/
	rm -rf .pytest_cache/ .ruff_cache/ test-results/
	find . -path ./$(VENV) -prune -o -type d -name __pycache__ -prune -exec rm -rf {} +
