# KPO Desk. `make run` opens the app, `make test` runs the whole suite headless.
# Both create .venv (and install the app into it) when it is missing or stale.
# `make crash-test-long` kills a writer 500 times and checks the store after each kill.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test lint demo clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/kpo-desk

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check kpo_desk tests benchmarks

demo: $(STAMP)
	$(BIN)/kpo-desk demo

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache

.PHONY: crash-test-long
crash-test-long: $(STAMP)
	KPO_DESK_CRASH_KILLS=500 QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -s tests/core/test_crash_safety.py
