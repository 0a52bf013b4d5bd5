# Two commands for a fresh machine: `make run` and `make test` (see README.md).
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
# Test processes (pytest-xdist), each with its own database; `make test TEST_WORKERS=0` runs one.
TEST_WORKERS ?= auto

.PHONY: run test test-e2e test-all lint format assets clean

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
	$(BIN)/python -m pytest -n $(TEST_WORKERS)

test-e2e: $(VENV)/.installed
	$(BIN)/python -m pytest tests/e2e

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
