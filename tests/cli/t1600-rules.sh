#!/bin/bash
# Rules (制度) in the demo and on the command line: the demo's rules in three categories with
# revisions and a repeal, counted in the registries' roll-up; rules import all or nothing with
# each bad line named, and its counts equal to a recount after a large file (its speed is
# measured by bench/registries.sh, not here).
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

DB=$TMP/demo.db

say "the demo holds rules of three categories, revised and repealed ones, counted"
expect_exit 0 tz demo --db "$DB" --scale small --seed 5
[ "$(sqlite3 "$DB" "select count(distinct category) from rule")" = 3 ] || fail "categories"
[ "$(sqlite3 "$DB" "select count(*) from rule_version where action = 'revised'")" -gt 0 ] \
    || fail "no revision"
[ "$(sqlite3 "$DB" "select count(*) from rule_version where action = 'repealed'")" -gt 0 ] \
    || fail "no repeal"
recount() {
    sqlite3 "$1" "select (select n from registry_tally where unit_id = 1 and day = '*' and
                  key = 'rules.new') = (select count(*) from rule_version where action = 'new')
                  and (select n from registry_tally where unit_id = 1 and day = '*' and
                  key = 'rules.revised') = (select count(*) from rule_version where
                  action = 'revised')"
}
[ "$(recount "$DB")" = 1 ] || fail "the roll-up differs from a recount"

say "rules import --help prints a usage; a bad file imports nothing and names each bad line"
expect_exit 0 tz rules import --help
out_has "unit,title,category,doc_number,effective,public,text"
expect_exit 2 tz rules import --db "$DB"
before=$(sqlite3 "$DB" "select count(*) from rule")
printf 'unit,title,category,doc_number,effective,public,text\nC01,好制度,selection,,2026-01-01,1,正文\nC01,坏类别,astrology,,2026-01-01,1,正文\nNOPE,坏单位,other,,2026-01-01,0,正文\nC01,坏日期,other,,2026-02-30,0,正文\nC01,坏公开,other,,2026-02-01,maybe,正文\n' >"$TMP/bad.csv"
expect_exit 1 tz rules import --db "$DB" "$TMP/bad.csv"
err_has "bad.csv:3: category"
err_has "bad.csv:4: unit"
err_has "bad.csv:5: effective"
err_has "bad.csv:6: public"
[ "$(sqlite3 "$DB" "select count(*) from rule")" = "$before" ] || fail "a bad file left rules behind"

say "20,000 rules import in one go, counted as a recount says"
sqlite3 "$DB" "select code from unit where kind <> 'office'" >"$TMP/units"
awk 'BEGIN { srand(7); print "unit,title,category,doc_number,effective,public,text" }
     { u[n++] = $1 }
     END { split("selection supervision internal other", c, " ");
           for (i = 0; i < 20000; i++)
               printf "%s,制度%d,%s,组发〔2026〕%d号,2026-%02d-%02d,%d,\"第一条 为规范工作,制定本办法。\n第二条 本办法自印发之日起施行。\"\n",
                      u[int(rand() * n)], i, c[1 + i % 4], i, 1 + i % 12, 1 + i % 28, i % 2 }' \
    "$TMP/units" >"$TMP/big.csv"
expect_exit 0 tz rules import --db "$DB" "$TMP/big.csv"
out_has "imported 20000 rules"
[ "$(recount "$DB")" = 1 ] || fail "the roll-up after the import differs from a recount"
expect_exit 0 tz audit verify --db "$DB"
