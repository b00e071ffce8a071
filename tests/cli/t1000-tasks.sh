#!/bin/bash
# taizhang plan add|list and task import|list: a plan's tasks imported all or nothing with
# errors as FILE:LINE: field:, the ledger with its lights and state filters from TAIZHANG_TODAY,
# and a unit move that the ledger and the lights follow. Self-contained: needs only TZ_BIN.
set -eu

if [ -z "${TZ_BIN:-}" ] || [ ! -x "$TZ_BIN" ]; then
    echo "FAIL: set TZ_BIN to the taizhang binary under test" >&2
    exit 1
fi
TMP=$(mktemp -d "${TMPDIR:-/tmp}/tz-t1000.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
unset TAIZHANG_DB TAIZHANG_TODAY
DB=$TMP/t.db

fail() {
    echo "FAIL: t1000-tasks: $*" >&2
    exit 1
}
say() {
    echo "- $*"
}
tz() {
    "$TZ_BIN" "$@"
}
# expect_exit CODE CMD...: runs CMD with stdout in $TMP/out and stderr in $TMP/err; fails unless
# it exits with CODE.
expect_exit() {
    local want=$1 got=0
    shift
    "$@" >"$TMP/out" 2>"$TMP/err" || got=$?
    if [ "$got" != "$want" ]; then
        echo "  stdout: $(head -c 600 "$TMP/out")" >&2
        echo "  stderr: $(head -c 600 "$TMP/err")" >&2
        fail "'$*' exited $got, expected $want"
    fi
}
out_has() {
    grep -qF -- "$1" "$TMP/out" || fail "stdout lacks '$1': $(head -c 600 "$TMP/out")"
}
err_has() {
    grep -qF -- "$1" "$TMP/err" || fail "stderr lacks '$1': $(head -c 600 "$TMP/err")"
}
# ledger [ARGS...]: task list --unit P --subtree as "title light state lead" lines, sorted
ledger() {
    tz task list --db "$DB" "$@" | awk -F'\t' '{ print $8 "\t" $3 "\t" $4 "\t" $5 }' | sort
}
# titles [ARGS...]: the titles of task list, sorted, space separated
titles() {
    tz task list --db "$DB" "$@" | cut -f8 | sort | tr '\n' ' '
}
# sorted WORDS...: the words as titles prints them
sorted() {
    printf '%s\n' "$@" | sort | tr '\n' ' '
}

say "a database with P > C1 > K1, K2 and P > C2"
expect_exit 0 tz init --db "$DB"
expect_exit 0 tz unit add --db "$DB" --code P --name 测试省委组织部 --kind province
expect_exit 0 tz unit add --db "$DB" --code C1 --name 一市委组织部 --parent P --kind city
expect_exit 0 tz unit add --db "$DB" --code K1 --name 甲县委组织部 --parent C1 --kind county
expect_exit 0 tz unit add --db "$DB" --code K2 --name 乙县委组织部 --parent C1 --kind county
expect_exit 0 tz unit add --db "$DB" --code C2 --name 二市委组织部 --parent P --kind city

say "plan add prints the plan's number"
expect_exit 0 tz plan add --db "$DB" --unit P --year 2036 --title 2036年全省组织工作要点
PLAN=$(cat "$TMP/out")
[[ $PLAN =~ ^[0-9]+$ ]] || fail "plan add printed '$PLAN', not a number"
expect_exit 0 tz plan list --db "$DB"
out_has "2036年全省组织工作要点"
expect_exit 1 tz plan add --db "$DB" --unit NOPE --year 2036 --title 无此单位
expect_exit 1 tz plan add --db "$DB" --unit P --year 2036 --title 2036年全省组织工作要点

say "task import of a good CSV (a BOM, CRLF, quoted fields, the header, kinds and dates written"
say "as offices write them) adds every row"
printf '\xEF\xBB\xBF标题,类型,牵头单位,配合单位,责任领导,完成时限,说明\r\n' >"$TMP/good.csv"
cat >>"$TMP/good.csv" <<'EOF'
省级统筹,key,P,,,2036-12-31,由省里牵头
市级落实,重点工作,C1,K1;K2,,2036/5/1,"含逗号, 的说明"
县级培训,经常性工作,K1,,,2036年6月3日,
县级考核,routine,K2,,,2036-03-31,
二市推进,key,C2,,,2036-09-30,"两行
说明"
EOF
expect_exit 0 env TAIZHANG_TODAY=2036-01-01 "$TZ_BIN" task import --db "$DB" --plan "$PLAN" "$TMP/good.csv"
out_has "imported 5 tasks"
# a bulk import: its roll-ups summed in memory agree with a recount, and the planner has fresh
# statistics of the tables it filled
expect_exit 0 tz stats verify --db "$DB"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'task'")" -gt 0 ] ||
    fail "no statistics of the tasks after the import"
