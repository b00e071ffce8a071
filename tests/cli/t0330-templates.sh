#!/bin/bash
# Import templates (GET /templates/KIND/import.xlsx): a workbook per import whose header is the Chinese
# column names, whose second row is an example, with drop-down lists for the coded columns and
# date cells for the dates; and the template, as downloaded, imports (the example row).
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

DB=$(new_db t.db)
tz unit add --db "$DB" --code P --name 测试省委组织部 --kind province >/dev/null
tz unit add --db "$DB" --code C1 --name 甲市委组织部 --parent P --kind city >/dev/null
tz unit add --db "$DB" --code K1 --name 甲县委组织部 --parent C1 --kind county >/dev/null
tz unit add --db "$DB" --code K2 --name 乙县委组织部 --parent C1 --kind county >/dev/null
echo 'S3cret-pass-1' >"$TMP/pw"
tz user add --db "$DB" --login admin --name 管理员 --unit P --role admin --password-file "$TMP/pw" >/dev/null
tz plan add --db "$DB" --unit P --year 2026 --title 要点 >/dev/null
start_server "$DB"
[ "$(login_code admin S3cret-pass-1)" = 303 ] || fail "the administrator does not sign in"

say "every import's template downloads as a workbook with its lists and dates"
for kind in units people tasks opinions rules research contests discipline commendations media meetings \
    questions roster; do
    code=$(curl -sS -o "$TMP/$kind.xlsx" -D "$TMP/h" -w '%{http_code}' -b "$TMP/jar" "$BASE/templates/$kind/import.xlsx")
    [ "$code" = 200 ] || fail "/templates/$kind/import.xlsx answered $code"
    grep -qi '^content-type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' "$TMP/h" ||
        fail "/templates/$kind is not served as a workbook"
done
python3 - "$TMP" <<'PY' || fail "a template is not as described"
import re, sys, zipfile
d = sys.argv[1]
def sheet(kind):
    z = zipfile.ZipFile("%s/%s.xlsx" % (d, kind))
    strings = re.findall(r"<t[^>]*>([^<]*)</t>", z.read("xl/sharedStrings.xml").decode())
    xml = z.read("xl/worksheets/sheet1.xml").decode()
    return z, strings, xml
z, strings, xml = sheet("tasks")
assert {"标题", "类型", "牵头单位", "完成时限"} <= set(strings), strings
lists = re.findall(r'<dataValidation type="list"[^>]*sqref="([A-Z]+)2:[A-Z]+2001"><formula1>"([^<]*)"</formula1>', xml)
assert lists == [("B", "重点工作,经常性工作")], lists  # not the unit kinds (县级) of the same prefix
z, strings, xml = sheet("opinions")
lists = dict(re.findall(r'<dataValidation type="list"[^>]*sqref="([A-Z]+)2:[A-Z]+2001"><formula1>"([^<]*)"</formula1>', xml))
assert "座谈会" in lists["A"].split(",") and "工作" in lists["C"].split(","), lists
assert "渠道" in strings, strings
z, strings, xml = sheet("people")
assert {"登录名", "姓名", "角色", "干部"} <= set(strings), strings
assert re.search(r'sqref="G2:G2001"><formula1>"[^<]*工作人员[^<]*"', xml), xml[-600:]
z, strings, xml = sheet("questions")
assert {"题型", "分类", "难度", "题干", "选项", "答案", "解析"} <= set(strings), strings
kinds = re.search(r'sqref="A2:A2001"><formula1>"([^<]*)"', xml)
assert kinds and sorted(kinds.group(1).split(",")) == sorted(["单选题", "多选题", "判断题"]), xml[-600:]
z, strings, xml = sheet("roster")
assert strings[0] == "单位" and strings[2] == "姓名", strings
PY

say "the templates as downloaded import their example rows"
expect_exit 0 tz unit import --db "$DB" "$TMP/units.xlsx"
tz unit list --db "$DB" | grep -q '^K9' || fail "the units template did not import"
expect_exit 0 tz task import --db "$DB" --plan 1 "$TMP/tasks.xlsx"
tz task list --db "$DB" --unit P --subtree | grep '建立干部选拔任用纪实制度' | grep -q 2026-12-31 ||
    fail "the tasks template did not import with its date: $(tz task list --db "$DB" --unit P --subtree)"
expect_exit 0 tz opinion import --db "$DB" "$TMP/opinions.xlsx"
expect_exit 0 tz user import --db "$DB" "$TMP/people.xlsx" --passwords "$TMP/pw.xlsx"
tz user list --db "$DB" | grep -q "^zhangsan	张三	K1	cadre" || fail "the people template did not import"
for kind in rules commendations media meetings discipline research; do
    expect_exit 0 tz "$kind" import --db "$DB" "$TMP/$kind.xlsx"
done
expect_exit 0 tz question import --db "$DB" --unit P --format csv "$TMP/questions.xlsx"
tz question list --db "$DB" --unit P | grep -q '党的最高领导机关是' || fail "the questions template did not import"

say "an unknown template is 404; the import pages link their template"
[ "$(http_code -b "$TMP/jar" "$BASE/templates/nothing/import.xlsx")" = 404 ] || fail "an unknown template"
[ "$(http_code -b "$TMP/jar" "$BASE/plans")" = 200 ] && grep -q 'href="/templates/tasks/import.xlsx"' "$TMP/body" ||
    fail "the plans page does not link the tasks template"
[ "$(http_code -b "$TMP/jar" "$BASE/persons/import")" = 200 ] && grep -q 'href="/templates/people/import.xlsx"' "$TMP/body" ||
    fail "the people import page does not link its template"
[ "$(http_code -b "$TMP/jar" "$BASE/questions")" = 200 ] && grep -q 'href="/templates/questions/import.xlsx"' "$TMP/body" ||
    fail "the question bank does not link its template"
echo "ok"
