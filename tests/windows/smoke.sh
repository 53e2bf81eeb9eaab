#!/usr/bin/env bash
# The Windows build, tested under wine64 (called by `make windows-test`, part of `make test`):
#   1. the installer runs silently, files, shortcuts and the uninstall entry land where they should;
#   2. the installed nengbao.exe passes the CLI smoke suite (tests/smoke/cli.sh) against the host's
#      nengbao, with paths holding Chinese characters and spaces on drive C:, plus Windows-only
#      checks: a workbook held open as Excel does, a path longer than 260 characters, a \\?\ path;
#   3. an upgrade keeps the user's data, the silent uninstall removes the program and keeps it;
#   4. nengbao-app.exe (which wine cannot run: no WebView2) is checked for what can be checked:
#      it is a GUI executable importing WebView2Loader.dll, with its icon and version resources.
# Wine 8 has no ProcessPrng in bcryptprimitives.dll (Windows 10 and 11 do), which Rust's standard
# library imports; a test-only shim DLL (tests/windows/prng-shim.c) is put beside the installed
# exe for the smoke run and removed before the uninstall. It is never part of the installer.
#
# Usage: tests/windows/smoke.sh DIST_DIR   (DIST_DIR holds the setup exe and the staged files)
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
DIST=${1:?usage: tests/windows/smoke.sh DIST_DIR}
SETUP=$(ls "$DIST"/nengbao-*-windows-x64-setup.exe | head -n 1)
STAGE="$DIST/windows-stage"
WINE=${WINE:-/usr/lib/wine/wine64}
WINESERVER=${WINESERVER:-/usr/lib/wine/wineserver}
export WINEPREFIX="$ROOT/target/wine/prefix" WINEDEBUG=-all WINEARCH=win64 LC_ALL=C.UTF-8
# No Mono/Gecko prompts, no menu entries written into the host's desktop.
export WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d"
# Wine links the profile's Desktop, Documents… to $HOME: keep them inside target/.
export HOME="$ROOT/target/wine/home"
SMOKE_DIR="$ROOT/tests/smoke"
HARNESS="$ROOT/target/wine/harness"
NB_HOST="$ROOT/target/debug/nengbao"

step_fail=0
say() { echo "windows: $*"; }
bad() { echo "windows: FAIL $*"; step_fail=$((step_fail + 1)); }

# Test-only helpers, built with mingw: the ProcessPrng shim and a file locker.
mkdir -p "$HARNESS"
x86_64-w64-mingw32-gcc -O2 -shared -o "$HARNESS/bcryptprimitives.dll" \
  tests/windows/prng-shim.c tests/windows/prng-shim.def -ladvapi32 || exit 1
x86_64-w64-mingw32-gcc -O2 -municode -o "$HARNESS/lockfile.exe" tests/windows/lockfile.c || exit 1

say "fresh wine prefix in $WINEPREFIX"
"$WINESERVER" -k 2>/dev/null
rm -rf "$WINEPREFIX" "$HOME"
mkdir -p "$WINEPREFIX" "$HOME"
"$WINE" wineboot --init >/dev/null 2>&1
"$WINESERVER" -w
WINUSER=$("$WINE" cmd /c echo %USERNAME% 2>/dev/null | tr -d '\r')
C="$WINEPREFIX/drive_c"
PROFILE="$C/users/$WINUSER"
INSTDIR="$PROFILE/AppData/Local/Programs/Nengbao"
DATADIR="$PROFILE/AppData/Roaming/cn.nengbao.desktop"

# A Linux path as a Windows program is given it: C:\… inside the prefix, Z:\… elsewhere.
tp() {
  local p
  p=$(realpath -m "$1")
  if [[ $p == "$C/"* ]]; then p="C:/${p#"$C"/}"; else p="Z:$p"; fi
  printf '%s' "${p//\//\\}"
}
# A registry key's values as UTF-8 text (reg query prints in the console code page, which
# loses Chinese; reg export writes UTF-16).
winreg() {
  local f="$ROOT/target/wine/reg-export.reg"
  rm -f "$f"
  "$WINE" reg export "$1" "$(tp "$f")" /y >/dev/null 2>&1 || return 1
  iconv -f UTF-16 -t UTF-8 "$f" | tr -d '\r'
}

