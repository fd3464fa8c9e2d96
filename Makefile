# Quick start: `make run` then `make test`. Only Python 3.11 is needed.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
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

bench: $(STAMP)
	$(BIN)/python bench/run.py

lint: $(STAMP)
	$(BIN)/pip install --quiet ruff==0.17.6 mypy==2.4.1
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

clean:
	rm -rf $(VENV) dist .pytest_cache
