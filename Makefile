# The two entry points: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test build setup clean namespaces reliability audit bench

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

# Regenerate the closed AGA namespace (kg/aga_terms.py) after editing ontology/*.ttl.
namespaces: setup
	$(BIN)/aga-kg namespaces

test: setup
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The long reliability runs (load test, soak, longer fuzzing); see RELIABILITY.md.
reliability: setup
	bash reliability/run-long.sh

# Known vulnerabilities in the installed dependencies (PyPI's advisory data).
audit: setup
	bash reliability/audit.sh

# Benchmarks print figures and record them in bench/results/ (minutes; not part of `make test`).
bench: setup
	$(BIN)/python -m bench.validation 100k 1M
	$(BIN)/python -m bench.ingest 100k 1M
	$(BIN)/python -m bench.chart

clean:
	rm -rf $(VENV) var .pytest_cache
