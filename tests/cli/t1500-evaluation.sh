#!/bin/bash
# Democratic evaluation in the demo and on the command line: one closed session with ballots, one
# open; every ballot is matched by exactly one voter or paper code marked voted, and none of the
# audit records of the sessions carries a grade; eval list|open|close|codes|results.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

DB=$TMP/demo.db

say "the demo holds a closed and an open evaluation"
expect_exit 0 tz demo --db "$DB" --scale small --seed 3
[ "$(sqlite3 "$DB" "select group_concat(state, ' ') from (select state from evaluation order by id)")" = "closed open" ] \
    || fail "evaluation states: $(sqlite3 "$DB" 'select id, state from evaluation')"

say "ballots stored = voters and codes marked voted, in each session"
n=$(sqlite3 "$DB" "select count(*) from evaluation e where (select count(*) from evaluation_ballot b
                   where b.eval_id = e.id) != (select count(*) from evaluation_voter v where
                   v.eval_id = e.id and v.voted = 1) + (select count(*) from evaluation_code c
                   where c.eval_id = e.id and c.used = 1)")
[ "$n" = 0 ] || fail "$n sessions whose ballots and voted marks differ"
[ "$(sqlite3 "$DB" "select count(*) from evaluation_ballot where eval_id = 1")" -gt 20 ] \
    || fail "the closed session has too few ballots"

say "the audit records the sessions' life and no ballot"
[ "$(sqlite3 "$DB" "select count(*) from audit where object like 'evaluation:%' and
     (after like '%excellent%' or after like '%incompetent%')")" = 0 ] || fail "a grade in the audit"
[ "$(sqlite3 "$DB" "select count(*) from audit where action = 'evaluation.close'")" = 1 ] \
    || fail "no close record"
expect_exit 0 tz audit verify --db "$DB"

say "eval --help and the --help of every sub-command print a usage"
for sub in "" list open close codes results; do
    # shellcheck disable=SC2086  # an empty sub-command is meant to vanish
    expect_exit 0 tz eval $sub --help
    grep -qi usage "$TMP/out" || fail "'eval $sub --help' prints no usage"
done
expect_exit 2 tz eval results --db "$DB"
expect_exit 2 tz eval results --db "$DB" --id x
expect_exit 2 tz eval frobnicate --db "$DB"

say "eval list shows both sessions with their turnout"
expect_exit 0 tz eval list --db "$DB"
grep -q "^1	closed	[0-9]*/66	P	" "$TMP/out" || fail "eval list: $(cat "$TMP/out")"
grep -q "^2	open	" "$TMP/out" || fail "eval list: $(cat "$TMP/out")"

say "results only after close; the closed one ranks its five officials"
expect_exit 1 tz eval results --db "$DB" --id 2
err_has "hidden until close"
expect_exit 0 tz eval results --db "$DB" --id 1
[ "$(grep -c '^[1-5]	' "$TMP/out")" = 5 ] || fail "results: $(cat "$TMP/out")"
expect_exit 0 tz eval codes --db "$DB" --id 2
[ "$(grep -c '	used$' "$TMP/out")" -gt 0 ] || fail "no used code listed"
expect_exit 0 tz eval close --db "$DB" --id 2
expect_exit 1 tz eval close --db "$DB" --id 2
expect_exit 0 tz eval results --db "$DB" --id 2
expect_exit 1 tz eval open --db "$DB" --id 99
