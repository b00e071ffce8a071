#!/bin/bash
# taizhang init: creates a new database, never overwrites a file, and takes its path from --db
# or the environment variable TAIZHANG_DB.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

DB=$TMP/t.db

say "init creates a database"
expect_exit 0 tz init --db "$DB"
out_has "created $DB"
[ -s "$DB" ] || fail "init did not create $DB"
[ "$(sqlite3 "$DB" 'PRAGMA integrity_check')" = ok ] || fail "the new database is not intact"
sqlite3 "$DB" "select count(*) from unit" >/dev/null || fail "the new database has no unit table"
[ "$(sqlite3 "$DB" 'select count(*) from unit')" = 0 ] || fail "the new database is not empty"

say "the new database is usable: unit add and unit list"
expect_exit 0 tz unit add --db "$DB" --code P --name 测试省委组织部 --kind province
expect_exit 0 tz unit list --db "$DB"
out_has "P	测试省委组织部"

say "init on an existing database exits 1 and leaves the file unchanged"
before=$(sum "$DB")
expect_exit 1 tz init --db "$DB"
err_has "already exists"
out_empty
[ "$(sum "$DB")" = "$before" ] || fail "init changed an existing database"
expect_exit 0 tz unit list --db "$DB"
out_has "P	测试省委组织部"

say "init on an existing file that is not a database exits 1 and leaves it unchanged"
echo "my notes" >"$TMP/notes.txt"
expect_exit 1 tz init --db "$TMP/notes.txt"
[ "$(cat "$TMP/notes.txt")" = "my notes" ] || fail "init overwrote a text file"
: >"$TMP/empty"
expect_exit 1 tz init --db "$TMP/empty"
[ ! -s "$TMP/empty" ] || fail "init wrote into an existing empty file"

say "init in a directory that does not exist exits 1"
expect_exit 1 tz init --db "$TMP/no/such/dir/t.db"
[ ! -e "$TMP/no" ] || fail "init created directories"

say "no --db and no TAIZHANG_DB exits 2"
expect_exit 2 tz init
err_has "TAIZHANG_DB"
out_empty
expect_exit 2 env TAIZHANG_DB= "$TZ_BIN" init
err_has "TAIZHANG_DB"

say "TAIZHANG_DB is honoured by init, unit add and unit list"
ENVDB=$TMP/env.db
expect_exit 0 env TAIZHANG_DB="$ENVDB" "$TZ_BIN" init
[ -s "$ENVDB" ] || fail "init did not create \$TAIZHANG_DB"
expect_exit 0 env TAIZHANG_DB="$ENVDB" "$TZ_BIN" unit add --code E --name 环境省 --kind province
expect_exit 0 env TAIZHANG_DB="$ENVDB" "$TZ_BIN" unit list
out_has "E	环境省"
expect_exit 0 tz unit list --db "$ENVDB"
out_has "E	环境省"

say "--db wins over TAIZHANG_DB"
expect_exit 0 env TAIZHANG_DB="$ENVDB" "$TZ_BIN" unit list --db "$DB"
out_has "P	测试省委组织部"
grep -q "环境省" "$TMP/out" && fail "unit list --db read \$TAIZHANG_DB instead"
expect_exit 1 env TAIZHANG_DB="$ENVDB" "$TZ_BIN" init --db "$DB"
expect_exit 0 env TAIZHANG_DB="$DB" "$TZ_BIN" init --db "$TMP/third.db"
[ -s "$TMP/third.db" ] || fail "init --db did not create the named file"

say "a command on a missing database exits 1 and creates nothing"
for cmd in "unit list" "user list" "audit verify"; do
    # shellcheck disable=SC2086
    expect_exit 1 tz $cmd --db "$TMP/missing.db"
    err_has "no database"
    out_empty
    [ ! -e "$TMP/missing.db" ] || fail "'$cmd' created the missing database"
done
expect_exit 1 tz unit list
err_has "TAIZHANG_DB"

say "a command on a file that is not a database exits 1 and leaves it unchanged"
expect_exit 1 tz unit list --db "$TMP/notes.txt"
[ "$(cat "$TMP/notes.txt")" = "my notes" ] || fail "unit list changed a text file"

echo "ok: $TZ_TEST_NAME"
