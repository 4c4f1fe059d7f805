# Common tasks. `make help` lists them.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test

.PHONY: help install run test test-pg lint fmt types migrate revision openapi bench ci

help:  ## list the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(BIN)/askwell: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[dev]"
	@touch $@

install: $(BIN)/askwell  ## create the virtualenv with everything

run: install  ## serve the API on 127.0.0.1:8000 (SQLite by default)
	$(BIN)/askwell serve

test: install  ## run the tests on SQLite
	$(BIN)/pytest

test-pg: install  ## run the tests on PostgreSQL ($(PG_URL))
	ASKWELL_TEST_DATABASE_URL=$(PG_URL) $(BIN)/pytest

lint: install  ## ruff lint + format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: install  ## format and fix imports
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

types: install  ## mypy --strict on service/
	$(BIN)/mypy

migrate: install  ## bring the configured database to the newest schema
	$(BIN)/askwell migrate

revision: install  ## autogenerate a migration: make revision m="what changed"
	$(BIN)/alembic revision --autogenerate -m "$(m)"

openapi: install  ## regenerate openapi/openapi.json
	$(BIN)/askwell openapi > openapi/openapi.json

bench: install  ## run the benchmarks
	$(BIN)/python bench/gate.py
	$(BIN)/python bench/api.py
	$(BIN)/python bench/drafts.py
	$(BIN)/python bench/batch.py

ci:  ## what CI runs
	bash .ci/run
