#!/bin/bash
# taizhang demo: a new database holding a demo province, its logins printed once; the same
# --seed gives the same tree and people.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

DB=$TMP/demo.db

say "demo --scale small creates a database with > 50 units and > 500 people"
expect_exit 0 tz demo --db "$DB" --scale small --seed 42
cp "$TMP/out" "$TMP/demo.out"
units=$(sqlite3 "$DB" "select count(*) from unit")
people=$(sqlite3 "$DB" "select count(*) from person")
[ "$units" -gt 50 ] || fail "demo made $units units"
[ "$people" -gt 500 ] || fail "demo made $people people"
out_has "created $DB: $units units, $people people"

say "demo prints the admin login and a password"
ADMIN_PW=$(awk '$1 == "admin" && $3 == "admin" { print $2 }' "$TMP/demo.out")
[ "${#ADMIN_PW}" -ge 8 ] || fail "no admin password in the demo's output: $(cat "$TMP/demo.out")"
COUNTY_PW=$(awk '$1 == "county" { print $2 }' "$TMP/demo.out")
[ "${#COUNTY_PW}" -ge 8 ] || fail "no county password in the demo's output"
expect_exit 0 tz user list --db "$DB"
grep -q "^admin	.*	P	admin	active$" "$TMP/out" || fail "user list has no active admin: $(cat "$TMP/out")"

say "the demo's audit chain verifies"
expect_exit 0 tz audit verify --db "$DB"
[ "$(sqlite3 "$DB" 'PRAGMA integrity_check')" = ok ] || fail "the demo database is not intact"

say "the demo's provincial plan: about 8 key tasks and routine ones, split to cities and counties"
expect_exit 0 tz plan list --db "$DB"
plan=$(head -1 "$TMP/out")
[ "$(echo "$plan" | cut -f5)" -ge 6 ] && [ "$(echo "$plan" | cut -f5)" -le 10 ] ||
    fail "the demo's plan has not about 8 key tasks: $plan"
[ "$(echo "$plan" | cut -f6)" -ge 1 ] || fail "the demo's plan has no routine tasks: $plan"
expect_exit 0 tz task list --db "$DB" --unit P --subtree
[ "$(awk -F'\t' '$5 ~ /^P-/ && $7 == "key"' "$TMP/out" | wc -l)" -ge 6 ] ||
    fail "the province's offices lead (承办) no key tasks"
[ "$(sqlite3 "$DB" "select max(depth) from task")" -ge 2 ] || fail "no task split down to counties"
expect_exit 0 tz task list --db "$DB" --unit C01-K01 --subtree
[ -s "$TMP/out" ] || fail "a county holds no tasks"

say "with realistic progress: several states, some overdue, a few numbered notices"
expect_exit 0 tz task list --db "$DB" --unit P --subtree
[ "$(cut -f4 "$TMP/out" | sort -u | wc -l)" -ge 4 ] || fail "the demo's tasks hardly vary in state"
expect_exit 0 tz task list --db "$DB" --unit P --subtree --state overdue
[ -s "$TMP/out" ] || fail "no task of the demo is overdue"
notices=$(sqlite3 "$DB" "select count(*) from notice where state = 'signed' and serial > 0")
[ "$notices" -ge 1 ] || fail "the demo issued no numbered notice"

say "the people counted in each unit's subtree match the people in it"
n=$(sqlite3 "$DB" "select count(*) from unit u where n_total != (select count(*) from person p
                   join unit x on x.id = p.unit_id where substr(x.path, 1, length(u.path)) = u.path)")
[ "$n" = 0 ] || fail "$n units count their subtree's people wrong"
top=$(tz unit list --db "$DB" | awk -F'\t' '$1 == "P" { print $5 }')
[ "$top" = "$people" ] || fail "unit list counts $top people under P, the database holds $people"

say "the printed admin password logs in over HTTP"
start_server "$DB"
code=$(login_code admin "$ADMIN_PW")
[ "$code" = 303 ] || fail "the admin login answered $code, expected 303"
code=$(http_code -b "$TMP/jar" "$BASE/")
[ "$code" = 200 ] || fail "the admin's session answered $code on /"
code=$(login_code county "$COUNTY_PW")
[ "$code" = 303 ] || fail "the county login answered $code, expected 303"
code=$(login_code admin "x$ADMIN_PW")
[ "$code" = 401 ] || fail "a wrong admin password answered $code"
stop_server

say "demo on an existing file exits 1 and leaves it unchanged"
before=$(sum "$DB")
expect_exit 1 tz demo --db "$DB" --seed 42
err_has "already exists"
[ -e "$DB" ] || fail "a refused demo removed the existing database"
[ "$(sum "$DB")" = "$before" ] || fail "a refused demo changed the existing database"
echo "my notes" >"$TMP/notes.txt"
expect_exit 1 tz demo --db "$TMP/notes.txt"
[ "$(cat "$TMP/notes.txt")" = "my notes" ] || fail "demo overwrote a text file"

say "the same --seed gives the same units and people names"
expect_exit 0 env TAIZHANG_DB="$TMP/again.db" "$TZ_BIN" demo --seed 42
diff <(tz unit list --db "$DB") <(tz unit list --db "$TMP/again.db") >&2 ||
    fail "the unit lists of two demos with seed 42 differ"
