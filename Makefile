# Developer entry points: make install | demo | test | bench | lint | fmt | run.
# Everything lands in .venv/ and node_modules/; stamp files make a second `make` a no-op.
# `make test ARGS="-k login"` passes arguments on to pytest.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
VENV_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

.PHONY: install demo test bench lint fmt run clean

install: $(VENV_STAMP) $(NODE_STAMP)

$(VENV_STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

$(NODE_STAMP): package-lock.json package.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

demo: install
	$(BIN)/waypoint demo

test: install
	scripts/test.sh $(ARGS)

bench: install
	@found=0; for script in bench/bench_*.py; do \
		[ -f "$$script" ] || continue; found=1; \
		echo "== $$script"; $(BIN)/python "$$script" || exit 1; \
	done; [ $$found = 1 ] || echo "No benchmarks yet (see bench/README.md)."

lint: $(VENV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: $(VENV_STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

run: install
	$(BIN)/waypoint migrate --noinput
	$(BIN)/waypoint serve

clean:
	rm -rf $(VENV) node_modules
