# The two entry points: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test build setup clean reliability audit

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

build: setup
	$(BIN)/aga-kg build

run: build
	HOST=$(HOST) PORT=$(PORT) $(BIN)/gunicorn -c gunicorn.conf.py

test: setup
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The long reliability runs (load test, soak, longer fuzzing); see RELIABILITY.md.
SOAK_SECONDS ?= 600
reliability: setup
	bash reliability/run-long.sh $(SOAK_SECONDS)

# Known vulnerabilities in the installed dependencies (PyPI's advisory data); .ci/run runs it.
audit: setup
	$(BIN)/python -m reliability.audit

clean:
	rm -rf $(VENV) var .pytest_cache
