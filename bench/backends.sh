#!/usr/bin/env bash
# SQLite vs PostgreSQL for one county import: wall time, the importing process's peak memory
# and the database's size, at 1,000 and 5,000 signed submissions (the files bench/run.sh
# generates). Run by `make bench` inside scripts/with-postgres.sh with NENGBAO_PG_DURABLE=1, so
# the server commits durably like SQLite's synchronous=FULL. Writes target/bench/backends.md.
#
# Usage: NENGBAO_PG_DURABLE=1 scripts/with-postgres.sh bench/backends.sh [COUNTS…]
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=target/bench
R=${NENGBAO_BIN:-target/release/nengbao}
[ -x "$R" ] || cargo build --release -q
[ -n "${NENGBAO_TEST_PG:-}" ] || { echo "backends: run inside scripts/with-postgres.sh" >&2; exit 1; }
counts=("$@"); [ ${#counts[@]} -gt 0 ] || counts=(1000 5000)
if [ ! -d "$OUT/subs-5000" ]; then
  echo "generating 5,000 signed submissions (once)…"
  $R county generate --out "$OUT/subs-5000" --count 5000 >/dev/null
fi
base=${NENGBAO_TEST_PG%%\?*}
psql_() { psql -X -q -At "$base" "$@"; }

row() { # backend files seconds rss_kib bytes
  python3 -c 'import sys; b, n, s, rss, size = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]); print(f"| {b} | {n:,} | {s:.1f} | {s * 1000 / n:.2f} | {rss // 1024} | {size / 1048576:.1f} | {size / n / 1024:.1f} |")' "$@"
}

{
  echo "| backend | files | wall s | ms per file | peak RSS MiB (importing process) | database MiB | KiB per file |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
} > "$OUT/backends.md"
for n in "${counts[@]}"; do
  dir="$OUT/subs-$n"
  if [ ! -d "$dir" ]; then
    mkdir -p "$dir"; files=("$OUT"/subs-5000/*.xlsx); cp "${files[@]:0:$n}" "$dir/"
  fi
  # SQLite
  rm -f "$OUT/b.db" "$OUT/b.db-wal" "$OUT/b.db-shm"
  $R county init --db "$OUT/b.db" --division 522601 --name 凯里市 >/dev/null
  /usr/bin/time -f "%e %M" -o "$OUT/b-time.txt" $R county import "$dir" --db "$OUT/b.db" --trust-new --year 2024 --format json >/dev/null
  read -r secs rss < "$OUT/b-time.txt"
  row SQLite "$n" "$secs" "$rss" "$(stat -c %s "$OUT/b.db")" >> "$OUT/backends.md"
  # PostgreSQL: a schema of its own in the server's database
  schema="bench_$n"
  psql_ -c "SET client_min_messages = warning; DROP SCHEMA IF EXISTS $schema CASCADE; CREATE SCHEMA $schema"
  url="$base?options=-csearch_path%3D$schema"
  $R county init --db "$url" --division 522601 --name 凯里市 >/dev/null
  /usr/bin/time -f "%e %M" -o "$OUT/b-time.txt" $R county import "$dir" --db "$url" --trust-new --year 2024 --format json >/dev/null
  read -r secs rss < "$OUT/b-time.txt"
  bytes=$(psql_ -c "SELECT SUM(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '$schema' AND c.relkind = 'r'")
  row PostgreSQL "$n" "$secs" "$rss" "$bytes" >> "$OUT/backends.md"
done
cat "$OUT/backends.md"
