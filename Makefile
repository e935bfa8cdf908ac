# OneWorkforce: `make demo` sets up and runs the demo; `make test` sets up and runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export ONEWORKFORCE_HOME ?= $(CURDIR)/.oneworkforce

.PHONY: setup demo test lint format benchmark benchmark-metrics clean

# The web pages' stylesheet is built from the NHS.UK frontend (npm) with Sass: docs/web.md.
$(STAMP): pyproject.toml package.json package-lock.json scripts/build-frontend.sh scripts/pdf-libraries.sh \
		src/oneworkforce/web/scss/oneworkforce.scss
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,spark]'
	bash scripts/build-frontend.sh
	bash scripts/pdf-libraries.sh
	touch $(STAMP)

setup: $(STAMP)

demo: setup
	$(BIN)/oneworkforce demo

lint: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

format: setup
	$(BIN)/ruff check --fix src tests benchmarks
	$(BIN)/ruff format src tests benchmarks

# The PostgreSQL server, Java (for PySpark) and Chromium (for the browser tests) are
# installed by the scripts; tests fail, not skip, if any is missing.
test: lint
	bash scripts/java-for-tests.sh
	bash scripts/chromium-for-tests.sh
	url=$$(bash scripts/postgres-for-tests.sh) && \
	ONEWORKFORCE_TEST_POSTGRES_URL="$$url" ONEWORKFORCE_REQUIRE_POSTGRES=1 \
	ONEWORKFORCE_REQUIRE_SPARK=1 ONEWORKFORCE_REQUIRE_BROWSER=1 \
	$(BIN)/python -m pytest

benchmark: setup
	$(BIN)/python benchmarks/load_throughput.py

# The metric pack against hand-written SQL and pandas; ARGS="--scale both --write" for more.
benchmark-metrics: setup
	$(BIN)/python benchmarks/metric_pack.py $(ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis build src/*.egg-info
