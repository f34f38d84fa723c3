# setu: `make run` runs the demo on the embedded SQLite database; `make test` runs the whole suite.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell $(PYTHON) -c 'import hashlib,sys;print(hashlib.sha256(open("pyproject.toml","rb").read()).hexdigest()[:12])')

.PHONY: install run test lint bench clean

$(STAMP):
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/setu init
	$(BIN)/setu demo

lint: install
	$(BIN)/lint-imports
	$(BIN)/ruff check src tests $(wildcard bench)

test: lint
	$(BIN)/pytest -n 2 --dist loadgroup

bench: install
	$(BIN)/python bench/ledger.py
	$(BIN)/python bench/mrv.py
	$(BIN)/python bench/aef.py

clean:
	rm -rf $(VENV) var .pytest_cache .hypothesis
