#!/usr/bin/env bash
# The arm64 (aarch64) CLI for 信创 Linux (统信 UOS, 银河麒麟 on Kunpeng/Phytium CPUs), run under
# qemu-user with Debian's aarch64 C library, through the same smoke suite as the Windows build
# (tests/smoke/cli.sh) against the host's own nengbao. Called by `make arm64-test`.
# Usage: tests/arm64/smoke.sh PATH/TO/aarch64/nengbao
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
BIN=$(realpath "${1:?usage: tests/arm64/smoke.sh AARCH64_NENGBAO}")
QEMU=${QEMU:-qemu-aarch64}
SYSROOT=${SYSROOT:-/usr/aarch64-linux-gnu}
SMOKE_DIR="$ROOT/tests/smoke"
NB_HOST="$ROOT/target/debug/nengbao"
file "$BIN" | grep -q "ARM aarch64" || { echo "arm64: $BIN is not an aarch64 executable"; exit 1; }
export LC_ALL=C.UTF-8
# The OS user recorded as audit actor: a Chinese name, as on a 信创 desktop.
SMOKE_ACTOR="测试用户"
nb() { USER="$SMOKE_ACTOR" "$QEMU" -L "$SYSROOT" "$BIN" "$@"; }
tp() { printf '%s' "$1"; }
echo "arm64: $("$QEMU" -L "$SYSROOT" "$BIN" --version) under $("$QEMU" --version | head -n 1)"
WORK="$ROOT/target/arm64-smoke/能报 测试"
rm -rf "$ROOT/target/arm64-smoke"
mkdir -p "$WORK"
SMOKE_LABEL="arm64 Linux under qemu-user"
# shellcheck source=../smoke/cli.sh
. "$SMOKE_DIR/cli.sh"
run_smoke
