#!/bin/bash
# taizhang research import and taizhang discipline import: all or nothing with errors as
# FILE:LINE: field: reason, the roll-up counts kept as the records say, every create audited; and
# the demo's research reports (some adopted) and handful of discipline cases.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

DB=$(new_db t.db)
# tally CODE KEY: the all-days count of KEY over the subtree of unit CODE
tally() {
    sqlite3 "$DB" "SELECT coalesce(sum(n), 0) FROM registry_tally t JOIN unit u ON u.id = t.unit_id
                   WHERE u.code = '$1' AND t.key = '$2' AND t.day = '*'"
}

say "a tree P > C1 > K1, K2 with two people"
expect_exit 0 tz unit add --db "$DB" --code P --name 测试省委组织部 --kind province
expect_exit 0 tz unit add --db "$DB" --code C1 --name 一市委组织部 --parent P --kind city
expect_exit 0 tz unit add --db "$DB" --code K1 --name 甲县委组织部 --parent C1 --kind county
expect_exit 0 tz unit add --db "$DB" --code K2 --name 乙县委组织部 --parent C1 --kind county
echo 'S3cret-pass-1' >"$TMP/pw"
expect_exit 0 tz user add --db "$DB" --login k1 --name 张三 --unit K1 --role staff --password-file "$TMP/pw"
expect_exit 0 tz user add --db "$DB" --login k2 --name 李四 --unit K2 --role staff --password-file "$TMP/pw"
p1=$(sqlite3 "$DB" "SELECT id FROM person WHERE name = '张三'")
p2=$(sqlite3 "$DB" "SELECT id FROM person WHERE name = '李四'")
[ -n "$p1" ] && [ -n "$p2" ] || fail "no person ids"

say "--help and usage errors"
for verb in research discipline; do
    expect_exit 0 tz $verb --help
    out_has import
    expect_exit 0 tz $verb import --help
    grep -qi usage "$TMP/out" || fail "'$verb import --help' prints no usage"
    expect_exit 2 tz $verb import --db "$DB"
    expect_exit 1 tz $verb import --db "$DB" "$TMP/none.csv"
    expect_exit 2 tz $verb frobnicate --db "$DB"
done
expect_exit 0 tz research import --help
out_has "unit,title,authors,day,text,adopted_by"
expect_exit 0 tz discipline import --help
out_has "unit,person,category,handling,day,summary"

say "research: a bad file imports nothing and names every bad line"
cat >"$TMP/bad.csv" <<CSV
unit,title,authors,day,text,adopted_by
K1,关于村干部报酬待遇的调研,$p1,2026-07-01,正文,
K1,,$p1,2026-07-01,正文,
K2,乙县调研,$p2,2026-02-30,正文,
K1,作者错,x,2026-07-01,正文,
CSV
expect_exit 1 tz research import --db "$DB" "$TMP/bad.csv"
err_has "$TMP/bad.csv:3: title"
err_has "$TMP/bad.csv:4: day"
err_has "$TMP/bad.csv:5: authors"
err_has "nothing imported"
[ "$(sqlite3 "$DB" 'SELECT count(*) FROM research')" = 0 ] || fail "a bad file left reports"
[ "$(tally P research.written)" = 0 ] || fail "a bad file left counts"

say "research: a good file, one report adopted"
cat >"$TMP/good.csv" <<CSV
unit,title,authors,day,text,adopted_by
K1,关于村干部报酬待遇的调研,$p1,2026-07-01,"一、基本情况
二、对策建议",市委组织部部务会
K2,关于年轻干部培养的调研,$p2;$p1,2026-08-01,正文,
CSV
expect_exit 0 tz research import --db "$DB" "$TMP/good.csv"
out_has "imported 2 research reports"
[ "$(tally C1 research.written)" = 2 ] || fail "research.written under C1: $(tally C1 research.written)"
[ "$(tally C1 research.adopted)" = 1 ] || fail "research.adopted under C1"
[ "$(tally K2 research.adopted)" = 0 ] || fail "research.adopted under K2"
[ "$(sqlite3 "$DB" 'SELECT count(*) FROM research_author')" = 3 ] || fail "authors"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action = 'research.create'")" = 2 ] || fail "creates not audited"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action = 'research.adopt'")" = 1 ] || fail "adoption not audited"

