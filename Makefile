# 能报 Nengbao — the two set-up commands are `make run` and `make test`.
SHELL := /bin/bash
CARGO ?= cargo
APP := target/debug/nengbao-app

.PHONY: run test setup ui ui-test lint core-test e2e cross-test windows windows-test arm64 arm64-test dist demo bench bundle fuzz types clean

## Install what is missing, build, and launch the app on a demo workspace.
run: setup ui
	$(CARGO) build -p nengbao-app
		@if [ -z "$${DISPLAY:-}" ]; then \
	  echo "No DISPLAY: starting the app under Xvfb (screen :99)."; \
	  NENGBAO_DEMO=1 xvfb-run -a -s "-screen 0 1280x800x24" $(APP); \
	else NENGBAO_DEMO=1 $(APP); fi

## Install what is missing and run every test.
test: setup ui-test ui lint core-test e2e cross-test

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

## Windows x64: nengbao.exe (CLI) and nengbao-app.exe (WebView2) cross-built with mingw-w64 into
## target/x86_64-pc-windows-gnu/, packed by NSIS (packaging/windows/installer.nsi) into
## target/dist/nengbao-VERSION-windows-x64-setup.exe. Installs the cross tools when missing.
windows: setup ui
	scripts/cross.sh windows

## The Windows build tested under wine64: silent install, CLI smoke suite, upgrade, uninstall.
windows-test: setup ui
	scripts/cross.sh windows-test

## 信创 arm64 Linux: the aarch64 CLI and target/dist/nengbao-cli_VERSION_arm64.deb.
arm64: setup
	scripts/cross.sh arm64

## The arm64 CLI's smoke suite under qemu-aarch64.
arm64-test: setup
	scripts/cross.sh arm64-test

## Both cross-platform tests (part of make test). A platform whose tools cannot be installed
## here prints "SKIPPED: <reason>" instead of failing.
cross-test: setup ui
	scripts/cross.sh test

## Every release artefact in target/dist/ with SHA256SUMS: Windows installer, app .deb (amd64),
## CLI .deb (amd64, arm64) and the plain CLI executables.
dist: bundle windows arm64
	$(CARGO) build --release --bin nengbao
	scripts/dist.sh

## Rewrite ui/src/api/generated.ts from the Rust types after changing them (core-test fails
## while the two disagree).
types:
	NENGBAO_BLESS=1 $(CARGO) test -p nengbao-app typescript

## End-to-end tests of the real app under Xvfb (screenshots in target/screenshots/). The app's
## shared intake server is tested against a throw-away PostgreSQL server that
## scripts/with-postgres.sh starts and stops around the run (the run fails if it cannot start).
e2e: setup ui
	$(CARGO) build --workspace
	scripts/with-postgres.sh xvfb-run -a -s "-screen 0 1280x800x24" e2e/run.sh

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
