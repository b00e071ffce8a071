#!/bin/bash
# survey tally import: a collecting unit's paper-form tallies from a file (GB18030 CSV as Excel
# saves it, Chinese column names), a row per item, the rows of a unit and kind one tally that
# replaces the one before; all or nothing, each bad line as FILE:LINE: column: reason.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

DB=$TMP/demo.db
q() { sqlite3 "$DB" "$1"; }
expect_exit 0 tz demo --db "$DB" --scale small --seed 5
s=$(q "select id from survey where state = 'open' and scale_code = 'selection4'")
[ -n "$s" ] || fail "the demo has no open review of cadre selection"
k=$(q "select u.code from survey_collector c join unit u on u.id = c.unit_id
       where c.survey_id = $s order by u.code limit 1")
forms() { q "select forms from survey_sheets c join unit u on u.id = c.unit_id
             where c.survey_id = $s and u.code = '$k' and c.kind_code = 'cadre'"; }
count() { q "select tallied from survey_count c join unit u on u.id = c.unit_id
             where c.survey_id = $s and u.code = '$k' and c.kind_code = 'cadre'
             and c.item_code = '$1' and c.grade_code = '$2'"; }

say "survey --help and survey tally import --help print a usage"
expect_exit 0 tz survey --help
grep -qi usage "$TMP/out" || fail "'survey --help' prints no usage"
expect_exit 0 tz survey tally import --help
out_has "unit,kind,forms,item"
expect_exit 2 tz survey tally import --db "$DB" "$TMP/none.csv"
expect_exit 2 tz survey tally import --db "$DB" --survey "$s"

say "a GB18030 file with Chinese names: one tally of two items"
printf '%s\n' "单位,对象类别,份数,测评项目,满意,基本满意,不满意,不了解,跑官要官,拉票贿选" \
    "$k,干部,10,对本单位选人用人工作的总体评价,6,2,1,1,," \
    "$k,干部,10,problems,,,,,2,1" | iconv -f UTF-8 -t GB18030 >"$TMP/tally.csv"
expect_exit 0 tz survey tally import --db "$DB" --survey "$s" "$TMP/tally.csv"
out_has "imported 1 tallies"
[ "$(forms)" = 10 ] || fail "forms: $(forms)"
[ "$(count work satisfied)/$(count work unknown)/$(count problems seek)" = 6/1/2 ] ||
    fail "counts: $(q "select item_code, grade_code, tallied from survey_count where tallied > 0")"

say "a bad file: every bad line named, nothing kept"
printf '%s\n' "unit,kind,forms,item,satisfied,basic" "$k,cadre,3,work,1,1" \
    "$k,cadre,3,work,2,2" "$k,群众,3,work,1," "$k,cadre,3,work,x," >"$TMP/bad.csv"
expect_exit 1 tz survey tally import --db "$DB" --survey "$s" "$TMP/bad.csv"
err_has "bad.csv:4: kind"
err_has "bad.csv:5: satisfied"
err_has "bad.csv:3: item"
err_has "nothing imported"
[ "$(forms)/$(count work satisfied)" = 10/6 ] || fail "a bad file changed the tally"
printf '%s\n' "unit,kind,forms,item,satisfied" "$k,cadre,1,work,2" >"$TMP/over.csv"
expect_exit 1 tz survey tally import --db "$DB" --survey "$s" "$TMP/over.csv"
err_has "over.csv:2: work"

say "a closed survey takes no tallies"
closed=$(q "select id from survey where state = 'closed' limit 1")
expect_exit 1 tz survey tally import --db "$DB" --survey "$closed" "$TMP/tally.csv"
err_has "tally.csv:1: state"
expect_exit 0 tz audit verify --db "$DB"
[ "$(q "select count(*) from audit where action = 'survey.tally'")" -ge 1 ] || fail "not audited"
say "ok"
