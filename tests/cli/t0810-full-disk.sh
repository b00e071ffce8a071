#!/bin/bash
# A full disk: writes answer 503 with the JSON envelope (a page saying so to a browser), reads go
# on, nothing acknowledged is lost, writes resume once space is freed, and a clean stop leaves no
# write-ahead log behind. Mounts an 8 MB tmpfs, so it needs root; without root it says so and
# passes (CI runs it as root).
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

if [ "$(id -u)" != 0 ]; then
    say "skipped: mounting a small file system needs root"
    exit 0
fi
small=$TMP/small
mkdir -p "$small"
mount -t tmpfs -o size=8m tmpfs "$small" || fail "cannot mount a tmpfs"
trap 'stop_server; umount "$small" 2>/dev/null; cleanup' EXIT

DB=$small/t.db
admin_db "$DB"
head -c 4194304 /dev/zero >"$small/filler"
start_server "$DB"

say "writes fill the disk: each refused one answers 503 with the error envelope"
python3 - "$BASE" "$TOKEN" "$TMP/acked" <<'PY' || fail "the writes on a full disk: $(cat "$TMP/acked.err")"
import json, sys, urllib.request, urllib.error
base, tok, out = sys.argv[1:4]
acked, refused = [], {}
for i in range(20000):
    # large opinions until one is refused, then small ones for the last free bytes
    filler = "座谈会意见" * (600 if not refused else 1)
    body = json.dumps({"channel": "forum", "content": "填满磁盘%d" % i + filler,
                       "area": "work", "target_unit": "K1"}).encode()
    req = urllib.request.Request(base + "/api/v1/opinions", data=body, method="POST",
          headers={"Authorization": "Bearer " + tok, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            acked.append(json.loads(r.read())["id"])
    except urllib.error.HTTPError as e:
        doc = json.loads(e.read())
        refused[e.code] = refused.get(e.code, 0) + 1
        if e.code != 503 or doc["error"]["code"] != "unavailable":
            open(out + ".err", "w").write("%d %s" % (e.code, doc))
            sys.exit(1)
        if refused[503] >= 20:
            break
open(out, "w").write("\n".join(map(str, acked)))
if not acked or refused.get(503, 0) < 5:
    open(out + ".err", "w").write("acked %d, refused %s" % (len(acked), refused))
    sys.exit(1)
PY

say "reads answer; the public opinion form, refused, says the disk is full and keeps the text"
code=$(api_get /api/v1/units/K1 "$TOKEN")
[ "$code" = 200 ] || fail "a read on a full disk answered $code"
csrf=$(curl -sS -c "$TMP/jar" -b "$TMP/jar" "$BASE/opinion/new" |
    grep -o 'name="csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"$//')
[ -n "$csrf" ] || fail "the opinion form has no csrf field"
# a write may still fit where the write-ahead log starts again after a checkpoint: the form is
# sent until the disk refuses it (each one taken uses up space), at most 50 times
for _ in $(seq 50); do
    code=$(http_code -c "$TMP/jar" -b "$TMP/jar" --data-urlencode "csrf=$csrf" \
        --data-urlencode "content=窗口服务意见$(printf '办事流程繁琐%.0s' $(seq 300))" \
        --data-urlencode area=work --data-urlencode target_unit=K1 "$BASE/opinion/new")
    [ "$code" = 200 ] || break
done
[ "$code" = 503 ] || fail "the opinion form on a full disk answered $code"
grep -q '存储空间已满' "$TMP/body" || fail "the page on a full disk does not say so: $(head -c 300 "$TMP/body")"
grep -q '窗口服务意见' "$TMP/body" || fail "the refused form lost what was typed"

say "with space freed, writes resume"
rm -f "$small/filler"
code=$(http_code -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    --data-binary '{"channel":"forum","content":"磁盘释放后","area":"work","target_unit":"K1"}' \
    "$BASE/api/v1/opinions")
[ "$code" = 201 ] || fail "a write after space was freed answered $code: $(cat "$TMP/body")"

say "a clean stop leaves every acknowledged write and no write-ahead log"
stop_server
[ "$SERVER_RC" = 0 ] || fail "serve exited $SERVER_RC"
[ ! -s "$DB-wal" ] || fail "the write-ahead log is $(stat -c %s "$DB-wal") bytes after a clean stop"
[ "$(sqlite3 "$DB" 'PRAGMA integrity_check')" = ok ] || fail "integrity_check after the full disk"
missing=$(sqlite3 "$DB" 'SELECT id FROM opinion' | sort -n | comm -13 - <(sort -n "$TMP/acked"))
[ -z "$missing" ] || fail "acknowledged opinions missing: $missing"
