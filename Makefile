# KPO Desk. `make run` opens the app, `make test` runs the whole suite headless.
# Both create .venv (and install the app into it) when it is missing or stale.
# `make crash-test-long` kills a writer 500 times and checks the store after each kill.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test lint demo clean screenshots

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/kpo-desk

test: $(STAMP)
	$(BIN)/lint-imports --no-cache
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check kpo_desk tests benchmarks

demo: $(STAMP)
	$(BIN)/kpo-desk demo

# `make screenshots`: every view and the daily dialogs on a virtual X screen with openbox, at 1366x768 and
# 1024x700, light and dark (docs/screenshots.sh); PNGs and measured problems in docs/screenshots/<size>/.
screenshots: $(STAMP)
	@command -v Xvfb >/dev/null && command -v openbox >/dev/null || \
		{ echo "make screenshots needs Xvfb and openbox: sudo apt-get install -y xvfb openbox libxcb-cursor0"; exit 1; }
	PYTHON=$(BIN)/python docs/screenshots.sh

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache

.PHONY: crash-test-long
crash-test-long: $(STAMP)
	KPO_DESK_CRASH_KILLS=500 QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -s tests/core/test_crash_safety.py

# `make package` builds the self-contained app folder dist/kpo-desk/ for this OS with PyInstaller
# (packaging/kpo-desk.spec), then smoke-tests the built binary (packaging/smoke-test.sh).
# `make desktop-check` validates the Linux .desktop file and AppStream metainfo when the tools exist.
.PHONY: package desktop-check
package:
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[package]'
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist \
		--workpath build/pyinstaller packaging/kpo-desk.spec
	sh packaging/smoke-test.sh dist/kpo-desk/kpo-desk
	@du -sh dist/kpo-desk

desktop-check:
	@if command -v desktop-file-validate >/dev/null 2>&1; then \
		desktop-file-validate packaging/linux/io.github.kpodesk.KpoDesk.desktop && echo "desktop file: ok"; \
	else echo "desktop-file-validate not installed (apt-get install desktop-file-utils): skipped"; fi
	@if command -v appstreamcli >/dev/null 2>&1; then \
		appstreamcli validate --no-net --pedantic packaging/linux/io.github.kpodesk.KpoDesk.metainfo.xml; \
	else echo "appstreamcli not installed (apt-get install appstream): skipped"; fi
	@cmp -s resources/icons/kpo-desk.svg packaging/linux/io.github.kpodesk.KpoDesk.svg \
		&& echo "icon: same as resources/icons/kpo-desk.svg" \
		|| { echo "packaging/linux/io.github.kpodesk.KpoDesk.svg differs from resources/icons/kpo-desk.svg"; exit 1; }

# `make bench`: performance against same-run baselines, on the demo and on a cached store of
# 20,000 engagements and 1,000,000 communications (built on first use, about 90 s). Not part of
# `make test`. The table goes to benchmarks/results/latest.md. BENCH_ARGS=--rebuild-large times a rebuild.
.PHONY: bench
bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/run.py $(BENCH_ARGS)

# `make translations`: the GUI's German catalog. pyside6-lupdate collects every tr()/translate()/
# QT_TRANSLATE_NOOP string under kpo_desk/ui into resources/translations/kpo_desk_de.ts (new ones
# come in unfinished, to translate in pyside6-linguist), then pyside6-lrelease compiles the .qm the app loads.
.PHONY: translations
translations: $(STAMP)
	$(BIN)/pyside6-lupdate -extensions py -no-obsolete -locations relative kpo_desk/ui -ts resources/translations/kpo_desk_de.ts
	$(BIN)/pyside6-lrelease resources/translations/kpo_desk_de.ts -qm resources/translations/kpo_desk_de.qm
