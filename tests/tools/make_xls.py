#!/usr/bin/env python3
"""Writes an Excel 97-2003 workbook (.xls: BIFF8 in a compound file) of one sheet, for the tests
of the .xls import (no Debian package writes .xls, and LibreOffice's writer-only install cannot
convert to it). Cells: text (shared strings), numbers, and dates given as ("date", SERIAL), which
get a built-in date format (14) the way Excel stores a date cell.
Usage: make_xls.py OUT.xls < rows.json   (a JSON array of rows, each an array of cells; a date
cell is {"date": SERIAL})."""
import json
import struct
import sys

SECTOR = 512


def record(kind, data):
    return struct.pack("<HH", kind, len(data)) + data


def bof(dt):
    return record(0x0809, struct.pack("<HHHHII", 0x0600, dt, 0x0DBB, 0x07CC, 0, 0x0006))


def workbook(rows):
    strings, index = [], {}
    for row in rows:
        for c in row:
            if isinstance(c, str) and c not in index:
                index[c] = len(strings)
                strings.append(c)
    xf = lambda fmt: record(0x00E0, struct.pack("<HHH", 0, fmt, 0) + bytes(14))
    sst = struct.pack("<II", sum(isinstance(c, str) for r in rows for c in r), len(strings))
    for s in strings:
        u = s.encode("utf-16-le")
        sst += struct.pack("<HB", len(u) // 2, 1) + u
    assert len(sst) <= 8224, "too many strings for one SST record"
    name = "Sheet1".encode("utf-16-le")
    head = bof(0x0005) + record(0x0042, struct.pack("<H", 1200)) + record(0x0022, b"\0\0")
    head += record(0x0031, struct.pack("<HHHHHBBBB", 200, 0, 0x7FFF, 400, 0, 0, 0, 0, 0)
                   + struct.pack("<BB", 5, 1) + "Arial".encode("utf-16-le"))
    head += xf(0) + xf(14)
    sheet_at = len(head) + 4 + 8 + len(name) + len(record(0x00FC, sst)) + 4
    head += record(0x0085, struct.pack("<IBBBB", sheet_at, 0, 0, len(name) // 2, 1) + name)
    head += record(0x00FC, sst) + record(0x000A, b"")
    assert len(head) == sheet_at
    body = bof(0x0010)
    cols = max(len(r) for r in rows)
    body += record(0x0200, struct.pack("<IIHHH", 0, len(rows), 0, cols, 0))
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if isinstance(v, str):
                body += record(0x00FD, struct.pack("<HHHI", r, c, 0, index[v]))
            elif isinstance(v, dict):
                body += record(0x0203, struct.pack("<HHHd", r, c, 1, float(v["date"])))
            elif v is not None:
                body += record(0x0203, struct.pack("<HHHd", r, c, 0, float(v)))
    body += record(0x000A, b"")
    stream = head + body
    return stream + bytes(max(0, 4096 - len(stream)))  # no mini stream below 4096 bytes


def compound(stream):
    """A version 3 compound file holding the stream "Workbook"."""
    n = -(-len(stream) // SECTOR)
    data = stream + bytes(n * SECTOR - len(stream))
    dir_at, fat_at = n, n + 1
    fat = [i + 1 for i in range(n - 1)] + [0xFFFFFFFE, 0xFFFFFFFE, 0xFFFFFFFD]
    assert len(fat) <= SECTOR // 4
    fat += [0xFFFFFFFF] * (SECTOR // 4 - len(fat))

    def entry(name, kind, child, start, size):
        u = (name + "\0").encode("utf-16-le")
        return (u + bytes(64 - len(u)) + struct.pack("<HBB", len(u), kind, 1)
                + struct.pack("<III", 0xFFFFFFFF, 0xFFFFFFFF, child) + bytes(16) + bytes(4)
                + bytes(16) + struct.pack("<IIHH", start, size, 0, 0))
    free = bytes(64) + struct.pack("<HBB", 0, 0, 0) + struct.pack("<III", *[0xFFFFFFFF] * 3) \
        + bytes(48)
    assert len(free) == 128
    directory = entry("Root Entry", 5, 1, 0xFFFFFFFE, 0) + entry("Workbook", 2, 0xFFFFFFFF, 0,
                                                                  len(stream)) + free + free
    header = (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + bytes(16)
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + bytes(6)
              + struct.pack("<IIIIIIII", 0, 1, dir_at, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE)
              + struct.pack("<I", 0)
              + struct.pack("<I", fat_at) + struct.pack("<I", 0xFFFFFFFF) * 108)
    assert len(header) == SECTOR, len(header)
    return header + data + directory + struct.pack("<%dI" % (SECTOR // 4), *fat)


if __name__ == "__main__":
    rows = json.load(sys.stdin)
    open(sys.argv[1], "wb").write(compound(workbook(rows)))