say "silent install: $(basename "$SETUP") /S"
"$WINE" "$(tp "$SETUP")" /S
rc=$?
"$WINESERVER" -w
[ $rc -eq 0 ] || bad "installer exit code $rc"
for f in nengbao.exe nengbao-app.exe WebView2Loader.dll uninstall.exe 说明.txt nengbao.ico; do
  [ -s "$INSTDIR/$f" ] || bad "not installed: $INSTDIR/$f"
done
cmp -s "$INSTDIR/nengbao.exe" "$STAGE/nengbao.exe" || bad "installed nengbao.exe differs from the build"
cmp -s "$INSTDIR/nengbao-app.exe" "$STAGE/nengbao-app.exe" || bad "installed nengbao-app.exe differs from the build"
[ -e "$INSTDIR/bcryptprimitives.dll" ] && bad "the installer ships the test-only shim"
MENU="$PROFILE/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/能报"
DESKTOP=$(realpath -m "$PROFILE/Desktop")
for f in "$MENU/能报.lnk" "$MENU/能报命令行.lnk" "$MENU/卸载能报.lnk" "$DESKTOP/能报.lnk"; do
  [ -s "$f" ] || bad "no shortcut $f"
done
UNINST='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\Nengbao'
uninst=$(winreg "$UNINST")
grep -q '"DisplayName"="能报 (Nengbao)"' <<<"$uninst" || bad "no uninstall entry named 能报 in $UNINST: $uninst"
grep -qF 'uninstall.exe\" /S' <<<"$uninst" || bad "no quiet uninstall string: $uninst"
winreg 'HKCU\Software\Nengbao' | grep -q '"WebView2"="missing"' ||
  bad "the installer did not record the missing WebView2 runtime (wine has none)"
[ $step_fail -eq 0 ] && say "installed: files, shortcuts 能报 (Start menu + desktop), uninstall entry, WebView2 check"

say "the app executable (not run: wine has no WebView2)"
python3 tests/windows/pe_check.py "$INSTDIR/nengbao-app.exe" --gui --import WebView2Loader.dll \
  --product 能报 --icon || bad "nengbao-app.exe resources"
python3 tests/windows/pe_check.py "$INSTDIR/nengbao.exe" --console --product 能报 --icon || bad "nengbao.exe resources"
python3 tests/windows/pe_check.py "$SETUP" --product 能报 --icon || bad "installer resources"

# The smoke suite against the installed exe, with the test-only shim beside it.
cp "$HARNESS/bcryptprimitives.dll" "$INSTDIR/"
EXE_WIN=$(tp "$INSTDIR/nengbao.exe")
nb() { "$WINE" "$EXE_WIN" "$@"; }
WORK="$C/能报 测试"
rm -rf "$WORK"
mkdir -p "$WORK"
SMOKE_LABEL="Windows x64 under wine"
SMOKE_ACTOR=$WINUSER

