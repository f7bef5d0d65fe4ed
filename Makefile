# Tillit – the two commands: `make run` (quick start) and `make test` (the whole suite).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/tillit
REDIS ?= redis://127.0.0.1:6379/0

.PHONY: run install test test-fast e2e lint format bench migrations-check clean oidc-provider

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# The real OpenID provider the sign-in tests start (npm's oidc-provider, tests/e2e/oidc/).
OIDC_DIR := tests/e2e/oidc
$(OIDC_DIR)/node_modules/.package-lock.json: $(OIDC_DIR)/package-lock.json
	cd $(OIDC_DIR) && npm ci --no-audit --no-fund --loglevel=error

oidc-provider: $(OIDC_DIR)/node_modules/.package-lock.json

# Quick start: SQLite, tasks in-process, e-mail to the console, the public results page on
# (/resultat/). No services needed.
run: install
	DEBUG=1 $(BIN)/python manage.py migrate --no-input
	DEBUG=1 $(BIN)/python manage.py seed_demo
	DEBUG=1 PUBLIC_RESULTS=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

# Python keeps compiled modules (some machines set PYTHONDONTWRITEBYTECODE): each test worker
# then loads the app and the test modules instead of compiling them again (~5 s a worker).
unexport PYTHONDONTWRITEBYTECODE

# The whole suite against the real PostgreSQL and Redis (DATABASE_URL/REDIS_URL override).
test: install oidc-provider
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DATABASE_URL=$${DATABASE_URL:-$(PG_URL)} REDIS_URL=$${REDIS_URL:-$(REDIS)} \
		$(BIN)/python manage.py makemigrations --check --dry-run
# The migrations from zero (one core), while the test modules are compiled on the other:
# `--collect-only` leaves pytest's rewritten bytecode for the workers (its errors, if any, are
# reported by the run itself).
	export DATABASE_URL=$${DATABASE_URL:-$(PG_URL)} REDIS_URL=$${REDIS_URL:-$(REDIS)}; \
		$(BIN)/python -m tests.migrations_apply & migrations=$$!; \
		$(BIN)/pytest --collect-only -qq -p no:xdist >/dev/null 2>&1; \
		wait $$migrations
	DATABASE_URL=$${DATABASE_URL:-$(PG_URL)} REDIS_URL=$${REDIS_URL:-$(REDIS)} \
		DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest -n 2 --dist worksteal --create-db $(PYTEST_ARGS)

# Everything but the browser tests, for a quick loop.
test-fast: install
	DATABASE_URL=$${DATABASE_URL:-$(PG_URL)} REDIS_URL=$${REDIS_URL:-$(REDIS)} \
		$(BIN)/pytest -m "not e2e" $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix . && $(BIN)/ruff format .

# Speed and memory targets (not part of `make test`).
bench: install
	DATABASE_URL=$${DATABASE_URL:-$(PG_URL)} REDIS_URL=$${REDIS_URL:-$(REDIS)} \
		$(BIN)/python -m tests.bench.run

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles media
