#!/usr/bin/env python3
"""Smoke-suite helper: copies a signed workbook and changes one number in the energy table
(表2, the third sheet), the way someone editing a submission in Excel would; prints the cell.
Usage: tamper.py IN.xlsx OUT.xlsx"""
import re
import sys
import zipfile

src, dst = sys.argv[1], sys.argv[2]
part = "xl/worksheets/sheet3.xml"
with zipfile.ZipFile(src) as zin:
    xml = zin.read(part).decode("utf-8")
    # A numeric cell (no t= attribute) with a non-zero value.
    cell = re.compile(r'<c r="([A-Z]+[0-9]+)"((?:(?! t=)[^>])*)><v>([0-9]*\.?[0-9]+)</v></c>')
    for m in cell.finditer(xml):
        if float(m.group(3)) > 0:
            changed = f'<c r="{m.group(1)}"{m.group(2)}><v>{float(m.group(3)) + 1000}</v></c>'
            xml = xml[: m.start()] + changed + xml[m.end() :]
            print(f"changed {part} {m.group(1)}: {m.group(3)} -> {float(m.group(3)) + 1000}")
            break
    else:
        sys.exit("no numeric cell to change")
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = xml.encode("utf-8") if info.filename == part else zin.read(info.filename)
            zout.writestr(info, data)
