# Samverkan. A fresh machine needs Python 3.11-3.13 and make; everything else comes from here.
.DEFAULT_GOAL := help
# uv from PATH, or a private copy in .tools/ that never touches the system's Python:
# pip installs it with --target (no --user, no --break-system-packages), or, where the
# system has no pip, into a virtual environment of its own.
TOOLS := $(CURDIR)/.tools
UV := $(shell command -v uv 2>/dev/null || echo $(TOOLS)/bin/uv)
# The project's Python is the system's python3; uv never downloads one.
export UV_PYTHON_DOWNLOADS := never
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help uv install run test test-deps lint format messages check-messages fuzz

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  %-16s %s\n", $$1, $$2}'

uv: ## Bring in uv (only if it is missing) without touching the system's Python
	@test -x "$(UV)" || { \
	  echo "Installing uv into $(TOOLS) (private to this checkout)"; \
	  python3 -m pip install --quiet --disable-pip-version-check --target "$(TOOLS)/pip" uv \
	    && mkdir -p "$(TOOLS)/bin" && ln -sf "$(TOOLS)/pip/bin/uv" "$(TOOLS)/bin/uv"; \
	} || { \
	  python3 -m venv "$(TOOLS)/venv" && "$(TOOLS)/venv/bin/pip" install --quiet uv \
	    && mkdir -p "$(TOOLS)/bin" && ln -sf "$(TOOLS)/venv/bin/uv" "$(TOOLS)/bin/uv"; \
	} || { \
	  echo "Could not install uv: install python3-pip or python3-venv, or uv itself." >&2; \
	  exit 1; \
	}
	@"$(UV)" --version

install: uv ## Install every dependency from the lock file
	$(UV) sync --frozen

run: install ## Install, prepare the embedded database (policy and demo data) and serve at http://127.0.0.1:8000 with a background worker
	$(UV) run samverkan migrate --no-input
	$(UV) run samverkan demo_data --if-empty
	$(UV) run samverkan serve --with-worker --host $(HOST) --port $(PORT)

test-deps: ## The test's own helpers: a real OpenID Connect provider (Node.js)
	@command -v npm >/dev/null 2>&1 || { echo "make test needs Node.js and npm (apt-get install nodejs npm)" >&2; exit 1; }
	@test -d tests/oidc/node_modules/oidc-provider || (cd tests/oidc && npm ci --no-audit --no-fund --loglevel=error)

test: install test-deps ## Run the whole test suite
	$(UV) run ruff check .
	$(UV) run ruff format --check .
	$(UV) run samverkan makemigrations --check --dry-run
	$(UV) run pytest

# The fuzzer's bounds: test cases per API operation and seconds for the whole run.
FUZZ_EXAMPLES ?= 5
FUZZ_SECONDS ?= 300

fuzz: install ## Fuzz the API with schemathesis on demo data, SQLite then PostgreSQL (FUZZ_POSTGRES_URL, default the local server); not in make test
	$(UV) run python tools/fuzz.py --max-examples $(FUZZ_EXAMPLES) --max-time $(FUZZ_SECONDS)
	$(UV) run python tools/fuzz.py --postgres --max-examples $(FUZZ_EXAMPLES) --max-time $(FUZZ_SECONDS)

lint: install ## Lint and check formatting
	$(UV) run ruff check . && $(UV) run ruff format --check .

format: install ## Format the code
	$(UV) run ruff format . && $(UV) run ruff check --fix .

messages: install ## Update and compile the translations
	cd samverkan && $(UV) run samverkan makemessages -l sv --no-obsolete --no-location
	cd samverkan && $(UV) run samverkan compilemessages
