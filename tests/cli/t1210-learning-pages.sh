#!/bin/bash
# The learning pages as a browser without JavaScript uses them: the question bank's add form and
# upload, an exam composed by the form, the paper saved and handed in by the plain form, the
# results page with its chart and the XLSX export, a training class with enrolment and
# attendance; every form needs its CSRF token.
. "$(dirname "$0")/lib.sh"

DB=$(new_db t.db)
tz unit add --db "$DB" --code P --name 省委组织部 >/dev/null
tz unit add --db "$DB" --code K1 --name 甲县委组织部 --parent P >/dev/null
echo 'S3cret-pass-1' >"$TMP/pw"
tz user add --db "$DB" --login admin --name 管理员 --unit P --role admin --password-file "$TMP/pw" >/dev/null
tz user add --db "$DB" --login k1 --name 张三 --unit K1 --role staff --password-file "$TMP/pw" >/dev/null
start_server "$DB"

# csrf PAGE: the CSRF token of a page's first form, with the cookie jar of the login
csrf() {
    curl -sS -c "$TMP/jar" -b "$TMP/jar" "$BASE$1" |
        grep -o 'name="csrf" value="[^"]*"' | head -1 | cut -d'"' -f4
}
# post PATH ARGS...: a form POST with the session; prints the status, the body in $TMP/body
post() {
    local path=$1
    shift
    http_code -c "$TMP/jar" -b "$TMP/jar" "$@" "$BASE$path"
}
page() {
    http_code -c "$TMP/jar" -b "$TMP/jar" "$BASE$1"
}

say "the bank: one question by the form, three by an upload; a bad upload lists its lines"
[ "$(login_code admin S3cret-pass-1)" = 303 ] || fail "admin login"
[ "$(page /questions)" = 200 ] || fail "bank page"
t=$(csrf /questions)
[ "$(post /questions -d "csrf=$t" -d kind=single -d category=组织 -d difficulty=1 \
    --data-urlencode $'options=对的\n错的' -d text=题一 -d answer=A)" = 303 ] || fail "add a question: $(head -c 300 "$TMP/body")"
[ "$(post /questions -d kind=single -d category=组织 -d text=x -d answer=A)" = 403 ] || fail "a form without csrf was taken"
printf '[组织]\n1. 题二\n*A. 甲\n*B. 乙\nC. 丙\n\n2. 判断\n答案: 对\n\n3. 题三\nA. 对的\nB. 错的\nANSWER: A\n' >"$TMP/bank.txt"
[ "$(post /questions/import -F "csrf=$t" -F format=text -F "file=@$TMP/bank.txt")" = 303 ] || fail "upload: $(head -c 300 "$TMP/body")"
printf '[组织]\n1. 坏题\nA. 一\nC. 三\nANSWER: A\n' >"$TMP/bad.txt"
code=$(post /questions/import -F "csrf=$t" -F format=text -F "file=@$TMP/bad.txt")
[ "$code" = 400 ] || fail "a bad upload answered $code"
grep -q 'bad.txt 第4行' "$TMP/body" || fail "the bad upload does not name line 4"
[ "$(sqlite3 "$DB" 'SELECT count(*) FROM question')" = 4 ] || fail "the bank does not hold 4 questions"

say "an exam composed by the form"
t=$(csrf /exams)
[ "$(post /exams -d "csrf=$t" -d title=知识测试 -d unit=P -d examinee_unit=P \
    --data-urlencode $'rules=组织,,4' -d minutes=30 -d opens=2020-01-01T00:00 \
    -d closes=2099-01-01T00:00 -d pass_score=60)" = 303 ] || fail "compose: $(head -c 300 "$TMP/body")"
exam=$(sqlite3 "$DB" 'SELECT max(id) FROM exam')

