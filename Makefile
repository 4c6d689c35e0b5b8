# Both targets create or refresh the virtual environment first, so they work on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ARGS ?=
RESULTS := reports/allure-results
SUITE := $(BIN)/pytest conformance/scenarios --alluredir=$(RESULTS) --junitxml=reports/junit.xml
# ARGS may carry a token or password: the lines that use it are silent (@) and echo this instead.
HIDDEN_ARGS = $(if $(strip $(ARGS)), (ARGS not shown: they may hold secrets))

.PHONY: install conformance test clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $(STAMP)

# The conformance suite against COMMERCE_BASE_URL (or .env), else the embedded mock server.
# Results are emptied first rather than with --clean-alluredir, which races under xdist.
conformance: install
	rm -rf $(RESULTS) && mkdir -p $(RESULTS)
	@echo '$(SUITE)$(HIDDEN_ARGS)'
	@$(SUITE) $(ARGS)

# The project's own tests: the mock server, the suite's units, the conformance suite with
# both oracles against the mock server, and the fault gate.
test: install
	@echo '$(BIN)/pytest tests -n 2$(HIDDEN_ARGS)'
	@$(BIN)/pytest tests -n 2 $(ARGS)

clean:
	rm -rf $(VENV) reports/*
	touch reports/.gitkeep
