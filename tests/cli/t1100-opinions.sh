#!/bin/bash
# taizhang opinion campaign|import|stats: opinions imported all or nothing with errors as
# FILE:LINE: field: reason, the roll-up counts per unit, and the public pages of a running server
# (submit without an account, the tracking code shown once, tracking by code).
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

DB=$(new_db t.db)
# stat_of CODE COLUMN: one column of the stats line of CODE
stat_of() {
    tz opinion stats --db "$DB" --unit P | awk -F'\t' -v c="$1" -v k="$2" '$1 == c { print $k }'
}
n_opinions() { sqlite3 "$DB" 'SELECT count(*) FROM opinion'; }
n_audit() { sqlite3 "$DB" 'SELECT count(*) FROM audit'; }

say "a tree P > C1 > K1, K2"
expect_exit 0 tz unit add --db "$DB" --code P --name 测试省委组织部 --kind province
expect_exit 0 tz unit add --db "$DB" --code C1 --name 一市委组织部 --parent P --kind city
expect_exit 0 tz unit add --db "$DB" --code K1 --name 甲县委组织部 --parent C1 --kind county
expect_exit 0 tz unit add --db "$DB" --code K2 --name 乙县委组织部 --parent C1 --kind county

say "opinion --help and usage errors"
expect_exit 0 tz opinion --help
out_has import
expect_exit 0 tz opinion import --help
out_has "channel,content,area,target_unit,contact"
expect_exit 2 tz opinion import --db "$DB"
expect_exit 2 tz opinion import --db "$DB" --campaign x "$TMP/none.csv"
expect_exit 1 tz opinion import --db "$DB" "$TMP/none.csv"
expect_exit 2 tz opinion stats --db "$DB"

say "a campaign"
expect_exit 0 tz opinion campaign --db "$DB" --unit K1 --title 征求意见活动 --from 2026-03-01 --to 2026-03-31
campaign=$(cat "$TMP/out")
[ "$campaign" -ge 1 ] || fail "no campaign number: $campaign"
expect_exit 1 tz opinion campaign --db "$DB" --unit K1 --title 倒序 --from 2026-03-31 --to 2026-03-01
err_has "ends"

say "import of a good file"
cat >"$TMP/good.csv" <<'CSV'
channel,content,area,target_unit,contact
forum,"座谈会反映:考核标准不公开,结果不反馈",work,K1,
visit,走访中反映窗口办事拖拉,style,K1,13800000000
letter,征求意见函回复:学习流于形式,thinking,K2,
hotline,专线电话反映干部作风问题,,C1,
CSV
expect_exit 0 tz opinion import --db "$DB" --campaign "$campaign" "$TMP/good.csv"
out_has "imported 4 opinions"
[ "$(n_opinions)" = 4 ] || fail "$(n_opinions) opinions stored, expected 4"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM opinion WHERE campaign_id = $campaign")" = 4 ] ||
    fail "the opinions are not in the campaign"
[ "$(stat_of P 6)" = 4 ] || fail "P collected $(stat_of P 6), expected 4"
[ "$(stat_of C1 6)" = 4 ] || fail "C1 collected $(stat_of C1 6), expected 4"
tz opinion stats --db "$DB" --unit C1 >"$TMP/c1"
awk -F'\t' '$1 == "K1" { exit !($6 == 2) }' "$TMP/c1" || fail "K1 is not counted with 2: $(cat "$TMP/c1")"
awk -F'\t' '$1 == "K2" { exit !($6 == 1) }' "$TMP/c1" || fail "K2 is not counted with 1: $(cat "$TMP/c1")"

say "import of a bad file: every bad line reported, nothing kept"
cat >"$TMP/bad.csv" <<'CSV'
channel,content,area,target_unit,contact
forum,好的一行,work,K1,
pigeon,未知渠道,work,K1,
forum,未知类别,mood,K1,
forum,,work,K1,
forum,未知单位,work,NOPE,
forum,"未闭合的引号,work,K1,
CSV
before=$(n_audit)
expect_exit 1 tz opinion import --db "$DB" "$TMP/bad.csv"
err_has "bad.csv:3: channel:"
err_has "bad.csv:4: area:"
err_has "bad.csv:5: content:"
err_has "bad.csv:6: target_unit:"
err_has "bad.csv:7: line:"
err_has "nothing imported"
[ "$(n_opinions)" = 4 ] || fail "a failed import kept rows: $(n_opinions)"
[ "$(n_audit)" = "$before" ] || fail "a failed import wrote audit records"
printf 'content,channel\nx,forum\n' >"$TMP/header.csv"
expect_exit 1 tz opinion import --db "$DB" "$TMP/header.csv"
err_has "header.csv:1: header:"
expect_exit 1 tz opinion import --db "$DB" --campaign 999 "$TMP/good.csv"
err_has "campaign"

say "the unit move keeps the roll-up right"
expect_exit 0 tz unit add --db "$DB" --code C2 --name 二市委组织部 --parent P --kind city
expect_exit 0 tz unit move --db "$DB" --code K2 --parent C2
[ "$(stat_of C2 6)" = 1 ] || fail "C2 collected $(stat_of C2 6) after the move, expected 1"
[ "$(stat_of C1 6)" = 3 ] || fail "C1 collected $(stat_of C1 6) after the move, expected 3"

say "the public pages: submit without an account, the code once, tracking by it"
expect_exit 0 tz audit verify --db "$DB"
start_server "$DB"
jar=$TMP/jar
curl -sS -c "$jar" -b "$jar" "$BASE/opinion/new" >"$TMP/form.html"
grep -q 'name="website"' "$TMP/form.html" || fail "the public form has no honeypot field"
csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$TMP/form.html" | head -1)
[ -n "$csrf" ] || fail "the public form has no CSRF token"
curl -sS -c "$jar" -b "$jar" --data-urlencode "csrf=$csrf" --data-urlencode "content=网上反映会议太多" \
    --data-urlencode "target_unit=K1" --data-urlencode "area=style" "$BASE/opinion/new" >"$TMP/done.html"
code=$(sed -n 's/.*<strong>\([0-9A-Z]\{16\}\)<\/strong>.*/\1/p' "$TMP/done.html")
[ -n "$code" ] || fail "no tracking code shown: $(head -c 400 "$TMP/done.html")"
curl -sS "$BASE/track?code=$code" | grep -q 网上反映会议太多 || fail "tracking by code does not show the opinion"
status=$(curl -sS -o /dev/null -w '%{http_code}' -b "$jar" --data-urlencode "csrf=wrong" \
    --data-urlencode "content=x" --data-urlencode "target_unit=K1" "$BASE/opinion/new")
[ "$status" = 403 ] || fail "a form without its CSRF token answered $status"
[ "$(n_opinions)" = 5 ] || fail "$(n_opinions) opinions after the public form, expected 5"

say "the demo: the speech's figure at one county, measures mostly implemented"
expect_exit 0 tz demo --db "$TMP/demo.db"
out_has "opinions consolidated into"
tz opinion stats --db "$TMP/demo.db" --unit C01 >"$TMP/demo"
awk -F'\t' '$1 == "C01-K01" { exit !($6 == 252 && $7 == 155) }' "$TMP/demo" ||
    fail "C01-K01 does not hold 252 opinions consolidated into 155: $(cat "$TMP/demo")"
tz opinion stats --db "$TMP/demo.db" --unit P | awk -F'\t' 'NR == 1 { exit !($9 > 0 && $10 * 100 / $9 >= 80) }' ||
    fail "the demo's measures are not mostly implemented"
expect_exit 0 tz audit verify --db "$TMP/demo.db"
