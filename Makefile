# Two commands for a new user: `make demo` runs the main job on the bundled example,
# `make test` runs the whole test suite. Both set up .venv (and system packages) first.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup demo test lint bench

$(BIN)/coplaw: pyproject.toml
	bash scripts/setup
	@touch $@

setup: $(BIN)/coplaw

demo: setup
	$(BIN)/coplaw assess examples/valdoria --jurisdiction XVD --framework icmec-review --framework icmec-model-law --format table
	mkdir -p demo-output
	$(BIN)/coplaw report country XVD --name "Republic of Valdoria" --from examples/valdoria --out demo-output/valdoria-report.pdf
	@echo "Country report with every standard, its evidence and the gap report: demo-output/valdoria-report.pdf"

test: setup
	$(BIN)/ruff check coplaw tests bench
	$(BIN)/mypy
	$(BIN)/pytest -q

bench: setup
	$(BIN)/python bench/run.py
