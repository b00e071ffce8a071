#!/usr/bin/env python3
"""Writes the seed corpus of the HTTP fuzz targets (fuzz/corpus/fuzz_api, fuzz_form) from the
route-matrix test's table (tests/unit/test_routes.c): each row's body becomes a seed whose first
bytes pick that row's route the way fuzz/route_pick.c does over src/routes.c. Run it again when
routes are added; the parser targets' seeds are written by hand.
Usage: fuzz/seeds.py"""
import hashlib
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WRITES = ["POST", "PUT", "DELETE", "PATCH"]
ALL = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"]
BOUNDARY = "fuzzBOUNDARY"


def c_string(lit):
    """The bytes of one C string literal's inside."""
    out, i = [], 0
    escapes = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\", "0": "\0"}
    while i < len(lit):
        if lit[i] == "\\":
            out.append(escapes[lit[i + 1]])
            i += 2
        else:
            out.append(lit[i])
            i += 1
    return "".join(out)


TOKEN = re.compile(r'"((?:[^"\\]|\\.)*)"|([A-Za-z_][A-Za-z0-9_]*)|(/\*.*?\*/)|([{},])|\s+|(.)',
                   re.S)


def tokens(text):
    for m in TOKEN.finditer(text):
        if m.group(1) is not None:
            yield ("str", c_string(m.group(1)))
        elif m.group(2):
            yield ("id", m.group(2))
        elif m.group(4):
            yield (m.group(4), m.group(4))


def macros(text):
    """#define NAME "..." "..." (continued lines) as their strings."""
    out = {}
    for m in re.finditer(r'#define (\w+)\s+((?:"(?:[^"\\]|\\.)*"\s*\\?\s*)+)', text):
        out[m.group(1)] = "".join(c_string(s) for s in re.findall(r'"((?:[^"\\]|\\.)*)"',
                                                                   m.group(2)))
    return out


def rows_of(path):
    text = open(path, encoding="utf-8").read()
    defs = macros(text)
    start = text.index("static const struct row rows[] = {")
    toks = list(tokens(text[start + len("static const struct row rows[] = {"):]))
    rows, depth, fields, cur = [], 0, [], None
    for kind, val in toks:
        if kind == "{":
            depth += 1
            fields, cur = [], None
        elif kind == "}":
            if depth == 0:
                break
            depth -= 1
            fields.append(cur)
            if len(fields) >= 4:
                rows.append(fields[:4])
        elif kind == "," and depth == 1:
            fields.append(cur)
            cur = None
        elif depth == 1 and kind == "str":
            cur = (cur or "") + val
        elif depth == 1 and kind == "id" and val != "NULL":
            cur = (cur or "") + defs.get(val, "")
    return rows


def route_table(path):
    """(methods, pattern, api) of each row of src/routes.c, in order."""
    text = open(path, encoding="utf-8").read()
    out = []
    row = r'\{\s*((?:M_[A-Z]+\s*\|?\s*)+),\s*"([^"]+)",\s*\w+,\s*[\w| ]+,\s*([^}]*)\}'
    for m in re.finditer(row, text):
        methods = [x.strip()[2:] for x in m.group(1).split("|") if x.strip()]
        out.append((methods, m.group(2), "RF_API" in m.group(3)))
    return out


def pick(table, pattern, method, api):
    """The pick bytes (fuzz/route_pick.c) for pattern and method among the kept write rows."""
    kept = [r for r in table if r[2] == api and any(x in WRITES for x in r[0])]
    for i, (methods, pat, _) in enumerate(kept):
        if pat == pattern:
            mine = [x for x in ALL if x in methods and x in WRITES]
            return bytes([i, mine.index(method), 0, 1])
    return None


def fill(body):
    """$names of the test's world become small ids."""
    return re.sub(r"\$\w+", "1", body)


def multipart(spec):
    """The test's "multipart:a=1&file=@name.txt:text" as a multipart body."""
    parts = ["--%s\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n@CSRF@\r\n" % BOUNDARY]
    for field in spec.split("&"):
        name, _, value = field.partition("=")
        if value.startswith("@"):
            fname, _, content = value[1:].partition(":")
            parts.append("--%s\r\nContent-Disposition: form-data; name=\"%s\"; "
                         "filename=\"%s\"\r\nContent-Type: text/plain\r\n\r\n%s\r\n"
                         % (BOUNDARY, name, fname, content))
        else:
            parts.append("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n"
                         % (BOUNDARY, name, value))
    return "".join(parts) + "--%s--\r\n" % BOUNDARY


def write(target, data):
    d = os.path.join(ROOT, "fuzz", "corpus", target)
    os.makedirs(d, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def main():
    table = route_table(os.path.join(ROOT, "src", "routes.c"))
    n = 0
    for method, pattern, _, body in rows_of(os.path.join(ROOT, "tests", "unit", "test_routes.c")):
        if method not in WRITES:
            continue
        api = pattern.startswith("/api/")
        head = pick(table, pattern, method, api)
        if head is None:
            print("seeds: %s %s is not a write route of src/routes.c" % (method, pattern),
                  file=sys.stderr)
            continue
        body = fill(body or "")
        if api:
            write("fuzz_api", head + body.encode())
        elif body.startswith("multipart:"):
            write("fuzz_form", head + b"\x01" + multipart(body[10:]).encode())
        else:
            write("fuzz_form", head + b"\x00" + body.encode())
        n += 1
    print("seeds: %d written" % n)


if __name__ == "__main__":
    main()