sqlite3 "$DB" "select name from person order by id" >"$TMP/names1"
sqlite3 "$TMP/again.db" "select name from person order by id" >"$TMP/names2"
cmp -s "$TMP/names1" "$TMP/names2" || fail "the people names of two demos with seed 42 differ"
[ "$(sqlite3 "$DB" "select count(distinct name) from person")" -gt 100 ] || fail "the demo's names hardly vary"

say "another seed gives other people"
expect_exit 0 tz demo --db "$TMP/other.db" --seed 43
sqlite3 "$TMP/other.db" "select name from person order by id" >"$TMP/names3"
cmp -s "$TMP/names1" "$TMP/names3" && fail "seeds 42 and 43 gave the same names"

say "without --scale the demo is small: the unit codes of --scale small"
diff <(tz unit list --db "$TMP/other.db" | cut -f1) <(tz unit list --db "$DB" | cut -f1) >&2 ||
    fail "a demo without --scale made other units than --scale small"

say "bad usage exits 2 and creates nothing"
expect_exit 2 tz demo --db "$TMP/bad.db" --scale huge
err_has "--scale"
err_has "speech"
expect_exit 2 tz demo --db "$TMP/bad.db" --scale ""
expect_exit 2 tz demo --db "$TMP/bad.db" --seed abc
err_has "--seed"
expect_exit 2 tz demo --db "$TMP/bad.db" --seed -1
expect_exit 2 tz demo --scale small
err_has "TAIZHANG_DB"
[ ! -e "$TMP/bad.db" ] || fail "a refused demo created a file"


say "--provinces 3 puts the demo province and two more under a national department, the admin's"
NATION=$TMP/nation.db
expect_exit 0 tz demo --db "$NATION" --scale small --provinces 3 --seed 5
cp "$TMP/out" "$TMP/nation.out"
[ "$(sqlite3 "$NATION" "select code || ' ' || kind from unit where parent_id is null")" = \
    "N department" ] || fail "the nation's root is not the national department N"
[ "$(sqlite3 "$NATION" "select group_concat(u.code, ' ') from unit u join unit r
     on r.id = u.parent_id where r.code = 'N' order by u.code")" = "P P02 P03" ] ||
    fail "the national department holds not P, P02 and P03"
[ "$(sqlite3 "$NATION" "select count(*) from unit where code like 'P03-C__-K__'")" -gt 0 ] ||
    fail "another province has no counties"
[ "$(sqlite3 "$NATION" "select name from unit where code = 'P03'")" = "第三示范省委组织部" ] ||
    fail "the third province is not named in Chinese numerals"
grep -q "^  admin  *[^ ]*  *admin  *N$" "$TMP/nation.out" || fail "the admin is not the nation's"
expect_exit 0 tz stats verify --db "$NATION"
n=$(sqlite3 "$NATION" "select count(*) from unit u where n_total != (select count(*) from person p
                   join unit x on x.id = p.unit_id where substr(x.path, 1, length(u.path)) = u.path)")
[ "$n" = 0 ] || fail "$n units of the nation count their subtree's people wrong"

say "--people, --tasks, --opinions grow the records in bulk to those numbers, roll-ups kept"
GROWN=$TMP/grown.db
expect_exit 0 tz demo --db "$GROWN" --scale small --provinces 2 --people 5000 --tasks 3000 \
    --opinions 4000
out_has "4000 opinions in all"
[ "$(sqlite3 "$GROWN" "select count(*) from task")" = 3000 ] || fail "not 3000 tasks"
[ "$(sqlite3 "$GROWN" "select count(*) from opinion")" = 4000 ] || fail "not 4000 opinions"
[ "$(sqlite3 "$GROWN" "select count(*) from person")" -ge 5000 ] || fail "fewer than 5000 people"
[ "$(sqlite3 "$GROWN" "select count(distinct lead_unit_id) from task")" -gt 50 ] ||
    fail "the grown tasks are not spread over the units"
[ "$(sqlite3 "$GROWN" "select count(*) from task t join unit u on u.id = t.lead_unit_id
     where u.code like 'P02%'")" -gt 0 ] || fail "the other province leads no task"
expect_exit 0 tz stats verify --db "$GROWN"
expect_exit 0 tz audit verify --db "$GROWN"
[ "$(sqlite3 "$GROWN" "select count(*) from sqlite_stat1 where tbl = 'opinion'")" -gt 0 ] ||
    fail "no statistics of the grown opinions"

say "a size that is no number, or no province, is refused before anything is made"
expect_exit 2 tz demo --db "$TMP/bad.db" --tasks many
err_has "--tasks must be a number"
expect_exit 2 tz demo --db "$TMP/bad.db" --provinces 0
err_has "--provinces must be a number from 1 to 99"
[ ! -e "$TMP/bad.db" ] || fail "a refused demo left a database"
expect_exit 2 tz demo --db "$TMP/bad.db" --scale county
err_has "--scale must be small, province, speech or nation"

echo "ok: $TZ_TEST_NAME"
