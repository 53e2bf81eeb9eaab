#!/usr/bin/env bash
# Province-scale run of the signed-summary chain 县 → 市 → 省, on SQLite and on PostgreSQL:
# N signed enterprise submissions spread over 100 counties of one province (each county's units
# registered inside its own GB/T 2260 division) → 100 county imports → 100 signed county
# summaries → one import per prefecture (each re-verifies its counties' enterprise signatures)
# → the prefectures' signed summaries → 1 province import that re-verifies every enterprise
# signature inside and recomputes every total. Wall time, peak memory (/usr/bin/time) and
# database size per stage and backend; per-file cost of the province import.
#
# Usage: bench/province.sh [N…]          e.g. bench/province.sh 1000 5000 20000 (default 20000)
# PostgreSQL runs when NENGBAO_TEST_PG is set (scripts/with-postgres.sh); bench/run.sh calls
#   NENGBAO_PG_DURABLE=1 scripts/with-postgres.sh bench/province.sh 1000 5000 20000
# Writes target/bench/province.md (one row per size, stage and backend).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=target/bench
R=${NENGBAO_BIN:-target/release/nengbao}
[ -x "$R" ] || cargo build --release -q
[ -x /usr/bin/time ] || { echo "province: /usr/bin/time is missing (apt-get install time)" >&2; exit 1; }
PROVINCE=${PROVINCE:-510000} # 四川省: 21 prefectures, 183 counties
COUNTIES=100
counts=("$@"); [ ${#counts[@]} -gt 0 ] || counts=(20000)
export NENGBAO_PASSPHRASE=${NENGBAO_PASSPHRASE:-bench-office-passphrase}
P="$OUT/province"
mkdir -p "$P"

# The first 100 counties of the province (by code) and the prefecture each lies in.
python3 - "$PROVINCE" "$COUNTIES" > "$P/counties.tsv" <<'EOF'
import csv, sys
prov, n = sys.argv[1], int(sys.argv[2])
rows = list(csv.DictReader(open("seeds/regions.csv", encoding="utf-8")))
pre = {r["code"]: r for r in rows if r["parent"] == prov and r["level"] == "prefecture"}
cs = sorted((r for r in rows if r["level"] == "county" and r["parent"] in pre), key=lambda r: r["code"])
if len(cs) < n:
    sys.exit(f"{prov} has only {len(cs)} counties under its prefectures")
for r in cs[:n]:
    print(r["code"], r["name"], r["parent"], pre[r["parent"]]["name"], sep="\t")
EOF
mapfile -t CITIES < <(cut -f3 "$P/counties.tsv" | sort -u)
city_name() { awk -F'\t' -v c="$1" '$3 == c {print $4; exit}' "$P/counties.tsv"; }

# One office key per office (made once).
mkdir -p "$P/keys"
for d in $(cut -f1 "$P/counties.tsv") "${CITIES[@]}"; do
  [ -f "$P/keys/$d.key" ] || $R key new --out "$P/keys/$d.key" >/dev/null
done

# Signed submissions, N/100 per county, made once per size.
gen() { # N
  local n=$1 per=$(($1 / COUNTIES))
  [ -f "$P/subs-$n/.done" ] && return
  echo "generating $n signed submissions ($per in each of $COUNTIES counties, once)…"
  rm -rf "$P/subs-$n"
  while IFS=$'\t' read -r code _ _ _; do
    $R county generate --out "$P/subs-$n/$code" --count "$per" --division "$code" >/dev/null
  done < "$P/counties.tsv"
  touch "$P/subs-$n/.done"
}

# Peak RSS (KiB) and seconds of one command, appended to the stage's tallies.
timed() { # tally-file command…
  local t=$1; shift
  /usr/bin/time -f "%e %M" -o "$P/t.txt" "$@" >/dev/null
  cat "$P/t.txt" >> "$t"
}
tally() { # tally-file → "seconds max_rss_kib runs"
  awk '{s += $1; if ($2 > m) m = $2; n++} END {printf "%.1f %d %d\n", s, m, n}' "$1"
}

base=${NENGBAO_TEST_PG:-}; base=${base%%\?*}
psql_() { psql -X -q -At "$base" "$@"; }
# The workspace location of one office on a backend, made empty.
fresh() { # backend size division
  if [ "$1" = SQLite ]; then
    rm -f "$P/db/$2-$3.db" "$P/db/$2-$3.db-wal" "$P/db/$2-$3.db-shm"
    echo "$P/db/$2-$3.db"
  else
    psql_ -c "SET client_min_messages = warning; DROP SCHEMA IF EXISTS p$2_$3 CASCADE; CREATE SCHEMA p$2_$3"
    echo "$base?options=-csearch_path%3Dp$2_$3"
  fi
}
size_of() { # backend size division db
  if [ "$1" = SQLite ]; then
    stat -c %s "$4"
  else
    psql_ -c "SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'p$2_$3' AND c.relkind = 'r'"
  fi
}

row() { # size backend stage runs seconds rss_kib bytes
  python3 -c 'import sys
n, b, st, runs, s, rss, size = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7])
mib = f"{size / 1048576:.1f}" if size else "—"
print(f"| {n:,} | {b} | {st} | {runs} | {s:.1f} | {s * 1000 / n:.2f} | {rss // 1024} | {mib} |")' "$@"
}

