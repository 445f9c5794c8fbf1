# Tasks: `make test` is the README's test command (what .ci/run runs); lint and types beside it.
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: install test lint fmt types example-config bench

install:
	python3 -m venv $(VENV) && $(VENV)/bin/pip install -e '.[test]'

test:
	$(PY) -m pytest -q

lint:
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

fmt:
	$(VENV)/bin/ruff format . && $(VENV)/bin/ruff check --fix .

types:
	$(VENV)/bin/mypy fine_prep

example-config:
	$(VENV)/bin/fine-prep config --example > fine-prep.example.toml

bench:
	for b in bench/[a-z]*.py; do echo "== $$b"; $(PY) $$b || exit 1; done
