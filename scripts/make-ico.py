#!/usr/bin/env python3
"""Writes src-tauri/icons/icon.ico (the Windows app, installer and shortcut icon) and the PNG
sizes the Linux menus want (16, 24, 48, 64 and 256 px — 统信 UOS and 银河麒麟 launchers pick
them from hicolor; 32, 128 and 512 exist already) from the app icon PNG, with no image library: the PNG is decoded with zlib, scaled down by area averaging
(premultiplied alpha, so transparent edges do not darken), and each size is stored as a PNG
entry of the .ico (Windows Vista and later read PNG entries at every size).

Usage: scripts/make-ico.py [SOURCE.png [OUT.ico]]
   default: src-tauri/icons/icon.png -> src-tauri/icons/icon.ico and src-tauri/icons/NxN.png
"""
import os
import struct
import sys
import zlib

SIZES = (16, 24, 32, 48, 64, 128, 256)
PNG_SIZES = (16, 24, 48, 64, 256)


def read_png(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit(f"{path}: not a PNG")
    pos, idat, width = 8, b"", None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or colour != 6 or interlace != 0:
                sys.exit(f"{path}: need 8-bit RGBA, non-interlaced (got depth {depth}, colour {colour})")
        elif kind == b"IDAT":
            idat += body
    raw = zlib.decompress(idat)
    stride, bpp = width * 4, 4
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(height):
        ftype, line = raw[i], bytearray(raw[i + 1 : i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if ftype == 1:
                line[x] = (line[x] + a) & 255
            elif ftype == 2:
                line[x] = (line[x] + b) & 255
            elif ftype == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[x] = (line[x] + pred) & 255
        rows.append(line)
        prev = line
    return width, height, rows


def scale(width, height, rows, size):
    """Area-average scaling with premultiplied alpha."""
    out = []
    fx, fy = width / size, height / size
    for ty in range(size):
        y0, y1 = ty * fy, (ty + 1) * fy
        line = bytearray()
        for tx in range(size):
            x0, x1 = tx * fx, (tx + 1) * fx
            acc = [0.0, 0.0, 0.0, 0.0]
            total = 0.0
            sy = int(y0)
            while sy < y1 and sy < height:
                wy = min(y1, sy + 1) - max(y0, sy)
                sx = int(x0)
                row = rows[sy]
                while sx < x1 and sx < width:
                    w = wy * (min(x1, sx + 1) - max(x0, sx))
                    r, g, b, a = row[sx * 4 : sx * 4 + 4]
                    acc[0] += r * a * w
                    acc[1] += g * a * w
                    acc[2] += b * a * w
                    acc[3] += a * w
                    total += w
                    sx += 1
                sy += 1
            alpha = acc[3] / total if total else 0
            if acc[3] > 0:
                px = [round(acc[k] / acc[3]) for k in range(3)]
            else:
                px = [0, 0, 0]
            line += bytes(px + [round(alpha)])
        out.append(line)
    return out


def write_png(size, rows):
    raw = b"".join(b"\x00" + bytes(r) for r in rows)

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def main():
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "src-tauri/icons/icon.png")
    dst = sys.argv[2] if len(sys.argv) > 2 else os.path.join(root, "src-tauri/icons/icon.ico")
    width, height, rows = read_png(src)
    images = [write_png(s, scale(width, height, rows, s)) for s in SIZES]
    if len(sys.argv) <= 2:
        for s in PNG_SIZES:
            out = os.path.join(os.path.dirname(dst), f"{s}x{s}.png")
            with open(out, "wb") as f:
                f.write(images[SIZES.index(s)])
            print(out)
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    entries, blobs = b"", b""
    for s, img in zip(SIZES, images):
        entries += struct.pack("<BBBBHHII", s % 256, s % 256, 0, 0, 1, 32, len(img), offset)
        offset += len(img)
        blobs += img
    with open(dst, "wb") as f:
        f.write(header + entries + blobs)
    print(f"{dst}: {len(images)} sizes {SIZES}, {6 + len(entries) + len(blobs)} bytes")


if __name__ == "__main__":
    main()
