#!/usr/bin/env bash
# Collects every release artefact into target/dist/ with SHA256SUMS (called by `make dist`
# after the builds): the Windows installer, the desktop app's amd64 .deb (Tauri bundler), the
# command line's .deb for amd64 and arm64, and the plain executables.
set -euo pipefail
cd "$(dirname "$0")/.."
DIST=target/dist
VERSION=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
mkdir -p "$DIST"
packaging/deb/cli-deb.sh amd64 target/release/nengbao "$DIST"
cp target/release/bundle/deb/*.deb "$DIST/"
cp "$DIST/windows-stage/nengbao.exe" "$DIST/nengbao-$VERSION-windows-x64.exe"
cp target/aarch64-unknown-linux-gnu/release/nengbao "$DIST/nengbao-$VERSION-linux-arm64"
aarch64-linux-gnu-strip "$DIST/nengbao-$VERSION-linux-arm64"
cp target/release/nengbao "$DIST/nengbao-$VERSION-linux-amd64"
strip "$DIST/nengbao-$VERSION-linux-amd64"
(
  cd "$DIST"
  find . -maxdepth 1 -type f \( -name '*.deb' -o -name '*.exe' -o -name 'nengbao-*-linux-*' \) \
    -printf '%f\n' | sort | xargs -d '\n' sha256sum >SHA256SUMS
  echo "target/dist:"
  while read -r sum name; do
    printf '  %-48s %8s  %s\n' "$name" "$(du -h "$name" | cut -f1)" "${sum:0:16}…"
  done <SHA256SUMS
)
