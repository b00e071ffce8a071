#!/bin/bash
# taizhang audit verify: recomputes the audit log's hash chain; exit 0 when intact, 1 naming
# the first broken record on stderr.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

# make_db NAME: a database with a few audited changes (a copy of one built once, to keep the
# test fast).
make_db() {
    if [ ! -e "$TMP/base.db" ]; then
        tz init --db "$TMP/base.db" >/dev/null
        tz unit add --db "$TMP/base.db" --code P --name 测试省委组织部 --kind province >/dev/null
        tz unit add --db "$TMP/base.db" --code C1 --name 一市委组织部 --parent P --kind city >/dev/null
        tz unit add --db "$TMP/base.db" --code K1 --name 甲县委组织部 --parent C1 --kind county >/dev/null
        tz unit move --db "$TMP/base.db" --code K1 --parent P >/dev/null
        [ ! -e "$TMP/base.db-wal" ] || fail "a closed database left its WAL file"
    fi
    cp "$TMP/base.db" "$TMP/$1"
    echo "$TMP/$1"
}

say "audit verify on a new empty database exits 0"
EMPTY=$(new_db empty.db)
expect_exit 0 tz audit verify --db "$EMPTY"
out_has "0 records"

say "audit verify on a fresh database with records exits 0 and counts them"
DB=$(make_db t.db)
n=$(sqlite3 "$DB" "select count(*) from audit")
[ "$n" -ge 4 ] || fail "four changes left $n audit records"
expect_exit 0 tz audit verify --db "$DB"
out_has "intact: $n records"

say "the audit log is append-only"
if sqlite3 "$DB" "update audit set actor = 'x' where id = 2" 2>/dev/null; then
    fail "an update of the audit table was allowed"
fi
if sqlite3 "$DB" "delete from audit where id = 2" 2>/dev/null; then
    fail "a delete from the audit table was allowed"
fi
expect_exit 0 tz audit verify --db "$DB"

say "a record altered behind the triggers' back: exit 1 naming record 2"
sqlite3 "$DB" "drop trigger audit_no_update; update audit set actor='x' where id=2"
expect_exit 1 tz audit verify --db "$DB"
grep -qE "record 2([^0-9]|$)" "$TMP/err" || fail "audit verify does not name record 2: $(cat "$TMP/err")"
out_empty

say "each field of a record is covered by its hash"
for col in at actor action object before after; do
    D=$(make_db "f-$col.db")
    sqlite3 "$D" "drop trigger audit_no_update; update audit set \"$col\" = coalesce(\"$col\", '') || 'x' where id = 3"
    expect_exit 1 tz audit verify --db "$D"
    grep -qE "record 3([^0-9]|$)" "$TMP/err" || fail "a change of $col in record 3: $(cat "$TMP/err")"
done

say "a deleted record is found"
D=$(make_db del.db)
sqlite3 "$D" "drop trigger audit_no_delete; delete from audit where id = 2"
expect_exit 1 tz audit verify --db "$D"
grep -qE "record [23]([^0-9]|$)" "$TMP/err" || fail "a deleted record 2: $(cat "$TMP/err")"

say "a record rewritten with a new hash breaks the link of the next one"
D=$(make_db rehash.db)
sqlite3 "$D" "drop trigger audit_no_update; update audit set hash = randomblob(length(hash)) where id = 2"
expect_exit 1 tz audit verify --db "$D"
grep -qE "record [23]([^0-9]|$)" "$TMP/err" || fail "a rewritten hash of record 2: $(cat "$TMP/err")"

say "audit verify on a missing database exits 1"
expect_exit 1 tz audit verify --db "$TMP/missing.db"

echo "ok: $TZ_TEST_NAME"