[ "$(titles --unit P --subtree)" = "$(sorted 县级培训 县级考核 二市推进 市级落实 省级统筹)" ] ||
    fail "task list --unit P --subtree: $(titles --unit P --subtree)"
[ "$(tz task list --db "$DB" --unit P --subtree | wc -l)" = 5 ] || fail "not 5 rows"
[ "$(titles --unit C1 --subtree)" = "$(sorted 县级培训 县级考核 市级落实)" ] ||
    fail "task list --unit C1 --subtree: $(titles --unit C1 --subtree)"
[ "$(titles --unit P)" = "$(sorted 省级统筹)" ] || fail "task list --unit P: $(titles --unit P)"
expect_exit 0 tz plan list --db "$DB"
grep -qP "^$PLAN\t2036\tP\t2036年全省组织工作要点\t3\t2$" "$TMP/out" ||
    fail "plan list does not count 3 key and 2 routine tasks: $(cat "$TMP/out")"
before=$(ledger --unit P --subtree)

say "a CSV with a bad kind on line 3 and an unknown lead unit on line 4 imports nothing"
cat >"$TMP/bad.csv" <<'EOF'
title,kind,lead_unit,assist_units,leader,deadline,description
好的一行,key,C1,,,2036-06-30,
坏类别,urgent,C1,,,2036-06-30,
坏单位,key,NOPE,,,2036-06-30,
EOF
expect_exit 1 tz task import --db "$DB" --plan "$PLAN" "$TMP/bad.csv"
err_has "$TMP/bad.csv:3: kind:"
err_has "$TMP/bad.csv:4: lead_unit:"
grep -q "bad.csv:2:" "$TMP/err" && fail "the good line 2 is reported: $(cat "$TMP/err")"
[ "$(grep -c 'bad.csv:[0-9]*:' "$TMP/err")" = 2 ] || fail "not two errors: $(cat "$TMP/err")"
[ ! -s "$TMP/out" ] || fail "stdout is not empty: $(cat "$TMP/out")"
[ "$(ledger --unit P --subtree)" = "$before" ] || fail "the refused import changed the ledger"
[ "$(tz task list --db "$DB" --unit P --subtree | wc -l)" = 5 ] || fail "rows were added"
expect_exit 1 tz task import --db "$DB" --plan 999 "$TMP/good.csv"
expect_exit 1 tz task import --db "$DB" --plan "$PLAN" "$TMP/no-such-file.csv"
cat >"$TMP/assist.csv" <<'EOF2'
title,kind,lead_unit,assist_units,leader,deadline,description
未知协办,key,C1,K1;NOPE,,2036-06-30,
EOF2
expect_exit 1 tz task import --db "$DB" --plan "$PLAN" "$TMP/assist.csv"
err_has "$TMP/assist.csv:2: assist_units:"
printf 'title,kind\n' >"$TMP/header.csv"
expect_exit 1 tz task import --db "$DB" --plan "$PLAN" "$TMP/header.csv"
err_has "$TMP/header.csv:1: header:"
[ "$(tz task list --db "$DB" --unit P --subtree | wc -l)" = 5 ] || fail "rows were added"

