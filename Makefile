# LIAISE Academy. `make run` sets up and serves the embedded default; `make test` runs everything.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_WORKERS ?= auto

.DEFAULT_GOAL := help

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml requirements/dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements/dev.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP) ## Create .venv and install the locked dependencies (requirements/dev.txt)

lock: ## Re-resolve requirements/{base,dev}.txt (hashed lock files) from pyproject.toml
	test -x $(BIN)/uv || $(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --generate-hashes --python-version 3.11 -q -o requirements/base.txt
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 -q -o requirements/dev.txt

# `make run HOST=192.168.1.20 PORT=9000`: where the development server listens. SITE_URL (links in
# emails, the certificate QR code and verification address) follows it unless set: localhost when
# listening on every interface.
HOST ?= 0.0.0.0
PORT ?= 8000
RUN_SITE_URL = $(or $(SITE_URL),http://$(if $(filter 0.0.0.0,$(HOST)),localhost,$(HOST)):$(PORT))

run: $(STAMP) ## Migrate, load demo data (cities, users, six modules) and serve http://localhost:8000 (HOST, PORT)
	SITE_URL=$(RUN_SITE_URL) $(BIN)/python manage.py migrate --noinput
	SITE_URL=$(RUN_SITE_URL) $(BIN)/python manage.py load_demo
	SITE_URL=$(RUN_SITE_URL) $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(STAMP) ## Lint, format check, layers contract, type check, Django checks, migrations check and the whole pytest suite
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/python manage.py check --fail-level WARNING
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest -n $(PYTEST_WORKERS) -p no:cacheprovider

lint: $(STAMP) ## Fix what ruff can fix and format the code
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: $(STAMP) ## Extract UI strings into lms/locale/*/django.po (needs gettext) and compile the .mo files
	$(BIN)/python manage.py makemessages $(foreach l,en fr de es it nl pt el cs sv,-l $(l)) --no-obsolete --ignore=.venv --ignore=staticfiles --ignore=tests
	$(BIN)/python manage.py compile_translations

BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/liaise_bench
BENCH_SIZE ?= l
BENCH_ENV := DJANGO_SETTINGS_MODULE=lms.settings.dev DATABASE_URL=$(BENCH_DATABASE_URL)

bench: $(STAMP) ## Benchmarks on PostgreSQL + Redis: dashboards on a generated site (BENCH_SIZE=l), certificate PDFs/s, pages on gunicorn with wrk
	$(BIN)/python -c "import psycopg; c = psycopg.connect('$(BENCH_DATABASE_URL)'.rsplit('/', 1)[0] + '/postgres', autocommit=True); c.execute('DROP DATABASE IF EXISTS $(notdir $(BENCH_DATABASE_URL)) WITH (FORCE)'); c.execute('CREATE DATABASE $(notdir $(BENCH_DATABASE_URL))')"
	$(BENCH_ENV) $(BIN)/python manage.py migrate --noinput -v 0
	$(BENCH_ENV) $(BIN)/python manage.py load_liaise_content --no-translations
	$(BENCH_ENV) $(BIN)/python manage.py generate_site --size $(BENCH_SIZE) --seed 1
	$(BENCH_ENV) $(BIN)/python manage.py bench_dashboards --runs 20 --export-runs 3
	$(BENCH_ENV) $(BIN)/python manage.py bench_certificates --count 200 --workers 2
	$(BENCH_ENV) $(BIN)/python manage.py bench_pages --duration 20

content: $(STAMP) ## (Re)load the six modules from courses/content/
	$(BIN)/python manage.py load_liaise_content

.PHONY: help install lock run test lint messages content bench

drill: $(STAMP) ## Fault drill: Redis, a Celery worker, PostgreSQL and a web worker lost in turn (own Redis and PostgreSQL on other ports)
	DJANGO_SETTINGS_MODULE=lms.settings.dev $(BIN)/python manage.py drill

SHOTS_DB ?= /tmp/liaise-screenshots.sqlite3
SHOTS_ENV := DJANGO_SETTINGS_MODULE=lms.settings.dev DATABASE_URL=sqlite:///$(SHOTS_DB) REDIS_URL= MEDIA_ROOT=/tmp/liaise-screenshots-media PRIVATE_MEDIA_ROOT=/tmp/liaise-screenshots-private

screenshots: $(STAMP) ## Regenerate docs/screenshots/ (en, cs, el; 1280 and 390 px) on a fresh demo database (needs Chromium)
	rm -f $(SHOTS_DB)
	$(SHOTS_ENV) $(BIN)/python manage.py migrate --noinput -v 0
	$(SHOTS_ENV) $(BIN)/python manage.py load_demo > /dev/null
	$(SHOTS_ENV) $(BIN)/python manage.py screenshots --languages en cs el --output docs/screenshots
