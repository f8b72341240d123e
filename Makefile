# Samverkan. A fresh machine needs Python 3.11 and make; everything else comes from here.
.DEFAULT_GOAL := help
UV := $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help uv install run test lint format messages check-messages

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  %-16s %s\n", $$1, $$2}'

uv:
	@command -v uv >/dev/null 2>&1 || test -x $(HOME)/.local/bin/uv || python3 -m pip install --user --quiet uv

install: uv ## Install every dependency from the lock file
	$(UV) sync --frozen

run: install ## Install, prepare the embedded database (policy and demo data) and serve at http://127.0.0.1:8000
	$(UV) run samverkan migrate --no-input
	$(UV) run samverkan demo_data --if-empty
	$(UV) run samverkan serve --host $(HOST) --port $(PORT)

test: install ## Run the whole test suite
	$(UV) run ruff check .
	$(UV) run ruff format --check .
	$(UV) run samverkan makemigrations --check --dry-run
	$(UV) run pytest

lint: install ## Lint and check formatting
	$(UV) run ruff check . && $(UV) run ruff format --check .

format: install ## Format the code
	$(UV) run ruff format . && $(UV) run ruff check --fix .

messages: install ## Update and compile the translations
	cd samverkan && $(UV) run samverkan makemessages -l sv --no-obsolete --no-location
	cd samverkan && $(UV) run samverkan compilemessages
