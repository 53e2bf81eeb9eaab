#!/usr/bin/env python3
"""Checks a Windows executable without running it: machine (x86-64), subsystem (GUI/console),
imported DLLs, and its resources — the icon group and the version information's ProductName.
Used by tests/windows/smoke.sh for nengbao-app.exe, which wine cannot run (no WebView2).

Usage: pe_check.py FILE [--gui|--console] [--import DLL]... [--product NAME] [--icon]
Prints what it found; exits 1 naming each expectation that does not hold."""
import argparse
import struct
import sys

RT_ICON, RT_GROUP_ICON, RT_VERSION = 3, 14, 16


def parse(path):
    data = open(path, "rb").read()
    if data[:2] != b"MZ":
        raise SystemExit(f"{path}: not an MZ executable")
    pe = struct.unpack_from("<I", data, 0x3C)[0]
    if data[pe : pe + 4] != b"PE\0\0":
        raise SystemExit(f"{path}: no PE header")
    machine, nsections = struct.unpack_from("<HH", data, pe + 4)
    opt_size = struct.unpack_from("<H", data, pe + 20)[0]
    opt = pe + 24
    magic = struct.unpack_from("<H", data, opt)[0]
    subsystem = struct.unpack_from("<H", data, opt + 68)[0]
    dirs = opt + (112 if magic == 0x20B else 96)
    import_rva = struct.unpack_from("<I", data, dirs + 8)[0]
    rsrc_rva = struct.unpack_from("<I", data, dirs + 16)[0]
    sections = []
    sec = opt + opt_size
    for i in range(nsections):
        name, vsize, va, rawsize, rawptr = struct.unpack_from("<8sIIII", data, sec + 40 * i)
        sections.append((name.rstrip(b"\0").decode(errors="replace"), va, max(vsize, rawsize), rawptr))

    def off(rva):
        for _, va, size, raw in sections:
            if va <= rva < va + size:
                return raw + rva - va
        return None

    def cstr(o):
        return data[o : data.index(b"\0", o)].decode(errors="replace")

    imports = []
    o = off(import_rva) if import_rva else None
    while o is not None:
        name_rva = struct.unpack_from("<I", data, o + 12)[0]
        if name_rva == 0:
            break
        imports.append(cstr(off(name_rva)))
        o += 20

    resources = {}
    base = off(rsrc_rva) if rsrc_rva else None

    def entries(o):
        named, ids = struct.unpack_from("<HH", data, o + 12)
        for i in range(named + ids):
            ident, target = struct.unpack_from("<II", data, o + 16 + 8 * i)
            yield ident, target

    if base is not None:
        for rtype, t1 in entries(base):
            if not t1 & 0x80000000:
                continue
            leaves = []
            for _, t2 in entries(base + (t1 & 0x7FFFFFFF)):
                for _, t3 in entries(base + (t2 & 0x7FFFFFFF)) if t2 & 0x80000000 else [(0, t2)]:
                    rva, size = struct.unpack_from("<II", data, base + (t3 & 0x7FFFFFFF))
                    leaves.append(data[off(rva) : off(rva) + size])
            resources[rtype] = leaves
    return machine, subsystem, imports, resources


def version_strings(blob):
    """Key → value pairs of a VS_VERSIONINFO's string tables (UTF-16LE, 32-bit aligned)."""
    out = {}
    text = blob.decode("utf-16-le", errors="replace")
    for key in ("ProductName", "FileDescription", "FileVersion", "ProductVersion", "CompanyName"):
        i = text.find(key + "\0")
        if i < 0:
            continue
        j = i + len(key) + 1
        while j < len(text) and text[j] == "\0":
            j += 1
        out[key] = text[j : text.index("\0", j)]
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--gui", action="store_true")
    ap.add_argument("--console", action="store_true")
    ap.add_argument("--import", dest="imports", action="append", default=[])
    ap.add_argument("--product")
    ap.add_argument("--icon", action="store_true")
    a = ap.parse_args()
    machine, subsystem, imports, resources = parse(a.file)
    versions = [version_strings(b) for b in resources.get(RT_VERSION, [])]
    info = versions[0] if versions else {}
    kind = {2: "GUI", 3: "console"}.get(subsystem, str(subsystem))
    print(
        f"{a.file}: machine {machine:#x}, {kind}, {len(imports)} DLLs imported, "
        f"{len(resources.get(RT_GROUP_ICON, []))} icon group(s) / {len(resources.get(RT_ICON, []))} icon(s), "
        f"version {info}"
    )
    problems = []
    if machine != 0x8664:
        problems.append(f"machine {machine:#x} is not x86-64")
    if a.gui and subsystem != 2:
        problems.append(f"subsystem {kind}, expected GUI")
    if a.console and subsystem != 3:
        problems.append(f"subsystem {kind}, expected console")
    for dll in a.imports:
        if dll.lower() not in (i.lower() for i in imports):
            problems.append(f"does not import {dll} (imports: {', '.join(imports)})")
    if a.icon and not (resources.get(RT_GROUP_ICON) and resources.get(RT_ICON)):
        problems.append("no icon resource")
    if a.product and info.get("ProductName") != a.product:
        problems.append(f"ProductName {info.get('ProductName')!r}, expected {a.product!r}")
    for p in problems:
        print(f"  FAIL {p}")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
