# Smoke suite of a cross-built nengbao CLI, run on its "foreign" platform (Windows under wine,
# arm64 Linux under qemu-user) beside the host's own nengbao, which writes and checks the other
# side of every exchange. Sourced by tests/windows/smoke.sh and tests/arm64/smoke.sh, which
# define before sourcing:
#   nb ARGS…        run the cross-built nengbao (exit code and output passed through)
#   tp PATH         the path as the cross-built program must be given it (a Windows path for wine)
#   NB_HOST         the host nengbao binary
#   WORK            an empty work folder (its name should hold Chinese characters and spaces)
#   SMOKE_ACTOR     the OS user name the cross-built nengbao should record as the audit actor
# and may define `platform_checks`, run after the common ones. Ends with the plain line
# "smoke: N passed, N failed" and returns non-zero if anything failed.

PASSED=0
FAILED=0
SMOKE_LOG="$WORK/smoke.log"
export NENGBAO_PASSPHRASE='测试 口令 Passphrase-2024!'
: >"$SMOKE_LOG"

ok() { PASSED=$((PASSED + 1)); echo "  ok    $*"; }
fail() {
  FAILED=$((FAILED + 1))
  echo "  FAIL  $*"
  echo "        (last output, from $SMOKE_LOG:)"
  tail -n 15 "$SMOKE_LOG" | sed 's/^/        | /'
}
# expect CODE NAME -- COMMAND…: runs COMMAND, output to $OUT and the log, checks the exit code.
expect() {
  local want=$1 name=$2
  shift 3
  echo "== $name: $*" >>"$SMOKE_LOG"
  OUT=$("$@" 2>&1)
  local rc=$?
  printf '%s\n' "$OUT" >>"$SMOKE_LOG"
  if [ "$rc" -eq "$want" ]; then ok "$name"; return 0; fi
  fail "$name (exit $rc, expected $want)"
  return 1
}
check() { # check NAME CONDITION-COMMAND…
  local name=$1
  shift
  if "$@" >>"$SMOKE_LOG" 2>&1; then ok "$name"; else fail "$name"; fi
}
json_field() { python3 -c 'import json,sys; print(json.loads(sys.stdin.read())[sys.argv[1]])' "$1"; }
host() { "$NB_HOST" "$@"; }

