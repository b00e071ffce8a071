#!/bin/bash
# taizhang user import: people with accounts in bulk from a GB18030 CSV with Chinese headers and
# values, logins made from the names' pinyin, all or nothing with the bad row's line named,
# generated passwords handed out once (a workbook and A4 slips, owner-readable only), and the
# first sign-in forced through a change of password before any other page or API call.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

DB=$(new_db t.db)
tz unit add --db "$DB" --code P --name 测试省委组织部 --kind province >/dev/null
tz unit add --db "$DB" --code K1 --name 甲县委组织部 --parent P --kind county >/dev/null
accounts() { sqlite3 "$DB" "select count(*) from account"; }
gb() { python3 -c 'import sys; sys.stdout.buffer.write(sys.stdin.read().encode("gb18030"))'; }

say "a refused row names its line and column, and nothing of the file is imported"
gb >"$TMP/bad.csv" <<'CSV'
登录名,姓名,单位,职务,手机,邮箱,角色
,王一,K1,科员,13800000001,wy@example.org,工作人员
,丁二,K1,科员,not-a-phone,,staff
CSV
expect_exit 1 tz user import --db "$DB" "$TMP/bad.csv"
err_has "bad.csv:3: phone:"
err_has "nothing imported"
[ "$(accounts)" = 0 ] || fail "a refused file left $(accounts) accounts"
gb >"$TMP/badrole.csv" <<'CSV'
登录名,姓名,单位,职务,手机,邮箱,角色
,王一,K1,科员,,,国王
CSV
expect_exit 1 tz user import --db "$DB" "$TMP/badrole.csv"
err_has "badrole.csv:2: role:"

say "GB18030 with Chinese headers: logins made from pinyin and made unique, roles by name"
gb >"$TMP/people.csv" <<'CSV'
登录名,姓名,单位,职务,手机,邮箱,角色
,王一,K1,科员,13800000001,wy@example.org,工作人员
,王一,K1,科员,,,
,欧阳五,K1,副科长,+86 138-0000-0005,oy@example.org,单位管理员
zhuren,马三,P,主任,,,leader
CSV
expect_exit 0 tz user import --db "$DB" "$TMP/people.csv" --passwords "$TMP/pw.xlsx" \
    --slips "$TMP/slips.html" --url "https://tz.example/login"
out_has "imported 4 people with accounts"
grep -q '[A-Za-z0-9]\{12\}' "$TMP/out" && fail "a password went to stdout beside the files"
expect_exit 0 tz user list --db "$DB"
out_has "$(printf 'wangyi\t王一\tK1\tstaff')"
out_has "$(printf 'wangyi2\t王一\tK1\tcadre')"
out_has "$(printf 'ouyangwu\t欧阳五\tK1\tunit_admin')"
out_has "$(printf 'zhuren\t马三\tP\tleader')"
[ "$(sqlite3 "$DB" "select phone || '|' || email from person where name = '欧阳五'")" = \
    "+86 138-0000-0005|oy@example.org" ] || fail "phone and e-mail not kept"
[ "$(sqlite3 "$DB" "select count(*) from account where must_change = 1")" = 4 ] ||
    fail "imported accounts are not marked to change their password"

say "the passwords come once, as a workbook and as slips only their owner can read"
[ "$(stat -c %a "$TMP/pw.xlsx")" = 600 ] || fail "the password workbook is readable by others"
[ "$(stat -c %a "$TMP/slips.html")" = 600 ] || fail "the slips are readable by others"
python3 - "$TMP/pw.xlsx" >"$TMP/pw.tsv" <<'PY' || fail "the password workbook does not read"
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
sheet = z.read("xl/worksheets/sheet1.xml").decode()
strings = []
if "xl/sharedStrings.xml" in z.namelist():
    strings = re.findall(r"<t[^>]*>([^<]*)</t>", z.read("xl/sharedStrings.xml").decode())
for row in re.findall(r"<row[^>]*>(.*?)</row>", sheet):
    cells = []
    for attrs, body in re.findall(r"<c([^>]*)>(.*?)</c>", row):
        v = re.search(r"<v>([^<]*)</v>", body)
        t = re.search(r"<t[^>]*>([^<]*)</t>", body)
        cells.append(strings[int(v.group(1))] if 't="s"' in attrs else (t or v).group(1))
    print("\t".join(cells))
PY
head -1 "$TMP/pw.tsv" | grep -q "登录名.*初始密码" || fail "the workbook's header: $(head -1 "$TMP/pw.tsv")"
PW=$(awk -F'\t' '$1 == "ouyangwu" { print $4 }' "$TMP/pw.tsv")
[ "${#PW}" = 12 ] || fail "no 12-character password for ouyangwu: $(cat "$TMP/pw.tsv")"
[ "$(cut -f4 "$TMP/pw.tsv" | tail -n +2 | sort -u | wc -l)" = 4 ] || fail "passwords repeat"
grep -q "$PW" "$TMP/slips.html" || fail "the slips lack ouyangwu's password"
[ "$(grep -o 'class="slip"' "$TMP/slips.html" | wc -l)" = 4 ] || fail "not one slip per account"
grep -q '<use href="#signin"/>' "$TMP/slips.html" || fail "the slips have no QR code"
grep -q 'https://tz.example/login' "$TMP/slips.html" || fail "the slips lack the sign-in address"

