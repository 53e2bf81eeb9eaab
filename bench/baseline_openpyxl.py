"""Baseline: what a clerk would otherwise automate — open every submission with openpyxl
(read-only mode) and read every cell of every sheet. No signature check, no validation, no
database: just reading."""

import pathlib
import sys

import openpyxl


def main(folder: str) -> None:
    files = sorted(p for p in pathlib.Path(folder).iterdir() if p.suffix == ".xlsx")
    cells = 0
    for path in files:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        for ws in wb.worksheets:
            for row in ws.iter_rows(values_only=True):
                cells += sum(1 for v in row if v is not None)
        wb.close()
    print(f"{len(files)} files, {cells} non-empty cells", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])
