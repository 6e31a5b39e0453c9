# Tanzim — the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-dev
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-fast e2e lint format migrations-check system-deps messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

var:
	mkdir -p var

## make run — SQLite database in var/, the territory of Morocco and the seed demo, a background worker,
## and the server on 127.0.0.1:8000
run: $(STAMP) | var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py territory_load
	$(BIN)/python manage.py demo_load
	@echo ""
	@echo "  Tanzim — http://$(HOST):$(PORT)/"
	@$(BIN)/python manage.py demo_logins
	@echo ""
	@# The background worker runs roll imports and PDF batches; it stops with the server.
	@$(BIN)/python manage.py db_worker --no-startup-delay -v0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Test processes in parallel (pytest-xdist): one per CPU; TEST_WORKERS=0 runs in this process.
TEST_WORKERS ?= auto

## make test — the whole suite (unit, integration, browser); DATABASE_URL=postgres://… runs it on PostgreSQL
test: $(STAMP) system-deps
	$(BIN)/python -m pytest -n $(TEST_WORKERS)

## make test-fast — everything but the browser tests
test-fast: $(STAMP)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) -m "not e2e"

## make e2e — only the browser tests (Debian chromium driven by Playwright)
e2e: $(STAMP) system-deps
	$(BIN)/python -m pytest -n $(TEST_WORKERS) -m e2e

## Debian packages the tests use: chromium (browser tests; Playwright cannot download browsers here),
## poppler-utils (pdftotext/pdftoppm read the PDFs back), zbar-tools (decodes the cards' QR codes)
SYSTEM_DEPS := chromium:/usr/bin/chromium poppler-utils:/usr/bin/pdftotext zbar-tools:/usr/bin/zbarimg
system-deps:
	@missing=""; for dep in $(SYSTEM_DEPS); do [ -x "$${dep#*:}" ] || missing="$$missing $${dep%%:*}"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages for the tests:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: $(STAMP)
	$(BIN)/python manage.py makemigrations --check --dry-run

## Recompile the translation catalogues (Arabic and French) after editing the .po files
messages: $(STAMP)
	cd tanzim && ../$(BIN)/python ../manage.py compilemessages

clean:
	rm -rf $(VENV) var test-output

## make bench-members — the members benchmark on PostgreSQL (not a test, not in CI): import vs raw COPY
## vs a per-row ORM loop, peak RSS, name search; drops and recreates the database tanzim_bench
## (BENCH_DATABASE_URL=postgres://… for another server); writes bench/results/members.json
ROWS ?= 1000000
.PHONY: bench-members
bench-members: $(STAMP) | var
	$(BIN)/python bench/members.py --rows $(ROWS)

## make bench-oversight — the national and provincial coverage dashboards on PostgreSQL with 1,000,000
## members, ~5,000 local organs and ~50,000 meetings built in bulk SQL; drops and recreates the database
## tanzim_bench_oversight (BENCH_OVERSIGHT_DATABASE_URL for another); writes bench/results/oversight.json
.PHONY: bench-oversight
bench-oversight: $(STAMP) | var
	$(BIN)/python bench/oversight.py

## make bench-load — 100 users reading and writing in their territories for 60 s, gunicorn as in
## production, on the 1,000,000-member database tanzim_bench (reused when it is complete, built
## otherwise; BENCH_REBUILD=1 builds it again); writes bench/results/load.json
LOAD_USERS ?= 100
LOAD_SECONDS ?= 60
LOAD_SWEEP ?= 3-7,5-15
BENCH_STAMP := $(VENV)/.installed-bench
$(BENCH_STAMP): pyproject.toml | $(STAMP)
	$(BIN)/pip install --quiet -e ".[dev,bench]"
	touch $(BENCH_STAMP)
.PHONY: bench-load
bench-load: $(BENCH_STAMP) | var
	$(BIN)/python bench/load.py --users $(LOAD_USERS) --seconds $(LOAD_SECONDS) --sweep "$(LOAD_SWEEP)"
