# Two commands do all the set-up on a fresh machine (see README):
#   make run    creates .venv when missing, installs the app, starts it
#   make test   creates .venv when missing, installs the app and test tools, runs every test
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run test bench bundle data docs-shots lint typecheck clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || { \
	  echo "error: could not create $(VENV); on Debian/Ubuntu run: sudo apt-get install python3-venv"; exit 1; }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test,dev,bundle]"
	@rm -f $(VENV)/.installed-*
	@touch $@

run: $(STAMP)
	@sh tools/system-deps.sh run
	$(VENV)/bin/cdt-desktop

test: $(STAMP)
	@sh tools/system-deps.sh test
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -p no:cacheprovider $(PYTEST_ARGS)

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m benchmarks

data: $(STAMP)
	$(VENV)/bin/cdt-desktop build-data

lint: $(STAMP)
	$(VENV)/bin/ruff check cdt_desktop tests benchmarks tools
	$(VENV)/bin/ruff format --check cdt_desktop tests benchmarks tools
	$(VENV)/bin/lint-imports

typecheck: $(STAMP)
	$(VENV)/bin/mypy

docs-shots: $(STAMP)
	$(PY) tools/docs_shots.py

bundle: $(STAMP)
	@sh tools/system-deps.sh bundle
	$(PY) -m pip install --quiet -e ".[bundle]"
	$(PY) installer/build.py

clean:
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache
