# Two commands: `make run` opens the app on the demo project, `make test` runs every test.
# Both create .venv and install what they need on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The tests also run the real consumers of our exports (spaCy, datasets) and the reference
# implementations of the agreement figures; `make run` does not need them.
CHECK_STAMP := $(VENV)/.check-installed
$(CHECK_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,check]'
	touch $(CHECK_STAMP)

run: $(STAMP)
	$(BIN)/annotator

test: $(CHECK_STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

# Issue 7 benchmarks: offscreen, each scenario in its own process; see benchmarks/README.md.
# make bench BENCH_ARGS="--quick" for a fast sanity run, "--profile" to write cProfile listings too.
BENCH_ARGS ?=
bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks.run $(BENCH_ARGS)

clean:
	rm -rf $(VENV) build dist *.egg-info

# Packaging (see packaging/README.md): `make package` builds the app that runs without Python in
# dist/annotator/, `make wheel` the wheel in dist/wheel/. Both need nothing beyond PyPI.
PYINSTALLER := pyinstaller==6.22.3 pyinstaller-hooks-contrib==2026.9
PACKAGING_STAMP := $(VENV)/.packaging-installed
FREEZE := $(BIN)/pyinstaller --noconfirm --clean --log-level WARN --workpath build/pyinstaller \
	packaging/annotator.spec

.PHONY: package package-onefile smoke-test wheel icons install-desktop install-bundle uninstall-desktop

$(PACKAGING_STAMP): $(STAMP) Makefile
	$(BIN)/python -m pip install --quiet $(PYINSTALLER)
	touch $(PACKAGING_STAMP)

package: $(PACKAGING_STAMP)
	$(FREEZE) --distpath dist
	@du -sh dist/annotator

package-onefile: $(PACKAGING_STAMP)
	$(FREEZE) --distpath dist/onefile -- --onefile
	@du -sh dist/onefile/annotator

smoke-test: package
	bash packaging/smoke_test.sh dist/annotator

wheel: $(STAMP)
	rm -rf build/lib build/bdist.* dist/wheel
	$(BIN)/python -m pip wheel --quiet --no-deps --wheel-dir dist/wheel .
	@ls dist/wheel/*.whl

icons: $(STAMP)
	$(BIN)/python packaging/make_icons.py

install-desktop:
	bash packaging/linux/install.sh

install-bundle: package
	bash packaging/linux/install.sh --bundle dist/annotator

uninstall-desktop:
	bash packaging/linux/install.sh --uninstall
