#!/usr/bin/env bash
# Installs what Nengbao needs on Debian 12, skipping whatever is already there.
# Usage: scripts/setup.sh [base|ui]   (default: everything the tests need)
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  build-essential pkg-config libssl-dev
  libwebkit2gtk-4.1-dev libayatana-appindicator3-dev librsvg2-dev libxdo-dev
    xvfb xauth fonts-noto-cjk webkit2gtk-driver
  libreoffice-calc-nogui   # the re-save test: a signature must survive LibreOffice
  postgresql               # the county tests also run on a throw-away PostgreSQL server (scripts/with-postgres.sh)
  zbar-tools               # zbarimg: the paper copy's QR code must read back as its digest (tests/it/print.rs)
)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "setup: need root (or sudo) to run: $*" >&2; exit 1; fi
}

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

command -v cargo >/dev/null || { echo "setup: cargo not found; install Rust from rustup first" >&2; exit 1; }
command -v npm >/dev/null || { echo "setup: npm not found; install Node.js 20 first" >&2; exit 1; }

# Front-end dependencies: reinstall only when the lock file changed since the last install.
if [ ! -f ui/node_modules/.package-lock.json ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  (cd ui && npm ci --no-audit --no-fund)
fi

# End-to-end tests: tauri-driver (pinned to the Tauri 2 line) and selenium in a local venv.
command -v tauri-driver >/dev/null || cargo install tauri-driver --locked --version 2.1.0
if [ ! -x .venv-e2e/bin/python ] || ! .venv-e2e/bin/python -c "import selenium, pytest" 2>/dev/null; then
  python3 -m venv .venv-e2e
  .venv-e2e/bin/pip install -q selenium==4.51.0 pytest
fi
