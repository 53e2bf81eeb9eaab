#!/usr/bin/env bash
# End-to-end tests of the real app: tauri-driver (+ WebKitWebDriver) under Xvfb, pytest selenium.
# Run inside xvfb-run (make e2e does): DISPLAY must be in tauri-driver's environment.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DISPLAY:?run under xvfb-run}"
# TAURI_DRIVER_PORT lets two runs share a machine (the native port is the next one up).
PORT=${TAURI_DRIVER_PORT:-4444}
export TAURI_DRIVER_PORT=$PORT
tauri-driver --port "$PORT" --native-port $((PORT + 1)) > "target/tauri-driver-$PORT.log" 2>&1 &
TD=$!
trap 'kill $TD 2>/dev/null; wait $TD 2>/dev/null || true' EXIT
for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null && break; sleep 0.1; done
timeout 1500 .venv-e2e/bin/python -m pytest -q -p no:cacheprovider e2e/test_e2e.py "$@"
