# Two commands for a fresh machine: `make run` and `make test` (see README.md).
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test test-e2e test-all lint format assets clean stress

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

run: $(VENV)/.installed
	$(BIN)/flask --app wsgi demo
	$(BIN)/flask --app wsgi run --host $(HOST) --port $(PORT)

test: $(VENV)/.installed
	$(BIN)/python -m pytest

test-e2e: $(VENV)/.installed
	$(BIN)/python -m pytest tests/e2e

# Many clients at once against gunicorn on 127.0.0.1, on SQLite and then PostgreSQL
# (STRESS_DATABASE_URL names a database it may drop and make again). About 3 minutes.
STRESS_DATABASE_URL ?= postgresql://postgres@127.0.0.1:5432/transition_stress
stress: $(VENV)/.installed
	timeout 600 $(BIN)/python -m pytest tests/stress -q -s -p no:randomly
	STRESS_DATABASE_URL=$(STRESS_DATABASE_URL) timeout 600 $(BIN)/python -m pytest tests/stress -q -s -p no:randomly

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

assets:
	scripts/build-govuk-assets.sh

clean:
	rm -rf $(VENV) instance
