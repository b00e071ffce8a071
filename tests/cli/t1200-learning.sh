#!/bin/bash
# taizhang question import|list, exam list|stats and training stats: a question bank imported
# from the plain-text format and from CSV, all or nothing with errors as FILE:LINE: field:,
# usage errors (exit 2) and --help for every verb.
. "$(dirname "$0")/lib.sh"

DB=$(new_db t.db)
tz unit add --db "$DB" --code P --name 省委组织部 >/dev/null
tz unit add --db "$DB" --code C1 --name 市委组织部 --parent P >/dev/null

say "--help for every learning verb"
for v in "question import" "question list" "exam list" "exam stats" "training stats"; do
    # shellcheck disable=SC2086  # the verb is two words on purpose
    expect_exit 0 tz $v --help
    out_has "usage: taizhang $v"
done

say "a plain-text bank imports"
cat >"$TMP/bank.txt" <<'TXT'
[党的组织工作]
1. 党的组织制度的基本原则是
A. 民主集中制
B. 集体领导
ANSWER: A
解析: 党章总纲。

2. 下列属于“三会一课”的有
*A. 支部党员大会
*B. 党小组会
C. 座谈会

3. 党员可以同时在两个支部过组织生活。
答案: 错
TXT
expect_exit 0 tz question import --db "$DB" --unit P "$TMP/bank.txt"
out_has "imported 3 questions"
expect_exit 0 tz question list --db "$DB" --unit P
out_has "multiple"
out_has "truefalse"
expect_exit 0 tz question list --db "$DB" --unit P --categories
out_has "党的组织工作"

say "a bad file imports nothing and names every bad line"
cat >"$TMP/bad.txt" <<'TXT'
[甲]
1. 只有一个选项
A. 一
C. 三
ANSWER: A

2. 没有答案
A. 一
B. 二
TXT
before=$(sqlite3 "$DB" 'SELECT count(*) FROM question')
expect_exit 1 tz question import --db "$DB" --unit P "$TMP/bad.txt"
err_has "$TMP/bad.txt:4: options:"
err_has "$TMP/bad.txt:7: answer: is required"
[ "$(sqlite3 "$DB" 'SELECT count(*) FROM question')" = "$before" ] || fail "a bad file changed the bank"

say "CSV by extension, and a bad CSV line"
printf 'kind,category,difficulty,text,options,answer,explanation\nsingle,党章,1,题,甲|乙,B,\n' >"$TMP/q.csv"
expect_exit 0 tz question import --db "$DB" --unit C1 "$TMP/q.csv"
out_has "imported 1 questions"
printf 'kind,category,difficulty,text,options,answer,explanation\nsingle,党章,7,题,甲|乙,B,\n' >"$TMP/bad.csv"
expect_exit 1 tz question import --db "$DB" --unit C1 "$TMP/bad.csv"
err_has "$TMP/bad.csv:2: difficulty:"

say "usage errors exit 2; an unknown unit exits 1"
expect_exit 2 tz question import --db "$DB" "$TMP/q.csv"
expect_exit 2 tz question import --db "$DB" --unit P --format xml "$TMP/q.csv"
expect_exit 2 tz exam stats --db "$DB" --unit P
expect_exit 1 tz question import --db "$DB" --unit NOPE "$TMP/q.csv"
expect_exit 0 tz exam list --db "$DB"
out_empty
expect_exit 0 tz training stats --db "$DB" --unit P --from 2026-01-01 --to 2026-12-31
out_has "P	0	0	0"
expect_exit 1 tz training stats --db "$DB" --unit P --from 2026-13-01
echo "ok"
