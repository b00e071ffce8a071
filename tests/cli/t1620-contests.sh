#!/bin/bash
# Essay contests in the demo and on the command line: the speech's contest (quotas 5/10/20,
# every essay scored by every reviewer, awarded, 7 published and 2 instructed) and its counts;
# contests import: essays from CSV, all or nothing, each bad line as FILE:LINE: field: reason.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

DB=$TMP/demo.db
q() { sqlite3 "$DB" "$1"; }

say "the demo holds the speech's contest, scored and awarded"
expect_exit 0 tz demo --db "$DB" --scale small --seed 5
[ "$(q "select q_first || '/' || q_second || '/' || q_third from contest where id = 1")" = 5/10/20 ] \
    || fail "quotas: $(q 'select * from contest')"
[ "$(q "select count(*) from essay where contest_id = 1")" -ge 40 ] || fail "too few essays"
[ "$(q "select count(*) from contest_reviewer where contest_id = 1")" -ge 2 ] || fail "too few reviewers"
[ "$(q "select count(*) from essay e join contest_reviewer r on r.contest_id = e.contest_id
        where not exists (select 1 from essay_score s where s.essay_id = e.id and
        s.account_id = r.account_id)")" = 0 ] || fail "an essay lacks a reviewer's score"
[ "$(q "select group_concat(n, '/') from (select count(*) n from essay where contest_id = 1 and
        tier <> '' group by tier order by case tier when 'first' then 1 when 'second' then 2
        else 3 end)")" = 5/10/20 ] || fail "awards: $(q 'select tier, count(*) from essay group by tier')"
[ "$(q "select count(*) from essay where tied = 1 and tier = ''")" = 0 ] || fail "a tie left undecided"
[ "$(q "select count(*) from essay where published <> ''")" = 7 ] || fail "published"
[ "$(q "select count(*) from essay where instructed <> ''")" = 2 ] || fail "instructed"
stat() { q "select n from registry_tally t join unit u on u.id = t.unit_id where u.code = 'P' and
            t.day = '*' and t.key = '$1'"; }
[ "$(stat essays.published)" = 7 ] && [ "$(stat essays.instructed)" = 2 ] &&
    [ "$(stat essays.first)" = 5 ] && [ "$(stat essays.third)" = 20 ] || fail "roll-up counts"
[ "$(stat essays.submitted)" = "$(q 'select count(*) from essay')" ] || fail "essays.submitted"
expect_exit 0 tz audit verify --db "$DB"
[ "$(q "select count(*) from audit where action = 'contest.award'")" = 1 ] || fail "no award record"

say "contests --help and contests import --help print a usage"
expect_exit 0 tz contests --help
grep -qi usage "$TMP/out" || fail "'contests --help' prints no usage"
expect_exit 0 tz contests import --help
out_has "contest,unit,title,author,text"
expect_exit 2 tz contests import --db "$DB"
expect_exit 2 tz contests frobnicate --db "$DB"

k=$(q "select u.code from unit u where u.depth = 2 and exists (select 1 from person p where
       p.unit_id = u.id) order by u.id limit 1")
p=$(q "select p.id from person p join unit u on u.id = p.unit_id where u.code = '$k' limit 1")
n0=$(q "select count(*) from essay")

say "an awarded contest takes no more essays; nothing is imported"
printf 'contest,unit,title,author,text\n1,%s,迟交的征文,%s,正文\n' "$k" "$p" >"$TMP/late.csv"
expect_exit 1 tz contests import --db "$DB" "$TMP/late.csv"
err_has "late.csv:2: contest"
[ "$(q 'select count(*) from essay')" = "$n0" ] || fail "an essay was added"

say "essays into an open contest, all or nothing"
q "insert into contest(unit_id, title, starts, ends, q_first, q_second, q_third)
   select id, '开放征文', '2026-01-01', '2026-12-31', 1, 1, 1 from unit where code = 'P'"
c=$(q "select max(id) from contest")
printf 'contest,unit,title,author,text\n%s,%s,好文章,%s,正文\n%s,P,本级不能报送,%s,正文\n%s,%s,,%s,正文\n' \
    "$c" "$k" "$p" "$c" "$p" "$c" "$k" "$p" >"$TMP/bad.csv"
expect_exit 1 tz contests import --db "$DB" "$TMP/bad.csv"
err_has "bad.csv:3: unit"
err_has "bad.csv:4: title"
[ "$(q 'select count(*) from essay')" = "$n0" ] || fail "a bad file added essays"
printf 'contest,unit,title,author,text\n%s,%s,好文章,%s,"正文,有逗号"\n%s,%s,第二篇,%s,正文\n' \
    "$c" "$k" "$p" "$c" "$k" "$p" >"$TMP/good.csv"
expect_exit 0 tz contests import --db "$DB" "$TMP/good.csv"
out_has "imported 2 essays"
[ "$(q "select count(*) from essay where contest_id = $c")" = 2 ] || fail "essays not imported"
[ "$(stat essays.submitted)" = "$(q 'select count(*) from essay')" ] || fail "essays.submitted after import"
expect_exit 0 tz audit verify --db "$DB"
# the essays' import is a bulk import: its roll-ups agree with a recount
expect_exit 0 tz stats verify --db "$DB"
