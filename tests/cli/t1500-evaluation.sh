#!/bin/bash
# Democratic evaluation in the demo: one closed session with ballots, one open; every ballot is
# matched by exactly one voter or paper code marked voted, and none of the audit records of the
# sessions carries a grade.
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