say "discipline: a bad file imports nothing; a good one counts cases and persons"
cat >"$TMP/dbad.csv" <<CSV
unit,person,category,handling,day,summary
K1,$p1,selection,admonition,2026-08-01,违规操作
K1,$p1,astrology,admonition,2026-08-01,违规操作
K1,$p1,work,exile,2026-08-01,违规操作
K1,,work,education,2026-08-01,违规操作
CSV
expect_exit 1 tz discipline import --db "$DB" "$TMP/dbad.csv"
err_has "$TMP/dbad.csv:3: category"
err_has "$TMP/dbad.csv:4: handling"
err_has "$TMP/dbad.csv:5: person"
[ "$(sqlite3 "$DB" 'SELECT count(*) FROM discipline')" = 0 ] || fail "a bad file left cases"
cat >"$TMP/dgood.csv" <<CSV
unit,person,category,handling,day,summary
K1,$p1,selection,admonition,2026-08-01,违规操作
K1,$p1,integrity,party,2026-09-01,违规收受礼金
K2,$p2,work,education,2026-05-01,工作推诿
CSV
expect_exit 0 tz discipline import --db "$DB" "$TMP/dgood.csv"
out_has "imported 3 discipline cases"
[ "$(tally C1 discipline.cases)" = 3 ] || fail "discipline.cases under C1"
[ "$(tally C1 discipline.persons)" = 2 ] || fail "discipline.persons under C1: $(tally C1 discipline.persons)"
[ "$(tally K1 discipline.persons)" = 1 ] || fail "discipline.persons under K1"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action = 'discipline.create' AND after LIKE '%违规%'")" = 0 ] \
    || fail "a case's summary in the audit chain"
expect_exit 0 tz audit verify --db "$DB"
# both imports are bulk imports: their roll-ups, summed in memory, agree with a recount
expect_exit 0 tz stats verify --db "$DB"

say "a unit move rebuilds the counts from the records"
expect_exit 0 tz unit add --db "$DB" --code C2 --name 二市委组织部 --parent P --kind city
expect_exit 0 tz unit move --db "$DB" --code K2 --parent C2
[ "$(tally C1 research.written)" = 1 ] || fail "research.written under C1 after the move"
[ "$(tally C2 research.written)" = 1 ] || fail "research.written under C2 after the move"
[ "$(tally C2 discipline.persons)" = 1 ] || fail "discipline.persons under C2 after the move"
[ "$(tally P discipline.cases)" = 3 ] || fail "discipline.cases under P after the move"

say "the demo holds research reports, some adopted, and a handful of discipline cases"
DEMO=$TMP/demo.db
expect_exit 0 tz demo --db "$DEMO" --scale small --seed 5
n=$(sqlite3 "$DEMO" 'SELECT count(*) FROM research')
a=$(sqlite3 "$DEMO" 'SELECT count(*) FROM research WHERE adopted_by IS NOT NULL')
d=$(sqlite3 "$DEMO" 'SELECT count(*) FROM discipline')
[ "$n" -ge 20 ] && [ "$a" -ge 1 ] && [ "$a" -lt "$n" ] || fail "demo research: $n reports, $a adopted"
[ "$d" -ge 3 ] && [ "$d" -le 20 ] || fail "demo discipline cases: $d"
[ "$(sqlite3 "$DEMO" "SELECT n FROM registry_tally t JOIN unit u ON u.id = t.unit_id WHERE u.code = 'P'
     AND t.key = 'research.written' AND t.day = '*'")" = "$n" ] || fail "demo research.written"
[ "$(sqlite3 "$DEMO" "SELECT n FROM registry_tally t JOIN unit u ON u.id = t.unit_id WHERE u.code = 'P'
     AND t.key = 'discipline.cases' AND t.day = '*'")" = "$d" ] || fail "demo discipline.cases"
expect_exit 0 tz audit verify --db "$DEMO"
say "ok"
