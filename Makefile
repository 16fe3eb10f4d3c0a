# Ponte — the two commands a newcomer needs are `make demo` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/ponte
HOST ?= 127.0.0.1:8000

.PHONY: demo test install install-dev chromium gettext lint typecheck pytest pytest-sqlite pytest-postgres messages serve clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# The worker (`ponte db_worker`) runs index updates queued by saves; it stops with the server.
demo: install
	mkdir -p var
	$(BIN)/ponte migrate --noinput
	$(BIN)/ponte load_demo
	@echo "Building the matching index (the demo ships its embeddings: a few seconds)."
	$(BIN)/ponte index --rebuild
	@$(BIN)/ponte db_worker --no-reload --interval 0.5 --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/ponte runserver $(HOST)

serve: install
	$(BIN)/ponte runserver $(HOST)

# Debian's Chromium for the browser tests; installed only when missing.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium for the browser tests"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install-dev
	$(BIN)/mypy

# GNU gettext's xgettext: the catalogue test checks that every marked string is translated.
gettext:
	@command -v xgettext >/dev/null 2>&1 || { \
		echo "Installing GNU gettext for the catalogue test"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq gettext >/dev/null; }

pytest-sqlite: install-dev chromium gettext
	@echo "== pytest on SQLite =="
	DATABASE_URL= $(BIN)/pytest

pytest-postgres: install-dev chromium gettext
	@if $(BIN)/python -c "import psycopg,sys; psycopg.connect('$(PG_URL)'.rsplit('/',1)[0]+'/postgres', connect_timeout=3).close()" >/dev/null 2>&1; then \
		echo "== pytest on PostgreSQL ($(PG_URL)) =="; \
		DATABASE_URL=$(PG_URL) $(BIN)/pytest; \
	else \
		echo "== SKIPPED: pytest on PostgreSQL — no server reachable at $(PG_URL) (set PG_URL to point at one) =="; \
	fi

pytest: pytest-sqlite pytest-postgres

test: lint typecheck pytest

messages: install-dev
	cd src/ponte && ../../$(BIN)/ponte makemessages -l it -l en --no-obsolete --no-location && ../../$(BIN)/ponte compilemessages

clean:
	rm -rf $(VENV) var/*.sqlite3

# Matching quality on the development benchmark (bench/data/dev) -> bench/results/eval.json.
.PHONY: eval
eval: install
	$(BIN)/python bench/eval.py

# Matching speed at 10^4, 10^5 and 10^6 documents against brute-force baselines measured in the
# same run -> bench/results/matching.json (~15-20 min; BENCH_ARGS="--sizes 10000" for a quick look).
# Then the B2B scheduler against first-come-first-served -> bench/results/scheduler.json (~2 min;
# compares with the stored long run, bench/results/scheduler_reference.json).
.PHONY: bench
bench: install
	$(BIN)/python bench/matching_bench.py $(BENCH_ARGS)
	$(BIN)/python bench/scheduler_bench.py $(SCHEDULER_BENCH_ARGS)
