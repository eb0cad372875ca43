# Keep or Boot. The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install db migrate lint format ci clean-venv bench

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
	$(VENV)/bin/pytest

ci: test

## bench: time the evaluation of 10,000 customers against plain SQL (seeds "Benchmark Co" once)
bench: migrate
	$(PY) manage.py bench_evaluations
