# desk_app — `make demo` and `make test` work on a fresh machine (they bootstrap .venv first).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
export QT_QPA_PLATFORM ?= offscreen

.PHONY: demo demo-desk2 test lint unit bench bench-smoke clean venv package
venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@# SANE scanners (Linux): python-sane compiles against libsane-dev; without it the app runs, scanners
	@# say "not installed" (CI installs libsane-dev, and its tests fail if python-sane is missing)
	@if [ "$$(uname)" = Linux ]; then $(PY) -m pip install --quiet -e '.[sane]' \
	  || echo "note: python-sane not built (apt-get install libsane-dev python3-dev gcc); scanners unavailable"; fi
	touch $@

demo: QT_QPA_PLATFORM=
demo: venv
	$(VENV)/bin/desk-app demo

# a second demo desk (desk 2, its own data) syncing to the same demo central server as `make demo`
demo-desk2: QT_QPA_PLATFORM=
demo-desk2: venv
	$(VENV)/bin/desk-app demo --desk 2

lint: venv
	$(VENV)/bin/ruff check desk_app tests db
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

test: lint
	$(PY) -m pytest -m "not benchmark" -q
	$(MAKE) --no-print-directory bench-smoke

# Benchmarks print ratios against a bare baseline measured in the same run (see README).
bench: venv
	$(PY) -m pytest tests/benchmarks -m benchmark -s -q

bench-smoke: venv
	DESK_APP_BENCH_ROWS=20000 $(PY) -m pytest tests/benchmarks -m benchmark -q

# the one-folder bundle dist/desk-app/ and its archive (PyInstaller), then on Debian/Ubuntu the .deb
package: venv
	$(PY) -m pip install --quiet -e '.[package]'
	bash packaging/build.sh $(PY)
	@if command -v dpkg-deb >/dev/null; then bash packaging/linux/build-deb.sh; fi

clean:
	rm -rf build dist test-artifacts .pytest_cache .mypy_cache .ruff_cache
