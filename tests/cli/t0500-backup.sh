#!/bin/bash
# taizhang backup: a consistent copy of the database, also while the server runs and writes;
# never onto an existing file.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

DB=$(new_db t.db)
tz unit add --db "$DB" --code P --name 测试省委组织部 --kind province >/dev/null
printf 'S3cret-pass-1\n' >"$TMP/pw"
tz user add --db "$DB" --login admin --name 管理员 --unit P --role admin --password-file "$TMP/pw" >/dev/null
TOKEN=$(tz token create --db "$DB" --login admin)
persons() { sqlite3 "$1" "select count(*) from person"; }

say "backup of an idle database"
expect_exit 0 tz backup --db "$DB" "$TMP/idle.db"
out_has "backed up to $TMP/idle.db"
[ "$(sqlite3 "$TMP/idle.db" 'PRAGMA integrity_check')" = ok ] || fail "the idle backup is not intact"
expect_exit 0 tz user list --db "$TMP/idle.db"
out_has "admin"

start_server "$DB"

say "backup while the server runs and POST /api/v1/persons writes in a loop"
: >"$TMP/codes"
(
    i=0
    while [ ! -e "$TMP/stop" ] && [ $i -lt 3000 ]; do
        i=$((i + 1))
        curl -sS -o /dev/null -w '%{http_code}\n' -X POST -H "Authorization: Bearer $TOKEN" \
            -H 'Content-Type: application/json' \
            --data-binary "{\"name\":\"写入$i\",\"unit\":\"P\",\"position\":\"科员\"}" \
            "$BASE/api/v1/persons" >>"$TMP/codes" 2>&1 || echo "curl-failed" >>"$TMP/codes"
    done
) &
WRITER=$!
# wait for the writes to be under way
for _ in $(seq 1 200); do
    [ "$(grep -c '^201$' "$TMP/codes" || true)" -ge 5 ] && break
    sleep 0.05
done
[ "$(grep -c '^201$' "$TMP/codes" || true)" -ge 5 ] ||
    fail "the writer made no persons: $(sort "$TMP/codes" | uniq -c | head -5)"
for k in 1 2 3; do
    expect_exit 0 tz backup --db "$DB" "$TMP/live$k.db"
    sleep 0.1
done
touch "$TMP/stop"
wait "$WRITER" || true
bad=$(grep -vc '^201$' "$TMP/codes" || true)
[ "$bad" = 0 ] || fail "$bad writes failed during the backups: $(grep -v '^201$' "$TMP/codes" | sort | uniq -c | head -5)"
final=$(persons "$DB")

for k in 1 2 3; do
    OUT=$TMP/live$k.db
    say "backup $k is intact, consistent and verifies"
    [ "$(sqlite3 "$OUT" 'PRAGMA integrity_check')" = ok ] || fail "sqlite3 calls backup $k not intact"
    expect_exit 0 tz audit verify --db "$OUT"
    n=$(persons "$OUT")
    [ "$n" -ge 6 ] || fail "backup $k holds $n people, fewer than were written before it"
    [ "$n" -le "$final" ] || fail "backup $k holds $n people, the database only $final"
    adds=$(sqlite3 "$OUT" "select count(*) from audit where action = 'person.add'")
    [ "$adds" = "$n" ] || fail "backup $k holds $n people but $adds person.add audit records"
    counted=$(sqlite3 "$OUT" "select n_persons from unit where code = 'P'")
    [ "$counted" = "$n" ] || fail "backup $k: unit P counts $counted people, holds $n"
done
[ "$(persons "$TMP/live1.db")" -le "$(persons "$TMP/live3.db")" ] || fail "a later backup holds fewer people"
[ "$(persons "$TMP/live1.db")" -lt "$final" ] || fail "the writes had stopped before the first backup"

say "the server still works after the backups"
code=$(api_get /api/v1/units "$TOKEN")
[ "$code" = 200 ] || fail "GET /api/v1/units answered $code after the backups"

say "a backup can be served"
stop_server
[ "$SERVER_RC" = 0 ] || fail "the server exited $SERVER_RC on SIGTERM"
start_server "$TMP/live3.db"
code=$(api_get /api/v1/units "$TOKEN")
[ "$code" = 200 ] || fail "the token does not work on the served backup: $code"
stop_server

say "backup onto an existing file exits 1 and leaves it unchanged"
echo "precious" >"$TMP/exists"
expect_exit 1 tz backup --db "$DB" "$TMP/exists"
err_has "already exists"
[ "$(cat "$TMP/exists")" = precious ] || fail "backup overwrote an existing file"
before=$(sum "$TMP/live1.db")
expect_exit 1 tz backup --db "$DB" "$TMP/live1.db"
[ "$(sum "$TMP/live1.db")" = "$before" ] || fail "backup overwrote an earlier backup"

say "backup into a missing directory or of a missing database exits 1 and leaves no file"
expect_exit 1 tz backup --db "$DB" "$TMP/no/such/dir/out.db"
expect_exit 1 tz backup --db "$TMP/missing.db" "$TMP/out.db"
[ ! -e "$TMP/out.db" ] || fail "a failed backup left $TMP/out.db"
[ ! -e "$TMP/missing.db" ] || fail "backup created the missing database"

say "restore makes a new database from a backup, which serves"
expect_exit 0 tz restore --db "$TMP/restored.db" "$TMP/live3.db"
out_has "restored $TMP/live3.db to $TMP/restored.db"
[ "$(persons "$TMP/restored.db")" = "$(persons "$TMP/live3.db")" ] || fail "the restored database lacks persons"
expect_exit 0 tz audit verify --db "$TMP/restored.db"
start_server "$TMP/restored.db"
code=$(api_get /api/v1/units "$TOKEN")
[ "$code" = 200 ] || fail "the token does not work on the restored database: $code"
stop_server

say "restore never overwrites, and refuses a damaged backup or another program's file"
before=$(sum "$TMP/restored.db")
expect_exit 1 tz restore --db "$TMP/restored.db" "$TMP/live1.db"
err_has "already exists"
[ "$(sum "$TMP/restored.db")" = "$before" ] || fail "restore overwrote an existing database"
cp "$TMP/live1.db" "$TMP/tampered.db"
sqlite3 "$TMP/tampered.db" "DROP TRIGGER audit_no_update; UPDATE audit SET object = object || 'x' WHERE id = (SELECT min(id) FROM audit)"
expect_exit 1 tz restore --db "$TMP/from-tampered.db" "$TMP/tampered.db"
err_has "audit"
[ ! -e "$TMP/from-tampered.db" ] || fail "a refused restore left a database behind"
sqlite3 "$TMP/other.db" "CREATE TABLE t(x); INSERT INTO t VALUES (1)"
expect_exit 1 tz restore --db "$TMP/from-other.db" "$TMP/other.db"
err_has "not a taizhang database"
expect_exit 1 tz restore --db "$TMP/from-missing.db" "$TMP/no-such-backup.db"
[ ! -e "$TMP/from-missing.db" ] || fail "a refused restore left a database behind"

echo "ok: $TZ_TEST_NAME"