run_smoke() {
  local D="$WORK/报送 资料 2024"
  mkdir -p "$D/密钥 文件" "$D/报送 文件"

  echo "smoke ($SMOKE_LABEL): demo, keys, export, verify"
  expect 0 "demo writes the demo enterprise" -- nb demo --out "$(tp "$D/演示 数据")"
  check "demo files are there" test -s "$D/演示 数据/report-2024.json" -a -s "$D/演示 数据/workspace.db"
  local R="$D/演示 数据/report-2024.json" DB="$D/演示 数据/workspace.db" KEY="$D/密钥 文件/单位 密钥.key"

  expect 0 "key new" -- nb key new --out "$(tp "$KEY")"
  local fp_new
  fp_new=$(printf '%s\n' "$OUT" | sed -n 's/^公钥指纹：//p')
  expect 0 "key show" -- nb key show "$(tp "$KEY")"
  check "key show gives the fingerprint key new printed" grep -qF "$fp_new" <<<"$OUT"
  expect 0 "the host opens the key file written there" -- host key show "$KEY"
  check "same fingerprint on both sides" grep -qF "$fp_new" <<<"$OUT"

  local S="$D/报送 文件/能源利用状况报告 2024.xlsx"
  expect 0 "export (signed, audited in the workspace)" -- \
    nb export "$(tp "$R")" --key "$(tp "$KEY")" --pack national --out "$(tp "$S")" --db "$(tp "$DB")"
  expect 0 "verify there" -- nb verify "$(tp "$S")" --format json
  local digest_there
  digest_there=$(json_field digest <<<"$OUT")
  expect 0 "the host verifies the workbook written there" -- host verify "$S" --format json
  check "SM3 digest identical on both sides" test "$(json_field digest <<<"$OUT")" = "$digest_there"
  expect 0 "inspect there" -- nb inspect "$(tp "$S")" --format json
  local inspect_there=$OUT
  expect 0 "inspect on the host" -- host inspect "$S" --format json
  check "the signed payload reads identically on both sides" test "$OUT" = "$inspect_there"

  local L="$D/报送 文件/linux 写的.xlsx"
  expect 0 "the host exports with the same key file" -- host export "$R" --key "$KEY" --pack national --out "$L"
  local digest_host
  digest_host=$(sed -n 's/.*SM3 \([0-9a-f]*\).*/\1/p' <<<"$OUT")
  expect 0 "a workbook written on the host verifies there" -- nb verify "$(tp "$L")" --format json
  check "…with the digest the host printed" test "$(json_field digest <<<"$OUT")" = "$digest_host"
  expect 0 "audit verify of the workspace there" -- nb audit verify --db "$(tp "$DB")"
  expect 0 "audit list there" -- nb audit list --db "$(tp "$DB")"
  check "the signing is recorded under the OS user ($SMOKE_ACTOR)" \
    grep -qE "[[:space:]]$SMOKE_ACTOR[[:space:]]+report\.sign" <<<"$(tail -n 3 <<<"$OUT")"

  echo "smoke ($SMOKE_LABEL): tampering"
  local T="$D/报送 文件/改过的.xlsx"
  check "a value changed in the workbook (on the host)" python3 "$SMOKE_DIR/tamper.py" "$S" "$T"
  expect 3 "verify there reports the tampering (exit 3)" -- nb verify "$(tp "$T")" --format json
  check "…as tampered, naming a cell" python3 -c '
import json,sys; v=json.loads(sys.stdin.read()); assert v["status"]=="tampered", v["status"]
assert "!" in json.dumps(v, ensure_ascii=False), "no sheet!cell named"' <<<"$OUT"
  expect 3 "the host agrees" -- host verify "$T"

  echo "smoke ($SMOKE_LABEL): template, import, CRLF"
  local B="$D/报送 文件/空白 模板.xlsx"
  expect 0 "template there" -- nb template --pack national --year 2024 --out "$(tp "$B")"
  expect 0 "the host imports the blank template written there" -- host import "$B" --out "$D/blank.json"
  expect 0 "import there of the host's signed workbook" -- nb import "$(tp "$L")" --out "$(tp "$D/导入 结果.json")" --format json
  expect 0 "the same import on the host" -- host import "$L" --out "$D/host-import.json" --format json
  check "both imports give the same report JSON" cmp "$D/导入 结果.json" "$D/host-import.json"
  sed 's/$/\r/' "$R" >"$D/report crlf.json"
  check "the CRLF copy really has CRLF" grep -q $'\r$' "$D/report crlf.json"
  expect 0 "compute there reads CRLF JSON" -- nb compute "$(tp "$D/report crlf.json")" --format json
  local crlf_compute=$OUT
  expect 0 "compute there of the LF original" -- nb compute "$(tp "$R")" --format json
  check "CRLF and LF give the same figures" test "$OUT" = "$crlf_compute"
  expect 0 "export of the CRLF report there" -- \
    nb export "$(tp "$D/report crlf.json")" --key "$(tp "$KEY")" --pack national --out "$(tp "$D/报送 文件/crlf.xlsx")"
  expect 0 "…which the host verifies" -- host verify "$D/报送 文件/crlf.xlsx"

  echo "smoke ($SMOKE_LABEL): county intake of 50 files"
  local SUBS="$D/收件 箱" CDB="$D/县级 工作区.db"
  expect 0 "the host generates 50 signed submissions" -- host county generate --out "$SUBS" --count 50
  expect 0 "county init there" -- nb county init --db "$(tp "$CDB")" --division 522601 --name 凯里市发展和改革局
  expect 0 "county import of 50 files there" -- nb county import "$(tp "$SUBS")" --db "$(tp "$CDB")" --trust-new --year 2024 --format json
  check "all 50 accepted" python3 -c '
import json,sys; d=json.loads(sys.stdin.read()); acc=[f for f in d["files"] if f["outcome"]=="accepted"]
assert len(d["files"])==50 and len(acc)==50, (len(d["files"]), len(acc))' <<<"$OUT"
  # A roster as Excel on Chinese Windows saves it: GBK, CRLF.
  python3 - "$SUBS-keys.csv" "$D/名单 GBK.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))[1:]
text = "统一社会信用代码,单位名称,类别\r\n" + "".join(f"{r[0]},{r[1]},重点\r\n" for r in rows)
open(sys.argv[2], "wb").write(text.encode("gbk"))
PY
  expect 0 "county roster there reads a GBK, CRLF roster" -- nb county roster --db "$(tp "$CDB")" --year 2024 --import "$(tp "$D/名单 GBK.csv")"
  check "…with its Chinese names intact" grep -q "凯里市第1" <<<"$OUT"
  expect 0 "county totals there" -- nb county totals --db "$(tp "$CDB")" --year 2024
  local totals_there=$OUT
  expect 0 "the host imports the same 50" -- host county init --db "$D/host-county.db" --division 522601 --name 凯里市发展和改革局
  expect 0 "…" -- host county import "$SUBS" --db "$D/host-county.db" --trust-new --year 2024
  expect 0 "county totals on the host" -- host county totals --db "$D/host-county.db" --year 2024
  check "the same totals on both sides" test "$OUT" = "$totals_there"
  expect 0 "county summary workbook there" -- nb county summary --db "$(tp "$CDB")" --year 2024 --out "$(tp "$D/汇总 2024.xlsx")"
  expect 0 "audit verify of the county database there" -- nb audit verify --db "$(tp "$CDB")"
  expect 0 "the host checks the county database written there" -- host audit verify --db "$CDB"

  if declare -F platform_checks >/dev/null; then
    echo "smoke ($SMOKE_LABEL): platform"
    platform_checks
  fi
  echo "smoke: $PASSED passed, $FAILED failed"
  [ "$FAILED" -eq 0 ]
}
