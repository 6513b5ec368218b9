# taizhang — the two quick-start commands are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DATA ?= data/demo
# Read-model benchmark sizes (events); make bench SIZES=10000,1000000 for the million.
SIZES ?= 10000,100000

.PHONY: demo test lint install serve clean features-postgres bench fuzz-long screenshots crash-long \
	bench-projections bench-commands bench-import bench-http bench-audit bench-summary bench-rankings \
	bench-thumbnails bench-photo-marks bench-witness-mirror bench-cli bench-export bench-pages bench-gc-pauses bench-paysheet-years \
	bench-rebuild-limit bench-http-profile bench-cases

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,lint]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/taizhang demo --data $(DATA) --serve

# One worker per core; a file's tests stay on one worker, so that its module-wide fixtures (a demo
# township, a browser) are made once.
test: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow" -n auto --dist loadfile

# ruff and mypy over the product and its tests (configured in pyproject.toml); .pre-commit-config.yaml runs the same.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

# The Gherkin features run on SQLite in make test; this runs the same scenarios on PostgreSQL.
features-postgres: $(STAMP)
	TAIZHANG_FEATURES_STORE=postgres $(BIN)/python -m pytest -q -n auto --dist loadfile features

# The benchmark suite at a small scale (a few minutes). At a million events:
#   make bench SIZES=10000,1000000 EVENTS=1000000
# Each benchmark prints its figure, its limit and their ratio (docs/PERFORMANCE.md).
EVENTS ?= 20000
comma := ,
BENCH_STORES ?= sqlite,postgres

bench: bench-projections bench-commands bench-import bench-http bench-audit bench-summary bench-rankings \
	bench-thumbnails bench-cli bench-export bench-pages bench-gc-pauses bench-paysheet-years bench-rebuild-limit \
	bench-http-profile bench-cases

bench-projections: $(STAMP)
	$(BIN)/python -m bench.projections_bench --sizes $(SIZES)

bench-cases: $(STAMP)
	$(BIN)/python -m bench.cases_bench --sizes $(SIZES)

bench-commands: $(STAMP)
	$(BIN)/python -m bench.command_bench --stores $(BENCH_STORES)

bench-import: $(STAMP)
	$(BIN)/python -m bench.import_bench --stores $(BENCH_STORES) --events $(EVENTS)

bench-http: $(STAMP)
	for store in $(subst $(comma), ,$(BENCH_STORES)); do \
		$(BIN)/python -m bench.http_bench --requests 1000 --seconds 30 --concurrency 4 --store $$store --floor || exit 1; \
	done

bench-audit: $(STAMP)
	$(BIN)/python -m bench.audit_bench

bench-witness-mirror: $(STAMP)
	$(BIN)/python -m bench.witness_mirror_bench

bench-summary: $(STAMP)
	$(BIN)/python -m bench.summary_bench --small $(firstword $(subst $(comma), ,$(SIZES))) \
		--large $(lastword $(subst $(comma), ,$(SIZES)))

bench-rankings: $(STAMP)
	$(BIN)/python -m bench.rankings_bench --sizes $(SIZES)

bench-thumbnails: $(STAMP)
	$(BIN)/python -m bench.thumbnails_bench

bench-photo-marks: $(STAMP)
	$(BIN)/python -m bench.photo_marks_bench

# The command line against typer's start-up, the previous release (PREVIOUS) and each command's floor.
PREVIOUS ?= 16f17dd
bench-cli: $(STAMP)
	$(BIN)/python -m bench.cli_bench --previous $(PREVIOUS)

bench-export: $(STAMP)
	$(BIN)/python -m bench.export_bench

bench-pages: $(STAMP)
	$(BIN)/python -m bench.pages_bench

bench-gc-pauses: $(STAMP)
	$(BIN)/python -m bench.gc_pauses

bench-paysheet-years: $(STAMP)
	$(BIN)/python -m bench.paysheet_years_bench --years 10

bench-http-profile: $(STAMP)
	$(BIN)/python -m bench.http_profile --requests 300

bench-rebuild-limit: $(STAMP)
	$(BIN)/python -m bench.rebuild_limit_bench --events $(firstword $(subst $(comma), ,$(SIZES)))

# schemathesis with many more examples per operation, both stores (about 2 minutes per store).
fuzz-long: $(STAMP)
	TAIZHANG_FUZZ_EXAMPLES=40 $(BIN)/python -m pytest -q tests/api/test_whole_openapi_fuzzed.py

# The screenshots in docs/screenshots/ are made by the browser journeys.
screenshots: $(STAMP)
	TAIZHANG_SCREENSHOTS=$(CURDIR)/docs/screenshots $(BIN)/python -m pytest -q tests/web/test_browser_journeys.py \
		tests/web/test_setup_journey.py tests/web/test_year_journeys.py

clean:
	rm -rf $(VENV) data .pytest_cache .hypothesis

crash-long: $(STAMP)
	$(BIN)/python -m pytest -q -m slow tests/durability
