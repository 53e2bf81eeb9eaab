# 能报 Nengbao — the two set-up commands are `make run` and `make test`.
SHELL := /bin/bash
CARGO ?= cargo
APP := target/debug/nengbao-app

.PHONY: run test setup ui ui-test lint core-test e2e demo bench bundle fuzz types clean

## Install what is missing, build, and launch the app on a demo workspace.
run: setup ui
	$(CARGO) build -p nengbao-app
		@if [ -z "$${DISPLAY:-}" ]; then \
	  echo "No DISPLAY: starting the app under Xvfb (screen :99)."; \
	  NENGBAO_DEMO=1 xvfb-run -a -s "-screen 0 1280x800x24" $(APP); \
	else NENGBAO_DEMO=1 $(APP); fi

## Install what is missing and run every test.
test: setup ui-test ui lint core-test e2e

setup:
	@scripts/setup.sh

ui:
	cd ui && npx vite build --logLevel warn

ui-test:
	cd ui && npx vue-tsc --noEmit && npx vitest run

lint:
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

## The core tests; the county suite also runs on PostgreSQL, against a throw-away server that
## scripts/with-postgres.sh starts and stops (the run fails if it cannot start).
core-test:
	scripts/with-postgres.sh $(CARGO) test --workspace

## Release bundle of the desktop app for this platform with the Tauri CLI (npm, installed on first
## use into target/tauri-cli — not a UI dependency, so `npm ci` stays platform-independent):
## Linux .deb here (AppImage needs tools the bundler downloads); on Windows use
## `--bundles nsis,msi`, on macOS `--bundles app,dmg`. Output in target/release/bundle/.
TAURI_CLI := target/tauri-cli/node_modules/.bin/tauri
bundle: setup ui
	[ -x $(TAURI_CLI) ] || npm install --prefix target/tauri-cli --no-audit --no-fund --no-save @tauri-apps/cli@2.12.5
	$(TAURI_CLI) build --bundles deb --config '{"bundle":{"active":true}}'

## Rewrite ui/src/api/generated.ts from the Rust types after changing them (core-test fails
## while the two disagree).
types:
	NENGBAO_BLESS=1 $(CARGO) test -p nengbao-app typescript

## End-to-end tests of the real app under Xvfb (screenshots in target/screenshots/).
e2e: setup ui
	$(CARGO) build --workspace
	xvfb-run -a -s "-screen 0 1280x800x24" e2e/run.sh

## Benchmarks (not part of make test): criterion, county import vs openpyxl side by side,
## scaling, memory, database size, app footprint. Results in target/bench/summary.md.
bench: setup ui
	bench/run.sh

## Fuzz the workbook verifier and the report parser for FUZZ_SECONDS each (cargo-fuzz on stable).
FUZZ_SECONDS ?= 60
fuzz:
	command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
	cd fuzz && for t in verify_xlsx report_json; do \
	  mkdir -p corpus/$$t && RUSTC_BOOTSTRAP=1 cargo fuzz run -O $$t corpus/$$t seeds/$$t -- -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 || exit 1; \
	done

## Write the demo enterprise into ./demo (reports, evidence, workspace.db).
demo:
	$(CARGO) run -q -- demo --out demo

clean:
	$(CARGO) clean
	rm -rf ui/dist demo
