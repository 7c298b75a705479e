# Mobiliza: `make run` serves the demo at http://127.0.0.1:8000/ with a task worker beside it,
# `make test` runs every test.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# The address links in feeds and e-mails point to: the one `make run` serves, unless
# SITE_URL is set (in the environment or on the command line).
SITE_URL ?= http://$(HOST):$(PORT)

.PHONY: run test install messages lint system-deps serve bench clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.lock pyproject.toml | $(BIN)/activate
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	touch $@

install: $(VENV)/.installed

# Tools the tests run in the browser (axe-core), pinned by package-lock.json.
node_modules/.installed: package-lock.json package.json
	npm ci --silent --no-audit --no-fund
	touch $@

system-deps:
	@scripts/system-deps

messages: install
	$(MANAGE) compilemessages --ignore=.venv -v 0

run:
	@MOBILIZA_SKIP_BROWSER=1 scripts/system-deps
	@$(MAKE) --no-print-directory messages
	$(MANAGE) migrate --no-input -v 0
	SITE_URL=$(SITE_URL) $(MANAGE) bootstrap
	@echo
	@echo "Mobiliza is at http://$(HOST):$(PORT)/  (links in feeds and e-mails: $(SITE_URL); stop with Ctrl-C)"
	@SITE_URL=$(SITE_URL) PYTHON=$(BIN)/python scripts/serve $(HOST):$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy mobiliza config
	$(BIN)/lint-imports
	$(MANAGE) makemigrations --check --dry-run -v 0
	DJANGO_SETTINGS_MODULE=config.settings.production SECRET_KEY=check-only-$$(date +%s)-a-long-random-looking-value-for-the-deploy-check ALLOWED_HOSTS=mobiliza.example.org REDIS_URL=redis://127.0.0.1:6379/0 \
		$(MANAGE) check --deploy --fail-level WARNING

test: system-deps messages lint node_modules/.installed
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Benchmark on the database DATABASE_URL names (SQLite when unset): CLEARS its business
# tables, generates factor 1 and 100, times every page through gunicorn, writes
# bench/results.json. BENCH_ARGS="--factors 1,10 --requests 30" to change the run.
bench: messages
	$(MANAGE) migrate --no-input -v 0
	$(MANAGE) bootstrap
	DJANGO_SETTINGS_MODULE=mobiliza.bench.bench_settings $(MANAGE) bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) staticfiles data
