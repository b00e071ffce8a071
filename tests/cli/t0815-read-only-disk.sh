#!/bin/bash
# A file system that goes read-only under the running server, as ext4 mounted errors=remount-ro
# does after an I/O error (triggered here through /sys/fs/ext4/DEV/trigger_fs_error): writes
# answer 503 with the JSON envelope (a page saying so to a browser, what was typed kept), reads
# go on; after the stop, e2fsck and a fresh mount, every acknowledged write is there,
# integrity_check and the audit chain are sound, and writes succeed again. Mounts a loop file
# system, so it needs root and loop devices; without them it says so and passes.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

if [ "$(id -u)" != 0 ] || ! command -v mkfs.ext4 >/dev/null || ! command -v e2fsck >/dev/null
then
    say "skipped: a loop file system needs root and e2fsprogs"
    exit 0
fi
img=$TMP/disk.img mnt=$TMP/mnt
mkdir -p "$mnt"
truncate -s 64M "$img"
mkfs.ext4 -q -F "$img" || fail "mkfs.ext4"
if ! mount -o loop,errors=remount-ro "$img" "$mnt" 2>"$TMP/mount.err"; then
    say "skipped: no loop device here ($(head -1 "$TMP/mount.err"))"
    exit 0
fi
trap 'stop_server; umount "$mnt" 2>/dev/null; cleanup' EXIT
dev=$(basename "$(findmnt -no SOURCE "$mnt")")
[ -w "/sys/fs/ext4/$dev/trigger_fs_error" ] || {
    say "skipped: this kernel cannot trigger an ext4 error"
    exit 0
}

DB=$mnt/t.db
admin_db "$DB"
start_server "$DB"

say "writes under load; the file system goes read-only midway; every refusal is a 503 envelope"
python3 - "$BASE" "$TOKEN" "$TMP/acked" "/sys/fs/ext4/$dev/trigger_fs_error" <<'PY' || fail \
    "the writes on a read-only file system: $(cat "$TMP/acked.err")"
import json, sys, threading, urllib.request, urllib.error
base, tok, out, trigger = sys.argv[1:5]
acked, refused, bad, lock = [], [], [], threading.Lock()
def post(i):
    body = json.dumps({"channel": "forum", "content": "只读磁盘%d" % i, "area": "work",
                       "target_unit": "K1"}).encode()
    req = urllib.request.Request(base + "/api/v1/opinions", data=body, method="POST",
          headers={"Authorization": "Bearer " + tok, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            with lock: acked.append(json.loads(r.read())["id"])
    except urllib.error.HTTPError as e:
        doc = json.loads(e.read())
        with lock:
            (refused if e.code == 503 and doc["error"]["code"] == "unavailable" else bad).append(
                "%d %s" % (e.code, doc))
def worker(n):
    for i in range(n * 1000, n * 1000 + 400):
        with lock:
            if len(refused) + len(bad) >= 40: return
            if len(acked) >= 60 and not fired: fire()
        post(i)
fired = False
def fire():
    global fired
    fired = True
    open(trigger, "w").write("taizhang read-only test")
ts = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
[t.start() for t in ts]; [t.join() for t in ts]
open(out, "w").write("\n".join(map(str, acked)))
if bad or len(refused) < 20 or len(acked) < 60:
    open(out + ".err", "w").write("acked %d, refused %d, other %s" % (len(acked), len(refused),
                                                                     bad[:3]))
    sys.exit(1)
PY
! touch "$mnt/probe" 2>/dev/null || fail "the file system did not go read-only"

say "reads answer; the public opinion form, refused, says so and keeps the text"
code=$(api_get /api/v1/units/K1 "$TOKEN")
[ "$code" = 200 ] || fail "a read on a read-only file system answered $code"
code=$(api_get "/api/v1/opinions?unit=K1" "$TOKEN")
[ "$code" = 200 ] || fail "the opinion list on a read-only file system answered $code"
csrf=$(curl -sS -c "$TMP/jar" -b "$TMP/jar" "$BASE/opinion/new" |
    grep -o 'name="csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"$//')
[ -n "$csrf" ] || fail "the opinion form has no csrf field"
code=$(http_code -c "$TMP/jar" -b "$TMP/jar" --data-urlencode "csrf=$csrf" \
    --data-urlencode "content=只读时提交的意见" --data-urlencode area=work \
    --data-urlencode target_unit=K1 "$BASE/opinion/new")
[ "$code" = 503 ] || fail "the opinion form on a read-only file system answered $code"
grep -q '只读' "$TMP/body" || fail "the page does not say the disk is read-only: $(head -c 300 "$TMP/body")"
grep -q '只读时提交的意见' "$TMP/body" || fail "the refused form lost what was typed"

say "after the stop, e2fsck and a fresh mount: every acknowledged write, sound, writable"
stop_server
umount "$mnt" || fail "cannot unmount the read-only file system"
rc=0
e2fsck -fy "$img" >"$TMP/fsck.log" 2>&1 || rc=$?
[ $rc -le 1 ] || fail "e2fsck: $(tail -3 "$TMP/fsck.log")"
mount -o loop "$img" "$mnt" || fail "cannot mount the repaired file system"
[ "$(sqlite3 "$DB" 'PRAGMA integrity_check')" = ok ] || fail "integrity_check after the read-only disk"
missing=$(sqlite3 "$DB" 'SELECT id FROM opinion' | sort -n | comm -13 - <(sort -n "$TMP/acked"))
[ -z "$missing" ] || fail "acknowledged opinions missing: $missing"
tz audit verify --db "$DB" >/dev/null || fail "the audit chain after the read-only disk"
start_server "$DB"
code=$(http_code -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    --data-binary '{"channel":"forum","content":"修复后","area":"work","target_unit":"K1"}' \
    "$BASE/api/v1/opinions")
[ "$code" = 201 ] || fail "a write after the repair answered $code: $(cat "$TMP/body")"
say "ok: $(grep -c . "$TMP/acked") writes acknowledged before and during, none lost"