platform_checks() {
  local D="$WORK/报送 资料 2024" R KEY S
  R="$D/演示 数据/report-2024.json"
  KEY="$D/密钥 文件/单位 密钥.key"
  S="$D/报送 文件/能源利用状况报告 2024.xlsx"
  # Excel keeps an open workbook locked (no sharing): reading it must say so, not crash.
  local lock="$HARNESS/lock" held="$D/报送 文件/已打开的 报送.xlsx"
  cp "$S" "$held"
  rm -f "$lock.ready" "$lock.stop"
  "$WINE" "$(tp "$HARNESS/lockfile.exe")" "$(tp "$held")" "$(tp "$lock.ready")" "$(tp "$lock.stop")" &
  local locker=$!
  for _ in $(seq 100); do [ -e "$lock.ready" ] && break; sleep 0.1; done
  check "the locker holds the workbook" test -e "$lock.ready"
  expect 2 "verify of a workbook open in Excel: input error (exit 2), no crash" -- nb verify "$(tp "$held")"
  check "…saying the file is open in another program such as Excel" grep -q "关闭此文件后重试" <<<"$OUT"
  nb export "$(tp "$R")" --key "$(tp "$KEY")" --pack national --out "$(tp "$held")" >"$WORK/locked-export.txt" 2>&1
  local rc=$?
  OUT=$(cat "$WORK/locked-export.txt")
  echo "== export over the held file: exit $rc" >>"$SMOKE_LOG"
  printf '%s\n' "$OUT" >>"$SMOKE_LOG"
  check "export over a workbook open in Excel fails (exit $rc) naming Excel" \
    bash -c '[ "$1" -ne 0 ] && grep -q "关闭此文件后重试" <<<"$2"' _ "$rc" "$OUT"
  touch "$lock.stop"
  wait "$locker"
  check "no temporary file left beside the held workbook" \
    bash -c '! ls -A "$1" | grep -q "^\..*tmp-"' _ "$D/报送 文件"
  expect 0 "once closed, the same export succeeds" -- \
    nb export "$(tp "$R")" --key "$(tp "$KEY")" --pack national --out "$(tp "$held")"

  # Long paths (> 260 characters): the standard library adds the \\?\ prefix itself.
  local long="$D"
  for i in 1 2 3 4 5 6 7 8 9 10; do long="$long/很长的文件夹名称 第${i}层 long folder name"; done
  mkdir -p "$long"
  check "the long folder is longer than MAX_PATH" test "$(tp "$long/x.xlsx" | wc -m)" -gt 260
  expect 0 "export into a path longer than 260 characters" -- \
    nb export "$(tp "$R")" --key "$(tp "$KEY")" --pack national --out "$(tp "$long/长路径 报送.xlsx")"
  expect 0 "verify it there" -- nb verify "$(tp "$long/长路径 报送.xlsx")"
  expect 0 "a \\\\?\\ (verbatim) path is read too" -- nb verify "\\\\?\\$(tp "$S")"
  cp "$D/报送 文件/linux 写的.xlsx" "$ROOT/target/wine/Z 盘 报送.xlsx"
  expect 0 "a Z: drive path (outside the C: drive)" -- nb verify "$(tp "$ROOT/target/wine/Z 盘 报送.xlsx")"
  expect 0 "the key file on the C: drive under %APPDATA%" -- \
    nb key export "$(tp "$KEY")" --out "$(tp "$PROFILE/AppData/Roaming/能报 密钥 备份.key")"
}

# shellcheck source=../smoke/cli.sh
. "$SMOKE_DIR/cli.sh"
run_smoke
smoke_rc=$?

say "upgrade over the installed version keeps the user's data"
mkdir -p "$DATADIR"
echo "workspace" >"$DATADIR/保留 测试.txt"
rm -f "$INSTDIR/bcryptprimitives.dll"
"$WINE" "$(tp "$SETUP")" /S
"$WINESERVER" -w
[ -s "$DATADIR/保留 测试.txt" ] || bad "the upgrade removed %APPDATA%\\cn.nengbao.desktop"
[ -s "$INSTDIR/nengbao.exe" ] || bad "nengbao.exe missing after the upgrade"

say "silent uninstall keeps the user's data"
"$WINE" "$(tp "$INSTDIR/uninstall.exe")" /S
"$WINESERVER" -w
for _ in $(seq 50); do [ -e "$INSTDIR/nengbao.exe" ] || break; sleep 0.2; done
[ -e "$INSTDIR" ] && bad "install folder still there after uninstall: $(ls -A "$INSTDIR" | tr '\n' ' ')"
[ -e "$MENU" ] && bad "Start-menu folder still there after uninstall"
[ -e "$DESKTOP/能报.lnk" ] && bad "desktop shortcut still there after uninstall"
winreg "$UNINST" >/dev/null && bad "uninstall entry still there"
[ -s "$DATADIR/保留 测试.txt" ] || bad "the uninstall removed the user's data"
[ -s "$WORK/报送 资料 2024/密钥 文件/单位 密钥.key" ] || bad "the uninstall removed a key file"
"$WINESERVER" -k 2>/dev/null

if [ $step_fail -eq 0 ] && [ $smoke_rc -eq 0 ]; then
  say "installer, upgrade, uninstall and smoke suite passed"
  exit 0
fi
say "$step_fail installer/uninstall problem(s); smoke suite exit $smoke_rc"
exit 1