say "the first sign-in leads to the password page, and nothing else opens before the change"
start_server "$DB"
[ "$(login_code ouyangwu "$PW")" = 303 ] || fail "the generated password does not sign in"
curl -sS -o /dev/null -D "$TMP/h" -b "$TMP/jar" "$BASE/tasks"
grep -qi '^location: /account/password' "$TMP/h" || fail "a page opened before the change: $(cat "$TMP/h")"
[ "$(http_code -b "$TMP/jar" "$BASE/api/v1/units")" = 403 ] || fail "the API answered before the change"
grep -q '"must_change_password"' "$TMP/body" || fail "the API's refusal: $(cat "$TMP/body")"
[ "$(http_code -b "$TMP/jar" "$BASE/account/password")" = 200 ] || fail "the password page did not open"
grep -q "初始密码" "$TMP/body" || fail "the password page does not say why"
csrf=$(grep -o 'name="csrf" value="[^"]*"' "$TMP/body" | head -1 | cut -d'"' -f4)
code=$(http_code -b "$TMP/jar" --data-urlencode "current=$PW" --data-urlencode "password=New-pass-2026" \
    --data-urlencode "again=New-pass-2026" --data-urlencode "csrf=$csrf" "$BASE/account/password")
[ "$code" = 303 ] || fail "the change answered $code"
[ "$(http_code -b "$TMP/jar" "$BASE/tasks")" = 200 ] || fail "the ledger did not open after the change"
[ "$(sqlite3 "$DB" "select must_change from account where login = 'ouyangwu'")" = 0 ] ||
    fail "the account still must change its password"
[ "$(login_code ouyangwu "$PW")" = 401 ] || fail "the generated password still signs in"
[ "$(login_code ouyangwu New-pass-2026)" = 303 ] || fail "the new password does not sign in"

say "people list in surname stroke order, in pinyin order on request"
ROOTPW=$(tz user add --db "$DB" --login root --name 管理员 --unit P --role admin |
    sed -n 's/^password for root: //p')
TOKEN=$(tz token create --db "$DB" --login root | tail -1)
names() {
    python3 -c 'import json, sys; print(" ".join(p["name"] for p in json.load(sys.stdin)["persons"]))' <"$TMP/body"
}
[ "$(api_get "/api/v1/persons?unit=K1" "$TOKEN")" = 200 ] || fail "persons: $(cat "$TMP/body")"
[ "$(names)" = "王一 王一 欧阳五" ] || fail "not in stroke order (王 4 strokes, 欧 8): $(names)"
[ "$(api_get "/api/v1/persons?unit=K1&order=pinyin" "$TOKEN")" = 200 ] || fail "order=pinyin refused"
[ "$(names)" = "欧阳五 王一 王一" ] || fail "not in pinyin order (ouyang, wang): $(names)"
[ "$(api_get "/api/v1/persons?unit=K1&order=height" "$TOKEN")" = 400 ] || fail "a bad order was taken"
[ "$(http_code -b "$TMP/jar" "$BASE/units/K1?order=pinyin")" = 200 ] || fail "the unit page in pinyin order"
python3 - "$TMP/body" <<'PY' || fail "the unit page's roster is not in pinyin order with a way back"
import re, sys
page = open(sys.argv[1], encoding="utf-8").read()
names = [n for n in re.findall(r">(欧阳五|王一)<", page)]
assert names[:3] == ["欧阳五", "王一", "王一"], names
assert "order=stroke" in page and "按姓名拼音排序" in page
PY

say "the import page: the slips and the workbook come once, in an answer nobody caches"
[ "$(login_code root "$ROOTPW")" = 303 ] || fail "the administrator does not sign in"
[ "$(http_code -b "$TMP/jar" "$BASE/persons/import")" = 200 ] || fail "the import page"
csrf=$(grep -o 'name="csrf" value="[^"]*"' "$TMP/body" | head -1 | cut -d'"' -f4)
printf '姓名,单位,登录名,职务,手机,邮箱,角色\n' >"$TMP/wrong.csv"
code=$(curl -sS -o "$TMP/body" -w '%{http_code}' -b "$TMP/jar" -F "csrf=$csrf" \
    -F "file=@$TMP/wrong.csv;type=text/csv" "$BASE/persons/import")
[ "$code" = 400 ] || fail "a wrong header answered $code"
printf 'login,name,unit,position,phone,email,role\n,白四,K1,科员,,,\n' >"$TMP/one.csv"
code=$(curl -sS -o "$TMP/body" -D "$TMP/h" -w '%{http_code}' -b "$TMP/jar" -F "csrf=$csrf" \
    -F "file=@$TMP/one.csv;type=text/csv" "$BASE/persons/import")
[ "$code" = 200 ] || fail "the page's import answered $code: $(head -c 300 "$TMP/body")"
grep -qi '^cache-control: no-store' "$TMP/h" || fail "the passwords' page may be cached"
grep -q 'href="data:application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;base64,' "$TMP/body" ||
    fail "the page has no workbook of the passwords"
PW4=$(grep -o '<span class="pw">[^<]*' "$TMP/body" | cut -d'>' -f2)
[ "${#PW4}" = 12 ] || fail "no password on the slip: $(grep -o 'class="slip".\{0,300\}' "$TMP/body" | head -1)"
grep -q "$BASE/login" "$TMP/body" || fail "the slip does not give the sign-in address"
[ "$(login_code baisi "$PW4")" = 303 ] || fail "the slip's password does not sign in"
stop_server

say "user import --help says what it takes"
expect_exit 0 tz user import --help
out_has "登录名"
echo "ok"
