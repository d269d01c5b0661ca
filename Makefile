# One entry point: make site | make test | make serve | make check | make bench | make bench-ingest | make bench-search | make bench-search-quality | make bench-incremental | make bench-trailer | make bench-scale | make fuzz | make golden | make clean
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
RUNTIME := $(VENV)/.installed-runtime
DEV := $(VENV)/.installed-dev

.PHONY: site test lint serve check bench bench-ingest bench-search bench-search-quality bench-incremental bench-trailer bench-scale fuzz golden clean

# `make site` needs only the package (what the Pages workflow runs); tests need the dev extras.
$(RUNTIME): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $(RUNTIME)

$(DEV): $(RUNTIME)
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(DEV)

site: $(RUNTIME)
	$(PY) -m site_builder ingest --quiet
	$(PY) -m site_builder build

lint: $(DEV)
	$(PY) -m ruff check site_builder tests bench tools
	$(PY) -m ruff format --check site_builder tests bench tools
	$(PY) -m mypy

test: lint
	$(PY) -m pytest -q

serve: $(RUNTIME)
	$(PY) -m site_builder serve

check: site
	$(PY) -m site_builder check

bench: $(RUNTIME) bench-ingest bench-search bench-search-quality bench-incremental bench-trailer bench-scale
	$(PY) bench/bench.py 1000 10000

# Growth: ingest of pasted files and a clean build with search at 1,000, 10,000 and 100,000 articles, per article, peak memory.
bench-scale: $(RUNTIME)
	$(PY) bench/scale.py 1000 10000 100000

# Near-duplicates with shared boilerplate: ingest of 5,000 articles with a common 300-word trailer against 5,000 without.
bench-trailer: $(RUNTIME)
	$(PY) bench/shared_trailer.py 5000

# Incremental builds: clean, no change and one article edited, at 1,000 and 10,000 articles.
bench-incremental: $(RUNTIME)
	$(PY) bench/incremental.py 1000 10000

# Search quality: judged queries over the Wikinews archive, served, from disk and in Pagefind's own UI.
bench-search-quality: $(DEV)
	$(PY) bench/search_quality.py --split tune
	$(PY) bench/search_quality.py --split heldout
	$(PY) bench/search_quality.py --split heldout2
	$(PY) bench/spelling_heldout.py

# Search at scale: build memory of every process, the offline index and the bytes one query loads (needs node).
bench-search: $(RUNTIME)
	$(PY) bench/search_scale.py 10000 30000 100000

# Pasted-text layouts (held-out and tuning splits) and the speed of one 10,000-article pasted file.
bench-ingest: $(RUNTIME)
	$(PY) bench/layouts.py --split heldout --files 20 --seed 1
	$(PY) bench/layouts.py --split tune --files 20 --seed 1
	$(PY) bench/pasted_wild.py
	$(PY) bench/pasted_speed.py 10000

# The full mutation fuzz of every loader (make test runs 1,500 cases of it).
fuzz: $(DEV)
	$(PY) -m tests.fuzz 12000 1

# Refresh tests/golden/site after an intended change to the output (review the diff).
golden: $(DEV)
	$(PY) -m tests.golden

clean:
	rm -rf _site ._site.tmp-* ._site.old-* .site-builder.lock $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
