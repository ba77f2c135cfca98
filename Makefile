# The two entry points: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test build setup clean browser bench

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
	HOST=$(HOST) PORT=$(PORT) $(BIN)/aga-kg serve

# The browser tests drive Debian's headless Chromium; CI machines start without it.
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
	  { apt-get update && apt-get install -y chromium chromium-driver; }

test: setup browser
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Page render times on a synthetic hub entity; not part of `make test`.
bench: setup
	$(BIN)/python bench/pages.py

clean:
	rm -rf $(VENV) var .pytest_cache
