#!/usr/bin/env python3
"""Crafted workbooks for the intake benchmark: each made from a genuine signed export by someone
who wants the county office stalled or out of memory. Usage: hostile.py GENUINE.xlsx OUT_DIR

Each file is small on disk and would cost far more to read without the reader's limits:
  bomb_misnamed       shared strings under a differently cased name, ~230 MB inflated
  bomb_backslash      the same under a `\\` separator
  fanout              one 32,000-character shared string referenced by 200,000 cells
  manifest_flood      10,000 manifest rows of 32,767 characters each (shared strings)
  endless_parts       a manifest declaring 999,999,999,999 payload parts
  colliding_names     two parts whose names differ only in case
"""
import sys
import zipfile
from pathlib import Path


def parts_of(path):
    with zipfile.ZipFile(path) as z:
        return [(i.filename, z.read(i.filename)) for i in z.infolist()]


def write(path, parts):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, data in parts:
            z.writestr(name, data)


def sheet_part(parts, sheet_name):
    """xl/worksheets/sheetN.xml of a sheet (sheets are numbered in workbook order)."""
    wb = dict(parts)["xl/workbook.xml"].decode()
    names = [s.split('"')[1] for s in wb.split("<sheet name=")[1:]]
    return "xl/worksheets/sheet%d.xml" % (names.index(sheet_name) + 1)


def col(n):
    s = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def with_sheet(parts, name, xml):
    return [(n, xml.encode() if n == name else d) for n, d in parts]


def main():
    genuine, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    base = parts_of(genuine)
    sst_name = "xl/sharedStrings.xml"
    sst = dict(base)[sst_name].decode()

    # 1–2. A shared-strings bomb under names the exact-name accounting did not see.
    bomb = sst.replace("</sst>", "<si><t>" + "A" * (230 * 1024 * 1024) + "</t></si></sst>")
    for label, name in (("bomb_misnamed", "xl/SharedStrings.xml"), ("bomb_backslash", "xl\\sharedStrings.xml")):
        write(out / f"{label}.xlsx", [(name if n == sst_name else n, bomb.encode() if n == sst_name else d) for n, d in base])

    # 3. One long shared string referenced by 200,000 cells of the first table sheet.
    idx = sst.count("<si>")
    fan_sst = sst.replace("</sst>", "<si><t>" + "B" * 32000 + "</t></si></sst>")
    rows = []
    for r in range(1, 2001):
        cells = "".join(f'<c r="{col(c)}{r}" t="s"><v>{idx}</v></c>' for c in range(100))
        rows.append(f'<row r="{r}">{cells}</row>')
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             'spreadsheetml/2006/main"><sheetData>' + "".join(rows) + "</sheetData></worksheet>")
    target = "xl/worksheets/sheet2.xml"  # the first table after the cover
    fan = with_sheet([(n, fan_sst.encode() if n == sst_name else d) for n, d in base], target, sheet)
    write(out / "fanout.xlsx", fan)

    # 4. The manifest sheet flooded: 10,000 rows, each cell a 32,767-character shared string.
    manifest = sheet_part(base, "_manifest")
    flood_sst = sst.replace("</sst>", "<si><t>" + "C" * 32767 + "</t></si></sst>")
    rows = "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>{idx}</v></c><c r="B{r}" t="s"><v>{idx}</v></c></row>'
                   for r in range(1, 10002))
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             'spreadsheetml/2006/main"><sheetData>' + rows + "</sheetData></worksheet>")
    write(out / "manifest_flood.xlsx", with_sheet([(n, flood_sst.encode() if n == sst_name else d) for n, d in base], manifest, sheet))

    # 5. A manifest declaring endless payload parts: the key row's value replaced in the sheet.
    # Keys are shared strings (as rust_xlsxwriter writes them): find the row whose A cell
    # references the key, and put the count in its B cell.
    s = dict(base)[manifest].decode()
    keys = [t.split("</t>")[0].split(">")[-1] for t in sst.split("<si>")[1:]]
    pos = s.index(f"<v>{keys.index('payload_parts')}</v>")
    row_start, row_end = s.rindex("<row ", 0, pos), s.index("</row>", pos)
    row = s[row_start:row_end]
    b_start = row.index('<c r="B')
    b_end = row.index("</c>", b_start) + 4
    ref = row[b_start:].split('"')[1]
    row = row[:b_start] + f'<c r="{ref}" t="inlineStr"><is><t>999999999999</t></is></c>' + row[b_end:]
    inline = s[:row_start] + row + s[row_end:]
    write(out / "endless_parts.xlsx", with_sheet(base, manifest, inline))

    # 6. Two parts whose names differ only in case.
    write(out / "colliding_names.xlsx", base + [("XL/workbook.xml", dict(base)["xl/workbook.xml"])])


if __name__ == "__main__":
    main()
