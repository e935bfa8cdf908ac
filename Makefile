# OneWorkforce: `make demo` sets up and runs the demo; `make test` sets up and runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export ONEWORKFORCE_HOME ?= $(CURDIR)/.oneworkforce

.PHONY: setup demo test lint format benchmark clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
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

# The PostgreSQL server is installed and started by the script; tests fail if it is missing.
test: lint
	url=$$(bash scripts/postgres-for-tests.sh) && \
	ONEWORKFORCE_TEST_POSTGRES_URL="$$url" ONEWORKFORCE_REQUIRE_POSTGRES=1 \
	$(BIN)/python -m pytest

benchmark: setup
	$(BIN)/python benchmarks/load_throughput.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis build src/*.egg-info
