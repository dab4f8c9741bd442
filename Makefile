# Two commands for a new user: `make demo` runs the main job on the bundled example,
# `make test` runs the whole test suite. Both set up .venv (and system packages) first.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup demo web test lint bench

$(BIN)/coplaw: pyproject.toml
	bash scripts/setup
	@touch $@

setup: $(BIN)/coplaw

demo: setup
	$(BIN)/coplaw assess examples/valdoria --jurisdiction XVD --framework icmec-review --framework icmec-model-law --format table
	$(BIN)/coplaw assess examples/valdoria-bn --jurisdiction XVB --framework icmec-model-law --format table
	mkdir -p demo-output
	$(BIN)/coplaw report country XVD --name "Republic of Valdoria" --from examples/valdoria --out demo-output/valdoria-report.pdf
	@echo "Country report with every standard, its evidence and the gap report: demo-output/valdoria-report.pdf"
	@echo "To review these findings in the browser: make web"

# The web application over the example: every framework assessed and saved, a first
# administrator account asked for, then served on http://127.0.0.1:8000.
web: setup
	mkdir -p demo-output
	$(BIN)/coplaw assess examples/valdoria --jurisdiction XVD --name "Republic of Valdoria" --save --db demo-output/coplaw.db --out demo-output/valdoria.json
	@$(BIN)/coplaw account list --db demo-output/coplaw.db | grep -q . || { echo "Choose a password for the account 'admin':"; $(BIN)/coplaw account add admin --role admin --db demo-output/coplaw.db; }
	$(BIN)/coplaw serve --db demo-output/coplaw.db --web-dir demo-output/web

test: setup
	$(BIN)/ruff check coplaw tests bench
	$(BIN)/mypy
	$(BIN)/pytest -q

bench: setup
	$(BIN)/python bench/run.py