backends=(SQLite); [ -n "$base" ] && backends+=(PostgreSQL)
{
  echo "| files | backend | stage | processes | wall s (sum) | ms per file | peak RSS MiB (largest process) | database MiB |"
  echo "|---:|---|---|---:|---:|---:|---:|---:|"
} > "$P/province.md"
YEAR=2024
for n in "${counts[@]}"; do
  gen "$n"
  for b in "${backends[@]}"; do
    mkdir -p "$P/db" "$P/sum-$n-$b"
    rm -rf "$P/sum-$n-$b"/*; : > "$P/imp.t"; : > "$P/sum.t"; : > "$P/cimp.t"; : > "$P/csum.t"; : > "$P/pimp.t"
    cbytes=0
    # 1. counties: import their units' files, sign their summaries (into the prefecture's inbox)
    while IFS=$'\t' read -r code name city _; do
      db=$(fresh "$b" "$n" "$code")
      $R county init --db "$db" --division "$code" --name "$name" >/dev/null
      timed "$P/imp.t" $R county import "$P/subs-$n/$code" --db "$db" --trust-new --year $YEAR --format json
      cbytes=$((cbytes + $(size_of "$b" "$n" "$code" "$db")))
      mkdir -p "$P/sum-$n-$b/$city"
      timed "$P/sum.t" $R county summary --db "$db" --year $YEAR --out "$P/sum-$n-$b/$city/$code.xlsx" --sign --key "$P/keys/$code.key"
    done < "$P/counties.tsv"
    # 2. prefectures: import their counties' signed summaries, sign their own
    mkdir -p "$P/sum-$n-$b/province"
    mbytes=0
    for city in "${CITIES[@]}"; do
      db=$(fresh "$b" "$n" "$city")
      $R county init --db "$db" --division "$city" --name "$(city_name "$city")" --level city >/dev/null
      timed "$P/cimp.t" $R county import "$P/sum-$n-$b/$city" --db "$db" --trust-new --year $YEAR --format json
      mbytes=$((mbytes + $(size_of "$b" "$n" "$city" "$db")))
      timed "$P/csum.t" $R county summary --db "$db" --year $YEAR --out "$P/sum-$n-$b/province/$city.xlsx" --sign --key "$P/keys/$city.key"
    done
    # 3. the province: one import of every prefecture's summary, every enterprise signature inside re-verified
    db=$(fresh "$b" "$n" "$PROVINCE")
    $R county init --db "$db" --division "$PROVINCE" --name 省 --level province >/dev/null
    /usr/bin/time -f "%e %M" -o "$P/t.txt" $R county import "$P/sum-$n-$b/province" --db "$db" --trust-new --year $YEAR --format json > "$P/province-$n-$b.json"
    cat "$P/t.txt" >> "$P/pimp.t"
    pbytes=$(size_of "$b" "$n" "$PROVINCE" "$db")
    # The province must have counted every unit, from re-verified reports.
    python3 - "$P/province-$n-$b.json" "$n" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8")); n = int(sys.argv[2])
t = r.get("totals", {})
print("province import:", json.dumps(t, ensure_ascii=False))
if t.get("rejected", 0) or t.get("held", 0):
    sys.exit(f"province import rejected or held files: {t}")
EOF
    units=$($R county totals --db "$db" --year $YEAR --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["units"])')
    echo "$b $n: the province counts $units units"
    [ "$units" = "$n" ] || { echo "province: expected $n units, counted $units" >&2; exit 1; }
    read -r s m k < <(tally "$P/imp.t");  row "$n" "$b" "$COUNTIES county imports" "$k" "$s" "$m" "$cbytes" >> "$P/province.md"
    read -r s m k < <(tally "$P/sum.t");  row "$n" "$b" "$COUNTIES signed county summaries" "$k" "$s" "$m" 0 >> "$P/province.md"
    read -r s m k < <(tally "$P/cimp.t"); row "$n" "$b" "${#CITIES[@]} prefecture imports (re-verify)" "$k" "$s" "$m" "$mbytes" >> "$P/province.md"
    read -r s m k < <(tally "$P/csum.t"); row "$n" "$b" "${#CITIES[@]} signed prefecture summaries" "$k" "$s" "$m" 0 >> "$P/province.md"
    read -r s m k < <(tally "$P/pimp.t"); row "$n" "$b" "**1 province import (re-verify all)**" "$k" "$s" "$m" "$pbytes" >> "$P/province.md"
    if [ "$b" = SQLite ]; then rm -f "$P"/db/"$n"-*.db*; fi
  done
done
cp "$P/province.md" "$OUT/province.md"
cat "$OUT/province.md"
