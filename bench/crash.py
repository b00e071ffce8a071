#!/usr/bin/env python3
"""The client of bench/crash.sh (test tooling, not the product).

  crash.py load BASE TOKEN ROOT ACKS THREADS PASSWORD
      writes through every kind of write route below from THREADS threads until killed (the
      forms as the demo's admin, whose PASSWORD is given), making ACKS.ready once they have
      begun; each write the server acknowledged (2xx) is appended to ACKS as one line
      "kind key", flushed before the next request.
  crash.py verify BASE DB ACKS
      checks that every acknowledged write is in the database (SQL on DB, the public tracking
      codes through the API); prints "acknowledged N lost M" and exits 1 when any is lost.

The routes: the API with a token (persons, staff opinions, meetings, media, rules, public
opinions without an account) and the page forms with a session and its CSRF token (meetings,
the public opinion form).
"""
import http.client
import json
import random
import re
import sqlite3
import sys
import threading
import urllib.parse

lock = threading.Lock()


def connect(base):
    u = urllib.parse.urlparse(base)
    return http.client.HTTPConnection(u.hostname, u.port, timeout=10)


def ack(out, kind, key):
    with lock:
        out.write(f"{kind} {key}\n")
        out.flush()


class Session:
    """A cookie session over one connection, with the CSRF token of its last form page."""

    def __init__(self, base):
        self.base, self.conn, self.cookies = base, connect(base), {}

    def request(self, method, path, body=None, headers=None):
        h = dict(headers or {})
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self.conn.request(method, path, body=body, headers=h)
        r = self.conn.getresponse()
        data = r.read()
        for k, v in r.getheaders():
            if k.lower() == "set-cookie":
                name, _, rest = v.partition("=")
                self.cookies[name] = rest.split(";")[0]
        return r.status, r.getheader("Location") or "", data.decode("utf-8", "replace")

    def csrf(self, path):
        status, _, page = self.request("GET", path)
        m = re.search(r'name="csrf" value="([^"]*)"', page)
        return m.group(1) if m else ""

    def form(self, path, fields):
        fields = dict(fields, csrf=self.csrf(path))
        return self.request("POST", path, urllib.parse.urlencode(fields),
                            {"Content-Type": "application/x-www-form-urlencoded"})


def load(base, token, root, acks, threads):
    out = open(acks, "a", encoding="utf-8")
    auth = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}
    day = "2026-05-%02d"

    def api_writes(n, conn):
        k = random.randrange(6)
        tag = f"crash-{threading.get_ident()}-{n}"
        if k == 0:
            path, body, kind = "/api/v1/persons", {"unit": root, "name": tag}, "person"
        elif k == 1:
            path, kind = "/api/v1/opinions", "opinion"
            body = {"channel": "web", "content": tag, "target_unit": root}
        elif k == 2:
            path, kind = "/api/v1/meetings", "meeting"
            body = {"unit": root, "title": tag, "kind": "forum", "day": day % (n % 28 + 1)}
        elif k == 3:
            path, kind = "/api/v1/media", "media"
            body = {"unit": root, "title": tag, "outlet": "报", "level": "city",
                    "kind": "article", "day": day % (n % 28 + 1)}
        elif k == 4:
            path, kind = "/api/v1/rules", "rule"
            body = {"unit": root, "title": tag, "category": "internal",
                    "effective": day % (n % 28 + 1), "text": tag}
        else:
            conn.request("POST", "/api/v1/public/opinions",
                         json.dumps({"content": tag, "target_unit": root}),
                         {"Content-Type": "application/json"})
            r = conn.getresponse()
            data = r.read()
            if r.status == 201:
                ack(out, "public", json.loads(data)["tracking_code"])
            return
        conn.request("POST", path, json.dumps(body), auth)
        r = conn.getresponse()
        data = r.read()
        if r.status == 201:
            ack(out, kind, json.loads(data)["id"])

    def form_writes(n, s):
        tag = f"crash-form-{threading.get_ident()}-{n}"
        if n % 2:
            status, loc, _ = s.form("/meetings/new", {"unit": root, "title": tag, "kind": "study",
                                                      "day": day % (n % 28 + 1)})
            if status in (302, 303):
                ack(out, "meeting-form", tag)
        else:
            status, _, page = s.form("/opinion/new", {"content": tag, "target_unit": root})
            m = re.search(r'class="code"><strong>([^<]+)</strong>', page)
            if status == 200 and m:
                ack(out, "public", m.group(1))

    def signed_in():
        s = Session(base)
        s.form("/login", {"login": "admin", "password": sys.argv[7]})
        return s

    def worker(i, s):
        n = 0
        conn = connect(base)
        while True:
            n += 1
            try:
                if s is not None:
                    form_writes(n, s)
                else:
                    api_writes(n, conn)
            except (OSError, http.client.HTTPException):
                # the server is gone (killed): keep trying until this process is killed too
                conn = connect(base)
                if s is not None:
                    s = Session(base)

    # the form threads' sessions first (a login hashes a password: slow under a sanitizer), so
    # that the load has begun when ACKS.ready appears and the caller starts its clock
    sessions = [signed_in() if i % 4 == 3 else None for i in range(threads)]
    for i in range(threads):
        threading.Thread(target=worker, args=(i, sessions[i]), daemon=True).start()
    open(acks + ".ready", "w").close()
    threading.Event().wait()


def verify(base, db, acks):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    tables = {"person": "person", "opinion": "opinion", "meeting": "meeting", "media": "media",
              "rule": "rule"}
    total = lost = 0
    kinds = {}
    conn = connect(base)
    for line in open(acks, encoding="utf-8"):
        kind, key = line.split()
        total += 1
        kinds[kind] = kinds.get(kind, 0) + 1
        if kind in tables:
            found = con.execute(f"SELECT count(*) FROM {tables[kind]} WHERE id = ?",
                                (int(key),)).fetchone()[0]
        elif kind == "meeting-form":
            found = con.execute("SELECT count(*) FROM meeting WHERE title = ?", (key,)).fetchone()[0]
        else:
            conn.request("GET", "/api/v1/public/opinions/" + urllib.parse.quote(key))
            r = conn.getresponse()
            r.read()
            found = r.status == 200
        if not found:
            lost += 1
            print(f"lost: {kind} {key}", file=sys.stderr)
    print(f"acknowledged {total} lost {lost} (" +
          ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())) + ")")
    return 1 if lost else 0


if __name__ == "__main__":
    if sys.argv[1] == "load":
        load(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], int(sys.argv[6]))
    else:
        sys.exit(verify(sys.argv[2], sys.argv[3], sys.argv[4]))
