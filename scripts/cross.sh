#!/usr/bin/env bash
# Cross builds and their tests: Windows x64 (mingw-w64, NSIS installer, wine smoke suite) and
# 信创 arm64 Linux (aarch64 CLI and its .deb, qemu-user smoke suite). Called by make:
#   scripts/cross.sh setup            install the cross tools (apt) and rustup targets if missing
#   scripts/cross.sh windows          build nengbao.exe + nengbao-app.exe and the installer
#   scripts/cross.sh windows-test     windows, then the installer and smoke suite under wine64,
#                                     and the core's path/encoding unit tests built for Windows
#   scripts/cross.sh arm64            the aarch64 CLI and its .deb
#   scripts/cross.sh arm64-test       arm64, then the smoke suite under qemu-aarch64
#   scripts/cross.sh test             both tests; a platform whose tools cannot be installed here
#                                     prints "SKIPPED: <reason>" and does not fail the run
# Everything goes to target/<triple>/ (cargo) and target/dist/ (artefacts); nothing is
# downloaded at build time beyond the apt packages and rustup targets that setup installs.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DIST=$ROOT/target/dist
WIN=x86_64-pc-windows-gnu
ARM=aarch64-unknown-linux-gnu
VERSION=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc
export CC_aarch64_unknown_linux_gnu=aarch64-linux-gnu-gcc
export AR_aarch64_unknown_linux_gnu=aarch64-linux-gnu-ar
export CC_x86_64_pc_windows_gnu=x86_64-w64-mingw32-gcc
export AR_x86_64_pc_windows_gnu=x86_64-w64-mingw32-ar

WIN_APT=(gcc-mingw-w64-x86-64 nsis wine64)
ARM_APT=(gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi
}
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
timed() { # timed LABEL COMMAND…: runs it, appends "LABEL SECONDS" to target/dist/timings.txt
  local label=$1 start=$SECONDS
  shift
  "$@"
  mkdir -p "$DIST"
  echo "$label $((SECONDS - start))s" | tee -a "$DIST/timings.txt"
}

