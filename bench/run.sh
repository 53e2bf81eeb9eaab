#!/usr/bin/env bash
# make bench: the core's criterion benchmarks, then whole-process benchmarks side by side with
# an openpyxl baseline, scaling, memory, database size and the desktop app's footprint.
# Results land in target/bench/ (summary.md and hyperfine exports).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=target/bench
mkdir -p "$OUT"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
command -v hyperfine >/dev/null || { as_root apt-get update -qq; as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hyperfine; }
[ -x /usr/bin/time ] || as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time
# The empty-WebKit floor measurement drives WebKitGTK from Python.
/usr/bin/python3 -c 'import gi; gi.require_version("WebKit2", "4.1")' 2>/dev/null ||
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-gi gir1.2-webkit2-4.1
[ -x .venv-bench/bin/python ] || python3 -m venv .venv-bench
.venv-bench/bin/pip install -q openpyxl==3.1.5

cargo build --release -q
R=target/release/nengbao

# Test data, made once: 5,000 signed submissions; the 1,000 and 100 sets are their first files.
if [ ! -d "$OUT/subs-5000" ]; then
  echo "generating 5,000 signed submissions (once)…"
  $R county generate --out "$OUT/subs-5000" --count 5000 >/dev/null
fi
for n in 100 1000; do
  if [ ! -d "$OUT/subs-$n" ]; then
    mkdir -p "$OUT/subs-$n"
        files=("$OUT"/subs-5000/*.xlsx)   # glob order is sorted
    cp "${files[@]:0:$n}" "$OUT/subs-$n/"
  fi
done

# The same 1,000 files with crafted ones mixed in (bench/hostile.py): bombs under other part
# names, a shared string fanned out to 200,000 cells, a flooded manifest, endless payload parts.
if [ ! -d "$OUT/subs-1000-hostile" ]; then
  mkdir -p "$OUT/subs-1000-hostile"
  cp "$OUT"/subs-1000/*.xlsx "$OUT/subs-1000-hostile/"
  python3 bench/hostile.py "$OUT/subs-1000/submission-0001.xlsx" "$OUT/hostile"
  for f in "$OUT"/hostile/*.xlsx; do cp "$f" "$OUT/subs-1000-hostile/hostile-$(basename "$f")"; done
fi

fresh="rm -f $OUT/c.db $OUT/c.db-wal $OUT/c.db-shm; $R county init --db $OUT/c.db --division 522601 --name 凯里市 >/dev/null"
import() { echo "$R county import $OUT/subs-$1 --db $OUT/c.db --trust-new --year 2024 --format json >/dev/null"; }

echo "== county import vs openpyxl (1,000 files), same run =="
hyperfine --warmup 1 --runs "${RUNS:-5}" --prepare "$fresh" \
  --export-markdown "$OUT/import-vs-openpyxl.md" --export-json "$OUT/import-vs-openpyxl.json" \
  -n "nengbao county import (verify, validate, store)" "$(import 1000)" \
  -n "openpyxl read-only, every cell, nothing else" ".venv-bench/bin/python bench/baseline_openpyxl.py $OUT/subs-1000"

echo "== scaling =="
hyperfine --warmup 1 --runs 3 --prepare "$fresh" --parameter-list n 100,1000,5000 \
  --export-markdown "$OUT/scaling.md" --export-json "$OUT/scaling.json" \
  -n "import {n}" "$R county import $OUT/subs-{n} --db $OUT/c.db --trust-new --year 2024 --format json >/dev/null"

echo "== peak memory and database size (1,000 files) =="
eval "$fresh"
/usr/bin/time -v $R county import "$OUT/subs-1000" --db "$OUT/c.db" --trust-new --year 2024 --format json >/dev/null 2>"$OUT/time-1000.txt"
rss=$(awk '/Maximum resident/ {print $6}' "$OUT/time-1000.txt")
dbsize=$(stat -c %s "$OUT/c.db")
echo "peak RSS ${rss} KiB; database ${dbsize} bytes ($((dbsize / 1000)) bytes per report, original files included)"

echo "== SQLite vs PostgreSQL (1,000 and 5,000 files; a throw-away durable server) =="
NENGBAO_PG_DURABLE=1 scripts/with-postgres.sh bench/backends.sh 1000 5000

echo "== province chain 县 → 市 → 省 (1,000 / 5,000 / 20,000 files in 100 counties), SQLite and PostgreSQL =="
NENGBAO_PG_DURABLE=1 scripts/with-postgres.sh bench/province.sh ${PROVINCE_SIZES:-1000 5000 20000}

echo "== 1,000 files with hostile ones mixed in: time and peak memory =="
hyperfine --warmup 1 --runs 3 --prepare "$fresh" \
  --export-markdown "$OUT/hostile.md" \
  -n "import 1000 + hostile" "$(import 1000-hostile)"
eval "$fresh"
/usr/bin/time -v $R county import "$OUT/subs-1000-hostile" --db "$OUT/c.db" --trust-new --year 2024 --format json >"$OUT/hostile.json" 2>"$OUT/time-hostile.txt"
hrss=$(awk '/Maximum resident/ {print $6}' "$OUT/time-hostile.txt")
hrej=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["totals"]["rejected"], "rejected of", r["totals"]["files"])' "$OUT/hostile.json")
echo "peak RSS ${hrss} KiB; ${hrej}"

echo "== criterion =="
cargo bench --bench core 2>&1 | grep -E "time:|^[a-z]" | tee "$OUT/criterion.txt"

echo "== desktop app: time to interactive and idle memory (10 years of reports) =="
app=""
if (cd ui && npx vite build --logLevel warn) && cargo build --release -p nengbao-app -q; then app=target/release/nengbao-app; fi
if [ -n "$app" ] && command -v xvfb-run >/dev/null; then
  rm -rf "$OUT/app-demo"; $R demo --out "$OUT/app-demo" --years 10 >/dev/null
  : > "$OUT/app.txt"
  for i in 1 2 3 4 5; do
    NENGBAO_DB="$OUT/app-demo/workspace.db" NENGBAO_READY_EXIT=5 timeout 60 \
      xvfb-run -a -s "-screen 0 1280x800x24" "$app" >> "$OUT/app.txt" 2>/dev/null || true
  done
  cat "$OUT/app.txt"
  # The same measurement for an empty WebKitGTK window: the floor any Linux build starts from.
  : > "$OUT/webkit-floor.txt"
  for i in 1 2 3; do
    timeout 60 xvfb-run -a -s "-screen 0 1280x800x24" /usr/bin/python3 bench/webkit_floor.py 5 \
      >> "$OUT/webkit-floor.txt" 2>/dev/null || true
  done
  grep idle_ "$OUT/webkit-floor.txt"
fi

{
  echo "# Benchmark run $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores"
  echo; cat "$OUT/import-vs-openpyxl.md"; echo; cat "$OUT/scaling.md"
  echo; echo "peak RSS (1,000 files): ${rss} KiB; database: ${dbsize} bytes"
  echo; echo "SQLite vs PostgreSQL:"; echo; cat "$OUT/backends.md"
  echo; echo "Province chain (bench/province.sh):"; echo; cat "$OUT/province.md"
  echo; cat "$OUT/hostile.md"; echo; echo "with hostile files: peak RSS ${hrss} KiB; ${hrej}"
  echo; echo '```'; cat "$OUT/criterion.txt"; echo '```'
  [ -f "$OUT/app.txt" ] && { echo; echo '```'; cat "$OUT/app.txt"; echo '```'; }
  [ -f "$OUT/webkit-floor.txt" ] && { echo; echo 'empty WebKitGTK window (floor):'; echo '```'; cat "$OUT/webkit-floor.txt"; echo '```'; }
} > "$OUT/summary.md"
echo "summary: $OUT/summary.md"