say "the overdue filter and the lights follow TAIZHANG_TODAY"
overdue=$(TAIZHANG_TODAY=2036-06-01 "$TZ_BIN" task list --db "$DB" --unit P --subtree --state overdue)
[ "$(echo "$overdue" | cut -f8 | sort | tr '\n' ' ')" = "$(sorted 县级考核 市级落实)" ] ||
    fail "overdue on 2036-06-01: $overdue"
echo "$overdue" | awk -F'\t' '$3 != "red" { exit 1 }' || fail "an overdue task is not red: $overdue"
soon=$(TAIZHANG_TODAY=2036-06-01 "$TZ_BIN" task list --db "$DB" --unit P --subtree --state due_soon)
[ "$(echo "$soon" | cut -f8)" = 县级培训 ] || fail "due soon on 2036-06-01: $soon"
# due soon, but never signed for: yellow comes first
[ "$(echo "$soon" | cut -f3)" = yellow ] || fail "the unsigned due-soon task is not yellow: $soon"
say "a TAIZHANG_TODAY that is no date is refused, not taken for the real day"
expect_exit 2 env TAIZHANG_TODAY=2036-13-01 "$TZ_BIN" task list --db "$DB" --unit P --subtree
grep -q "TAIZHANG_TODAY must be a date" "$TMP/err" || fail "no reason given: $(cat "$TMP/err")"
[ ! -s "$TMP/out" ] || fail "a list printed under a bad TAIZHANG_TODAY"
green=$(TAIZHANG_TODAY=2036-01-02 "$TZ_BIN" task list --db "$DB" --unit P --subtree)
echo "$green" | awk -F'\t' '$3 != "green" { exit 1 }' || fail "not all green on 2036-01-02: $green"
[ -z "$(TAIZHANG_TODAY=2036-01-02 "$TZ_BIN" task list --db "$DB" --unit P --subtree --state overdue)" ] ||
    fail "overdue tasks on 2036-01-02"
stalled=$(TAIZHANG_TODAY=2036-03-01 "$TZ_BIN" task list --db "$DB" --unit P --subtree --state stalled | wc -l)
[ "$stalled" = 5 ] || fail "$stalled stalled tasks on 2036-03-01, want 5"
# stalled after 14 days without a report (the issuing unit's default), counted from the issue day
stalled=$(TAIZHANG_TODAY=2036-01-15 "$TZ_BIN" task list --db "$DB" --unit P --subtree --state stalled | wc -l)
[ "$stalled" = 5 ] || fail "$stalled stalled tasks on 2036-01-15, want 5"
stalled=$(TAIZHANG_TODAY=2036-01-14 "$TZ_BIN" task list --db "$DB" --unit P --subtree --state stalled | wc -l)
[ "$stalled" = 0 ] || fail "$stalled stalled tasks on 2036-01-14, want 0"
# K2 leads one of them and assists the other
[ "$(TAIZHANG_TODAY=2036-06-01 "$TZ_BIN" task list --db "$DB" --unit K2 --state overdue | cut -f8 | sort | tr '\n' ' ')" = "$(sorted 县级考核 市级落实)" ] ||
    fail "K2's overdue tasks are not listed for K2"
expect_exit 0 tz task list --db "$DB" --unit P --subtree --state accepted
[ ! -s "$TMP/out" ] || fail "accepted tasks listed: $(cat "$TMP/out")"

say "unit move: the ledger and the lights follow the unit"
before_p=$(TAIZHANG_TODAY=2036-06-01 ledger --unit P --subtree)
before_k1=$(TAIZHANG_TODAY=2036-06-01 ledger --unit K1 --subtree)
expect_exit 0 tz unit move --db "$DB" --code K1 --parent C2
[ "$(TAIZHANG_TODAY=2036-06-01 ledger --unit P --subtree)" = "$before_p" ] ||
    fail "the province's ledger changed with the move"
