# Keep or Boot. The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install db migrate lint format ci clean-venv bench bench-import lighthouse serve backup restore load

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

## install: the virtual environment with the pinned packages, and the front-end packages
install: $(VENV)/.installed node_modules/.installed

## db: make sure PostgreSQL runs and the database exists (see scripts/ensure_db.py)
db: install
	$(PY) scripts/ensure_db.py

migrate: db
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable

## run: set everything up, load the demo data once, serve at http://$(HOST):$(PORT)/
run: migrate
	$(PY) manage.py seed_demo
	@echo ""
	@echo "Keep or Boot is running at http://$(HOST):$(PORT)/  (Ctrl-C stops it; the data stays)"
	@echo ""
	@# The background worker (imports, later other tasks) runs beside the web server and stops with it.
	$(PY) manage.py procrastinate worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format:
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## test: set everything up, then every check: Django's checks, migrations, lint, format, pytest
test: db
	$(PY) manage.py check --fail-level WARNING
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/pytest

ci: test

## serve: production settings under gunicorn (config/gunicorn.conf.py), static files by whitenoise, access log on stdout
serve: migrate
	@test -n "$$DJANGO_SECRET_KEY" || { echo "Set DJANGO_SECRET_KEY (production settings need it), e.g. export DJANGO_SECRET_KEY=\$$(openssl rand -hex 32)"; exit 1; }
	DJANGO_SETTINGS_MODULE=config.settings.production $(PY) manage.py collectstatic --noinput -v0
	DJANGO_SETTINGS_MODULE=config.settings.production $(VENV)/bin/gunicorn -c config/gunicorn.conf.py config.wsgi

## backup: pg_dump (custom format) of the database into backups/; restore FILE=...: into a new database, row counts compared
backup: db
	$(PY) scripts/backup.py backup

restore: db
	@test -n "$(FILE)" || { echo "Usage: make restore FILE=backups/keeporboot-YYYYmmdd-HHMMSS.dump"; exit 1; }
	$(PY) scripts/backup.py restore "$(FILE)"

## load: bounded locust run on loopback against the app under gunicorn with the demo data (see scripts/load/run.py)
load: migrate
	$(PY) manage.py seed_demo
	$(PY) scripts/load/run.py

## bench: time the evaluation of 10,000 customers against plain SQL (seeds "Benchmark Co" once)
bench: migrate
	KOB_DB_STATEMENT_TIMEOUT_MS=0 $(PY) manage.py bench_evaluations

tools/lighthouse/node_modules/.installed: tools/lighthouse/package.json tools/lighthouse/package-lock.json
	cd tools/lighthouse && npm ci --no-audit --no-fund --loglevel=error
	touch $@

## lighthouse: Lighthouse 12 (mobile) scores for sign-in, dashboard and a report, served as in production
lighthouse: migrate tools/lighthouse/node_modules/.installed
	$(PY) manage.py seed_demo
	$(PY) scripts/lighthouse.py

## bench-import: generate a 100,000-row time-tracker file, import it, print the time (goal: under 60 s)
bench-import: migrate
	$(PY) manage.py bench_import --rows 100000