say "the paper by the plain form: start, save, hand in"
[ "$(login_code k1 S3cret-pass-1)" = 303 ] || fail "k1 login"
t=$(csrf "/exams/$exam")
[ "$(post "/exams/$exam/start" -d "csrf=$t")" = 303 ] || fail "start"
[ "$(page "/exams/$exam")" = 200 ] || fail "paper page"
grep -q 'id="paper"' "$TMP/body" || fail "no paper form"
grep -q 'src="/static/exam.js"' "$TMP/body" || fail "no autosave script"
paper_page=$(cat "$TMP/body")
[ "$(http_code -D "$TMP/head" "$BASE/static/exam.js")" = 200 ] || fail "exam.js is not served"
grep -qi '^content-type: text/javascript' "$TMP/head" || fail "exam.js is not served as JavaScript"
grep -q "X-CSRF-Token" "$TMP/body" || fail "exam.js does not send the CSRF header"
printf '%s' "$paper_page" >"$TMP/body"
# answer every question with the option reading 对的, 甲 and 乙, or 对
args=()
while read -r q v; do args+=(-d "q$q=$v"); done < <(python3 - "$TMP/body" <<'PY'
import re, sys, html
page = open(sys.argv[1], encoding="utf-8").read()
for m in re.finditer(r'<input type="(?:radio|checkbox)" name="q(\d+)" value="(\d+)"> [A-H]\. ([^<]*)</label>', page):
    if html.unescape(m.group(3)) in ("对的", "甲", "乙", "对"):
        print(m.group(1), m.group(2))
PY
)
[ "${#args[@]}" = 10 ] || fail "expected 5 choices on the paper, got ${#args[@]} arguments"
t=$(grep -o 'name="csrf" value="[^"]*"' "$TMP/body" | head -1 | cut -d'"' -f4)
[ "$(post "/exams/$exam/answers" -d "csrf=$t" "${args[@]}" -d action=save)" = 303 ] || fail "save"
[ "$(sqlite3 "$DB" 'SELECT count(*) FROM sitting_item WHERE choice IS NOT NULL')" = 4 ] || fail "the saved answers are not stored"
[ "$(post "/exams/$exam/answers" -d "csrf=$t" "${args[@]}" -d action=submit)" = 303 ] || fail "hand in"
[ "$(page "/exams/$exam")" = 200 ] || fail "the page after handing in"
grep -q '<span class="score">100.0</span>' "$TMP/body" || fail "the score is not 100: $(grep -o 'score">[^<]*' "$TMP/body")"
[ "$(post "/exams/$exam/start" -d "csrf=$t")" = 409 ] || fail "a second sitting was allowed"
[ "$(post "/exams/$exam/answers" -d "csrf=$t" "${args[@]}" -d action=save)" = 409 ] || fail "a save after handing in was taken"

say "results: chart, units, item statistics, XLSX"
[ "$(login_code admin S3cret-pass-1)" = 303 ] || fail "admin login again"
[ "$(page "/exams/$exam/results?unit=P")" = 200 ] || fail "results page"
grep -q '<svg class="chart"' "$TMP/body" || fail "no chart"
grep -q '甲县委组织部' "$TMP/body" || fail "no unit row"
grep -q 'class="warn"\|<td class="num">100.0%</td>' "$TMP/body" || fail "no item statistics"
[ "$(page "/exams/$exam/results.xlsx?unit=P")" = 200 ] || fail "export"
[ "$(head -c 2 "$TMP/body")" = PK ] || fail "the export is not an XLSX file"

say "training: a class, enrolment, attendance, statistics"
t=$(csrf /training)
[ "$(post /training -d "csrf=$t" -d title=党务培训班 -d unit=P -d starts=2026-03-02 \
    -d ends=2026-03-04 -d capacity=10 -d sessions=2 -d targets=K1)" = 303 ] || fail "class: $(head -c 300 "$TMP/body")"
class=$(sqlite3 "$DB" 'SELECT max(id) FROM training_class')
person=$(sqlite3 "$DB" "SELECT person_id FROM account WHERE login = 'k1'")
t=$(csrf "/training/$class")
[ "$(post "/training/$class/enrol" -d "csrf=$t" -d "person=$person")" = 303 ] || fail "enrol"
[ "$(post "/training/$class/enrol" -d "csrf=$t" -d "person=$person")" = 409 ] || fail "enrolled twice"
[ "$(post "/training/$class/attendance" -d "csrf=$t" -d "p${person}_2=1")" = 303 ] || fail "attendance"
[ "$(sqlite3 "$DB" 'SELECT session FROM training_attend')" = 2 ] || fail "attendance not stored"
[ "$(page "/training?unit=P&from=2026-01-01&to=2026-12-31")" = 200 ] || fail "training page"
grep -q '党务培训班' "$TMP/body" || fail "the class is not listed"
echo ok
