# Quick start: `make run` then `make test`. Only Python 3.11 is needed.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-fast bench lint format clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,dev]'
	touch $(STAMP)

run: $(STAMP)
	@# bytecode of our own modules, written even where PYTHONDONTWRITEBYTECODE is set
	@$(BIN)/python -m compileall -q src >/dev/null
	$(BIN)/roadmap-kg build data/source/* --out dist

# Best effort: Debian's Chromium for tests/test_browser.py and Virtuoso for tests/test_store.py
# (skipped without them, outside CI).
test: $(STAMP)
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && { \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1 || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  } >/dev/null 2>&1; }; } || echo "note: chromium not installed; the browser test is skipped"
	@command -v virtuoso-t >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && { \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq virtuoso-opensource >/dev/null 2>&1 || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq virtuoso-opensource; \
	  } >/dev/null 2>&1; }; } || echo "note: virtuoso-opensource not installed; the Virtuoso tests are skipped"
	$(BIN)/python -m pytest -q

# The quick loop while working: every module, without the tests marked slow (servers, the
# browser, LibreOffice, whole builds through the installed command); under 30 s on 2 cores.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow"

bench: $(STAMP)
	$(BIN)/python bench/run.py

# ruff and mypy come pinned in the `dev` extra; `mypy` reads its files and `strict` from pyproject.toml.
lint: $(STAMP)
	$(BIN)/ruff check src tests bench tools
	$(BIN)/ruff format --check src tests bench tools
	$(BIN)/mypy --strict

format: $(STAMP)
	$(BIN)/ruff format src tests bench tools

clean:
	rm -rf $(VENV) dist .pytest_cache