[ "$(TAIZHANG_TODAY=2036-06-01 ledger --unit K1 --subtree)" = "$before_k1" ] ||
    fail "K1's ledger changed with the move"
# K1 leads 县级培训 and assists 市级落实
[ "$(titles --unit C2 --subtree)" = "$(sorted 县级培训 二市推进 市级落实)" ] ||
    fail "C2's subtree after the move: $(titles --unit C2 --subtree)"
[ "$(titles --unit C1 --subtree)" = "$(sorted 县级考核 市级落实)" ] ||
    fail "C1's subtree after the move: $(titles --unit C1 --subtree)"
[ "$(TAIZHANG_TODAY=2036-06-01 "$TZ_BIN" task list --db "$DB" --unit C2 --subtree --state due_soon | cut -f3,8)" = "$(printf 'yellow\t县级培训')" ] ||
    fail "the moved unit's due-soon task is not yellow under C2"
[ -z "$(TAIZHANG_TODAY=2036-06-01 "$TZ_BIN" task list --db "$DB" --unit C1 --subtree --state due_soon)" ] ||
    fail "C1 still lists the moved unit's task as due soon"
cat >"$TMP/later.csv" <<'EOF'
title,kind,lead_unit,assist_units,leader,deadline,description
迁移后任务,routine,K1,,,2036-05-15,
EOF
expect_exit 0 env TAIZHANG_TODAY=2036-01-01 "$TZ_BIN" task import --db "$DB" --plan "$PLAN" "$TMP/later.csv"
overdue=$(TAIZHANG_TODAY=2036-06-01 "$TZ_BIN" task list --db "$DB" --unit C2 --subtree --state overdue)
[ "$(echo "$overdue" | cut -f8 | sort | tr '\n' ' ')" = "$(sorted 迁移后任务 市级落实)" ] ||
    fail "a task of the moved unit is not overdue under its new parent: $overdue"
echo "$overdue" | awk -F'\t' '$3 != "red" { exit 1 }' || fail "an overdue task is not red: $overdue"
[ "$(TAIZHANG_TODAY=2036-06-01 "$TZ_BIN" task list --db "$DB" --unit C1 --subtree --state overdue | cut -f8 | sort | tr '\n' ' ')" = "$(sorted 县级考核 市级落实)" ] ||
    fail "C1's overdue tasks changed with a task of the moved unit"
expect_exit 0 tz audit verify --db "$DB"

say "help exits 0 on stdout"
for cmd in "plan" "task" "task import" "task list" "plan add" "plan list"; do
    # shellcheck disable=SC2086  # the subcommand words split on purpose
    expect_exit 0 tz $cmd --help
    out_has "usage: taizhang $cmd"
done

say "bad usage exits 2"
expect_exit 2 tz task import --db "$DB" "$TMP/good.csv"
expect_exit 2 tz task import --db "$DB" --plan "$PLAN"
expect_exit 2 tz task import --db "$DB" --plan x "$TMP/good.csv"
expect_exit 2 tz task import --db "$DB" --plan "$PLAN" --bogus "$TMP/good.csv"
expect_exit 2 tz task list --db "$DB"
expect_exit 2 tz task list --db "$DB" --unit
expect_exit 2 tz task frob
expect_exit 2 tz task
expect_exit 2 tz plan add --db "$DB" --unit P --year 2036
expect_exit 2 tz plan add --db "$DB" --unit P --year 1999 --title 太早
expect_exit 2 tz plan frob
say "a bad state or unit is a failure naming the field, not bad usage"
expect_exit 1 tz task list --db "$DB" --unit P --state late
err_has "state"
expect_exit 1 tz task list --db "$DB" --unit NOPE
err_has "unit"
echo "t1000-tasks: all checks held"