# ensure_platform windows|arm64: installs what the platform needs; on failure prints why on
# stdout as the last line and returns 1.
ensure_platform() {
  local apt rustup_target
  if [ "$1" = windows ]; then apt=("${WIN_APT[@]}") rustup_target=$WIN; else apt=("${ARM_APT[@]}") rustup_target=$ARM; fi
  local missing=()
  for p in "${apt[@]}"; do installed "$p" || missing+=("$p"); done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "cross: installing ${missing[*]}" >&2
    if ! { as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive \
      apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >&2; then
      echo "apt could not install ${missing[*]}"
      return 1
    fi
  fi
  if ! rustup target list --installed 2>/dev/null | grep -qx "$rustup_target"; then
    command -v rustup >/dev/null || { echo "no rustup to add the $rustup_target target"; return 1; }
    rustup target add "$rustup_target" >&2 || { echo "rustup could not add the $rustup_target target"; return 1; }
  fi
}

build_windows() {
  [ -f ui/dist/index.html ] || { echo "cross: ui/dist is missing (make ui)" >&2; exit 1; }
  # One cargo call for both binaries (the CLI's icon and version resource come from build.rs,
  # the app's from tauri-build with src-tauri/tauri.windows.conf.json). Release: a debug app
  # would open a console window beside its own, and release shares its dependencies with the CLI.
  timed "windows-build(cargo --release, CLI + app)" \
    cargo build --release --target $WIN -p nengbao -p nengbao-app --bins
  local out=target/$WIN/release stage=$DIST/windows-stage
  rm -rf "$stage"
  mkdir -p "$stage"
  cp $out/nengbao.exe $out/nengbao-app.exe $out/WebView2Loader.dll "$stage/"
  x86_64-w64-mingw32-strip "$stage/nengbao.exe" "$stage/nengbao-app.exe"
  cp src-tauri/icons/icon.ico "$stage/icon.ico"
  cp packaging/windows/说明.txt "$stage/说明.txt"
  local setup=$DIST/nengbao-$VERSION-windows-x64-setup.exe
  timed "windows-installer(makensis)" \
    makensis -V2 -INPUTCHARSET UTF8 -DVERSION="$VERSION" -DSRCDIR="$stage" -DOUTFILE="$setup" \
    packaging/windows/installer.nsi
  ls -l "$stage" "$setup"
}

build_arm64() {
  timed "arm64-build(cargo --release, CLI)" cargo build --release --target $ARM --bin nengbao
  timed "arm64-deb" packaging/deb/cli-deb.sh arm64 "target/$ARM/release/nengbao" "$DIST"
}

host_cli() { # the host's own nengbao, the other side of every exchange in the smoke suites
  cargo build --bin nengbao >&2 # (already built by make test's e2e step: then a no-op)
}

# The core's unit tests built for Windows and run under wine (the Windows-only ones among them:
# drive, share and long paths): `make windows-test` only — their dependencies cost CI minutes.
windows_unit_tests() {
  local exe
  exe=$(cargo test --release --target $WIN --lib --no-run 2>&1 | tee /dev/stderr |
    grep -o "target/$WIN/release/deps/nengbao-[0-9a-f]*\.exe" | tail -n 1)
  [ -n "$exe" ] || { echo "cross: no Windows unit-test executable built" >&2; return 1; }
  local dir=target/wine/unit
  rm -rf "$dir"
  mkdir -p "$dir"
  cp "$exe" "$dir/nengbao-tests.exe"
  x86_64-w64-mingw32-gcc -O2 -shared -o "$dir/bcryptprimitives.dll" \
    tests/windows/prng-shim.c tests/windows/prng-shim.def -ladvapi32 # test-only, see smoke.sh
  (
    cd "$dir"
    export WINEPREFIX="$ROOT/target/wine/unit-prefix" WINEDEBUG=-all LC_ALL=C.UTF-8 \
      HOME="$ROOT/target/wine/home" WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d"
    mkdir -p "$HOME"
    /usr/lib/wine/wine64 ./nengbao-tests.exe error:: interchange:: county::roster::
  )
}

skip() { echo "SKIPPED: $1"; }

cmd=${1:-test}
case "$cmd" in
  setup)
    ensure_platform windows
    ensure_platform arm64
    ;;
  windows)
    why=$(ensure_platform windows) || { echo "cross: cannot build for Windows: $why" >&2; exit 1; }
    build_windows
    ;;
  arm64)
    why=$(ensure_platform arm64) || { echo "cross: cannot build for arm64: $why" >&2; exit 1; }
    build_arm64
    ;;
  windows-test | arm64-test | test)
    rc=0
    if [ "$cmd" != arm64-test ]; then
      if why=$(ensure_platform windows); then
        build_windows
        host_cli
        timed "windows-test(wine: install, smoke, uninstall)" tests/windows/smoke.sh "$DIST" || rc=1
        if [ "$cmd" = windows-test ]; then
          timed "windows-unit-tests(cargo test --no-run + wine)" windows_unit_tests || rc=1
        fi
      else
        skip "Windows cross build and wine smoke suite — $why"
      fi
    fi
    if [ "$cmd" != windows-test ]; then
      if why=$(ensure_platform arm64); then
        build_arm64
        host_cli
        timed "arm64-test(qemu-aarch64 smoke)" tests/arm64/smoke.sh "target/$ARM/release/nengbao" || rc=1
        # The packaged binary too: unpack the .deb and run it.
        debx=$(mktemp -d)
        dpkg-deb -x "$DIST/nengbao-cli_${VERSION}_arm64.deb" "$debx"
        if qemu-aarch64 -L /usr/aarch64-linux-gnu "$debx/usr/bin/nengbao" --version; then
          echo "arm64: the .deb's /usr/bin/nengbao runs"
        else
          echo "arm64: FAIL the .deb's /usr/bin/nengbao does not run"
          rc=1
        fi
        rm -rf "$debx"
      else
        skip "arm64 cross build and qemu smoke suite — $why"
      fi
    fi
    exit $rc
    ;;
  *)
    echo "usage: scripts/cross.sh setup|windows|windows-test|arm64|arm64-test|test" >&2
    exit 2
    ;;
esac
