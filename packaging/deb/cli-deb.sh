#!/usr/bin/env bash
# Packs the nengbao command line into a .deb for one architecture (amd64 or arm64), for Debian,
# Ubuntu and the 信创 distributions built on them (统信 UOS, 银河麒麟 / Kylin). The package is
# named nengbao-cli so that it installs beside the desktop app's package (nengbao, which does not
# carry the CLI). Dependencies are worked out from the binary: the shared libraries it needs
# (objdump NEEDED) and the newest glibc symbol version it uses.
# Usage: packaging/deb/cli-deb.sh ARCH BINARY OUTDIR
set -euo pipefail
cd "$(dirname "$0")/../.."
ARCH=${1:?arch (amd64|arm64)}
BIN=${2:?binary}
OUT=${3:?output folder}
VERSION=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
case "$ARCH" in
  amd64) OBJDUMP=objdump STRIP=strip ;;
  arm64) OBJDUMP=aarch64-linux-gnu-objdump STRIP=aarch64-linux-gnu-strip ;;
  *) echo "cli-deb: unknown arch $ARCH" >&2; exit 2 ;;
esac
ROOTDIR=$(mktemp -d)
chmod 0755 "$ROOTDIR"
trap 'rm -rf "$ROOTDIR"' EXIT
install -D -m 0755 "$BIN" "$ROOTDIR/usr/bin/nengbao"
"$STRIP" "$ROOTDIR/usr/bin/nengbao"
mkdir -p "$ROOTDIR/usr/share/doc/nengbao-cli"
cat >"$ROOTDIR/usr/share/doc/nengbao-cli/README" <<TXT
能报 Nengbao 命令行 $VERSION ($ARCH)
nengbao --help 查看全部命令；数据与工作区保存在您指定的文件中。
The nengbao command line: nengbao --help lists the commands.
TXT
glibc=$("$OBJDUMP" -T "$ROOTDIR/usr/bin/nengbao" | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -V | tail -n 1)
depends="libc6 (>= $glibc)"
if "$OBJDUMP" -p "$ROOTDIR/usr/bin/nengbao" | grep -q 'NEEDED.*libgcc_s'; then depends="$depends, libgcc-s1"; fi
for lib in $("$OBJDUMP" -p "$ROOTDIR/usr/bin/nengbao" | awk '/NEEDED/ {print $2}'); do
  case "$lib" in libc.so.6 | libm.so.6 | libpthread.so.0 | libdl.so.2 | librt.so.1 | ld-linux*.so.* | libgcc_s.so.1) ;;
    *) echo "cli-deb: unexpected shared library $lib; add its package to Depends" >&2; exit 1 ;;
  esac
done
size=$(du -sk "$ROOTDIR/usr" | cut -f1)
mkdir -p "$ROOTDIR/DEBIAN"
cat >"$ROOTDIR/DEBIAN/control" <<CTL
Package: nengbao-cli
Version: $VERSION
Architecture: $ARCH
Section: utils
Priority: optional
Maintainer: 能报 Nengbao <maintainers@nengbao.invalid>
Installed-Size: $size
Depends: $depends
Description: 能报命令行 — 能源利用状况报告与减排台账 (command line)
 Offline filing of the annual energy utilization status report (能源利用状况报告) and
 the emission-reduction ledger (减排台账): check, export a signed Excel submission,
 verify, and the county's intake of submissions. 离线填报、校验、签名导出与县级汇总。
CTL
mkdir -p "$OUT"
deb="$OUT/nengbao-cli_${VERSION}_${ARCH}.deb"
dpkg-deb --root-owner-group -Zxz --build "$ROOTDIR" "$deb" >/dev/null
echo "$deb ($(du -h "$deb" | cut -f1); Depends: $depends)"
