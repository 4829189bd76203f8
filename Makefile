# sellerdesk: `make demo` runs the product, `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install system-packages python-deps assets demo serve test test-sqlite test-postgres lint format lock clean

install: system-packages python-deps assets

# Debian packages the browser tests and translations need; only when root and only if missing.
system-packages:
	@bash scripts/system-packages.sh

python-deps: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e '.[test]'
	touch $@

# Front-end assets come from the npm registry at install time, never from a CDN at run time.
assets:
	@bash frontend/vendor.sh

demo: install
	$(VENV)/bin/sellerdesk demo --host $(HOST) --port $(PORT)

serve: install
	$(VENV)/bin/sellerdesk serve --host $(HOST) --port $(PORT)

# The whole suite on SQLite, then again on PostgreSQL (required when CI=true).
test: install
	@bash scripts/test.sh

test-sqlite: install
	@bash scripts/test.sh sqlite

test-postgres: install
	@bash scripts/test.sh postgres

lint: python-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: python-deps
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

lock: python-deps
	(echo "# Pinned versions of every Python dependency (pip constraints). Regenerate: make lock"; \
	 $(PY) -m pip freeze --exclude-editable | grep -iv '^sellerdesk') > requirements.lock

clean:
	rm -rf $(VENV) var test-artifacts .pytest_cache
