# The two commands: `make run` (set up and serve the demo; PORT=5001 or HOST=... to change where) and
# `make test` (set up and run the suite).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
BENCH_STAMP := $(VENV)/.installed-bench-stamp
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test bench bench-data translations clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# The suite and the benchmarks also need the bench extra: gunicorn, locust, pyinstrument (bench/load.py).
$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $(BENCH_STAMP)

run: $(STAMP)
	$(BIN)/exitfi init --demo
	$(BIN)/exitfi serve --host $(HOST) --port $(PORT)

# The suite runs on TEST_WORKERS processes (pytest-xdist; the root conftest.py groups what shares a fixture): two
# per CPU, at most four, since a test spends much of its time waiting on a database, a server or the browser.
TEST_WORKERS ?= $(shell n=$$(( $$(nproc 2>/dev/null || echo 1) * 2 )); [ $$n -gt 4 ] && n=4; echo $$n)

test: $(BENCH_STAMP)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

bench: $(BENCH_STAMP)
	$(BIN)/python -m bench
	$(BIN)/python -m bench.load

# The benchmarks' data set, made through the real command path; run it again to go on after a stop. An instance
# folder (bench/data, SQLite; bench/data/postgresql with DATABASE_URL=postgresql://...) keeps its database:
# `make bench-data CASES=1000`, `make bench-data DATABASE_URL=postgresql://postgres@127.0.0.1/exitfi_bench`.
# WORKERS=K (PostgreSQL only) runs K processes, but a case's commands share a transaction and the log takes one
# writer at a time, so they take turns: one process was the fastest.
CASES ?= 100000
WORKERS ?= 1

bench-data: $(STAMP)
	$(BIN)/python -m bench.generate --cases $(CASES) --workers $(WORKERS) \
	  $(if $(DATABASE_URL),--database-url '$(DATABASE_URL)') $(if $(BENCH_INSTANCE),--instance '$(BENCH_INSTANCE)')

# Extract, update and compile the core's catalog and each plugin's (see babel.cfg).
translations: $(STAMP)
	for dir in core plugins/*/; do \
	  dir=$${dir%/}; [ -d $$dir/translations ] || continue; \
	  $(BIN)/pybabel extract -F babel.cfg -k lazy_gettext -k _l -k N_ --add-comments=Translators: \
	    --project=exitfi -o $$dir/translations/messages.pot $$dir; \
	  $(BIN)/pybabel update -i $$dir/translations/messages.pot -d $$dir/translations --ignore-obsolete; \
	  $(BIN)/pybabel compile --statistics -d $$dir/translations; \
	done

clean:
	rm -rf $(VENV) build *.egg-info
