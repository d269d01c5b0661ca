# One entry point: make site | make test | make serve | make check | make bench | make clean
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: site test lint serve check bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

site: $(STAMP)
	$(PY) -m site_builder ingest --quiet
	$(PY) -m site_builder build

lint: $(STAMP)
	$(PY) -m ruff check site_builder tests bench
	$(PY) -m mypy

test: lint
	$(PY) -m pytest -q

serve: $(STAMP)
	$(PY) -m site_builder serve

check: site
	$(PY) -m site_builder check

bench: $(STAMP)
	$(PY) bench/bench.py 1000 10000

clean:
	rm -rf _site .site.tmp-* ._site.old $(VENV) .pytest_cache .mypy_cache .ruff_cache
