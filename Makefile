# The two entry points: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test build setup clean namespaces reliability audit bench browser

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP) browser

build: setup
	$(BIN)/aga-kg build

run: build
	HOST=$(HOST) PORT=$(PORT) $(BIN)/gunicorn -c gunicorn.conf.py

# Regenerate the closed AGA namespace (kg/aga_terms.py) after editing ontology/*.ttl.
namespaces: setup
	$(BIN)/aga-kg namespaces

# The browser tests drive Debian's headless Chromium and its driver; CI machines start without them.
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
	  { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver; }

test: setup browser
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The long reliability runs (load test, soak, longer fuzzing); see RELIABILITY.md.
SOAK_SECONDS ?= 600
reliability: setup
	bash reliability/run-long.sh $(SOAK_SECONDS)

# Known vulnerabilities in the installed dependencies (PyPI's advisory data); .ci/run runs it.
audit: setup
	$(BIN)/python -m reliability.audit

# Benchmarks print figures and record them in bench/results/ (minutes; not part of `make test`).
# Page and query latency at each of PAGE_SCALES triples (10000000 adds about ten minutes).
PAGE_SCALES ?= 100000 1000000
bench: setup
	$(BIN)/python -m bench.validation 100k 1M
	$(BIN)/python -m bench.ingest 100k 1M
	$(BIN)/python -m bench.chart
	for triples in $(PAGE_SCALES); do PYTHONPATH=. $(BIN)/python bench/pages.py --triples $$triples || exit 1; done
	$(BIN)/python -m bench.latency_chart
	PYTHONPATH=. $(BIN)/python bench/sparql_vs_native.py

clean:
	rm -rf $(VENV) var .pytest_cache

.PHONY: bench-sparql bench-writes vendor-yasgui browser

# Worker-process SPARQL evaluation against in-process evaluation (prints figures; not part of `make test`).
bench-sparql: setup
	$(BIN)/python bench/sparql_runner.py

# A copy-on-write update against the same update in place (prints figures; not part of `make test`).
bench-writes: setup
	$(BIN)/python bench/writes.py 100k 1M

# Refresh the vendored YASGUI from npm (see server/static/yasgui/VENDOR.md); needs npm and the registry.
YASGUI_VERSION ?= 4.6.2
vendor-yasgui:
	rm -rf var/yasgui && mkdir -p var/yasgui
	cd var/yasgui && npm pack --silent @zazuko/yasgui@$(YASGUI_VERSION) && tar xzf zazuko-yasgui-$(YASGUI_VERSION).tgz
	cp var/yasgui/package/build/yasgui.min.js var/yasgui/package/build/yasgui.min.css var/yasgui/package/package.json server/static/yasgui/
	sha256sum var/yasgui/*.tgz server/static/yasgui/yasgui.min.*
