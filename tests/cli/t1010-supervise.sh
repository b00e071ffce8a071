#!/bin/bash
# taizhang supervise sweep and the server's own sweep (issue 25, item 5): a task in work whose
# deadline lies the issuing unit's escalate days behind today tells its responsible leader's
# account once per deadline, whether swept by the command, at the server's start (before it
# answers /healthz) or again after a restart; a suspended task never. A restart on the day of a
# sweep does not sweep again.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

DB=$(new_db t.db)
tz unit add --db "$DB" --code P --name 测试省委组织部 --kind province >/dev/null
tz unit add --db "$DB" --code C1 --name 甲市委组织部 --parent P --kind city >/dev/null
tz unit add --db "$DB" --code K1 --name 甲县委组织部 --parent C1 --kind county >/dev/null
echo 'S3cret-pass-1' >"$TMP/pw"
tz user add --db "$DB" --login lead --name 甲县领导 --unit K1 --role leader --password-file "$TMP/pw" >/dev/null
tz plan add --db "$DB" --unit C1 --year 2036 --title 要点 >/dev/null
LEADER=$(sqlite3 "$DB" "select person_id from account where login = 'lead'")
escalations() { sqlite3 "$DB" "select count(*) from outbox where kind = 'escalation'"; }
task() { # task TITLE DEADLINE: a task of K1 with its leader, issued on 2036-01-01
    printf 'title,kind,lead_unit,assist_units,leader,deadline,description\n%s,key,K1,,%s,%s,x\n' \
        "$1" "$LEADER" "$2" >"$TMP/task.csv"
    TAIZHANG_TODAY=2036-01-01 tz task import --db "$DB" --plan 1 "$TMP/task.csv" >/dev/null ||
        fail "task import failed"
}

say "the command sweeps once per deadline"
task 逾期任务 2036-05-01
expect_exit 0 env TAIZHANG_TODAY=2036-05-03 "$TZ_BIN" supervise sweep --db "$DB"
out_has "escalated 0 tasks"
expect_exit 0 env TAIZHANG_TODAY=2036-05-04 "$TZ_BIN" supervise sweep --db "$DB"
out_has "escalated 1 tasks"
expect_exit 0 env TAIZHANG_TODAY=2036-05-05 "$TZ_BIN" supervise sweep --db "$DB"
out_has "escalated 0 tasks"
[ "$(escalations)" = 1 ] || fail "$(escalations) escalations after three sweeps"
[ "$(sqlite3 "$DB" "select count(*) from outbox o join account a on a.id = o.account_id where o.kind = 'escalation' and a.login = 'lead'")" = 1 ] ||
    fail "the escalation is not addressed to the leader's account"

say "the server sweeps at its start, before it answers, and not again after a restart"
task 第二个逾期任务 2036-05-02
TAIZHANG_TODAY=2036-05-10 start_server "$DB"
[ "$(escalations)" = 2 ] || fail "the server answered before its sweep: $(escalations) escalations"
stop_server
TAIZHANG_TODAY=2036-05-11 start_server "$DB"
stop_server
[ "$(escalations)" = 2 ] || fail "a restart escalated again: $(escalations)"

say "a restart on the day of a sweep sweeps no more; the next day's start does"
task 第三个逾期任务 2036-05-03
TAIZHANG_TODAY=2036-05-11 start_server "$DB"
stop_server
[ "$(escalations)" = 2 ] || fail "a restart the same day swept again: $(escalations)"
TAIZHANG_TODAY=2036-05-12 start_server "$DB"
stop_server
[ "$(escalations)" = 3 ] || fail "the next day's start did not sweep: $(escalations)"

say "help and bad options"
expect_exit 0 tz supervise --help
out_has "sweep"
expect_exit 2 tz supervise sweep --nothing
echo "ok"
