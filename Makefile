# taizhang — the two quick-start commands are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DATA ?= data/demo

.PHONY: demo test install serve clean features-postgres bench fuzz-long screenshots crash-long

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/taizhang demo --data $(DATA) --serve

test: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow"

# The Gherkin features run on SQLite in make test; this runs the same scenarios on PostgreSQL.
features-postgres: $(STAMP)
	TAIZHANG_FEATURES_STORE=postgres $(BIN)/python -m pytest -q features

bench: $(STAMP)
	$(BIN)/python -m bench.projections_bench --sizes $(or $(SIZES),10000,100000)

# schemathesis with many more examples per operation, both stores (about 2 minutes per store).
fuzz-long: $(STAMP)
	TAIZHANG_FUZZ_EXAMPLES=40 $(BIN)/python -m pytest -q tests/api/test_whole_openapi_fuzzed.py

# The screenshots in docs/screenshots/ are made by the browser journeys.
screenshots: $(STAMP)
	TAIZHANG_SCREENSHOTS=$(CURDIR)/docs/screenshots $(BIN)/python -m pytest -q tests/web/test_browser_journeys.py

clean:
	rm -rf $(VENV) data .pytest_cache .hypothesis

crash-long: $(STAMP)
	$(BIN)/python -m pytest -q -m slow tests/durability
