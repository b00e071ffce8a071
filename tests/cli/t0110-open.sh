#!/bin/bash
# Opening a database that already exists: a taizhang database opens; another program's SQLite
# database is refused (exit 1) and left byte for byte as it was, by the read commands and by
# serve alike, since pointing --db at the wrong file is an easy slip.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

say "a taizhang database opens for reading"
DB=$(new_db t.db)
expect_exit 0 tz unit list --db "$DB"

say "another program's SQLite database is refused and left unchanged"
OTHER=$TMP/other.sqlite
sqlite3 "$OTHER" "create table notes(id integer primary key, body text);
                  insert into notes(body) values ('keep me');"
before=$(sum "$OTHER")
for cmd in "unit list" "user list" "audit verify"; do
    # shellcheck disable=SC2086
    expect_exit 1 tz $cmd --db "$OTHER"
    [ "$(sum "$OTHER")" = "$before" ] ||
        fail "'taizhang $cmd' wrote into another program's database: tables now $(sqlite3 "$OTHER" .tables | tr -s ' \n' ' ')"
done
expect_exit 1 timeout 10 "$TZ_BIN" serve --db "$OTHER" --listen "127.0.0.1:$(free_port)"
[ "$(sum "$OTHER")" = "$before" ] || fail "serve wrote into another program's database"
[ "$(sqlite3 "$OTHER" 'select body from notes')" = "keep me" ] || fail "the other database lost its data"

echo "ok: $TZ_TEST_NAME"
