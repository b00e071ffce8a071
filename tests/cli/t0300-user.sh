#!/bin/bash
# taizhang user add, list, passwd and disable, checked through a real server: the password comes
# from a file's first line; passwd and disable take effect on the running server.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

DB=$(new_db t.db)
tz unit add --db "$DB" --code P --name 测试省委组织部 --kind province >/dev/null
tz unit add --db "$DB" --code K1 --name 甲县委组织部 --parent P --kind county >/dev/null
persons() { sqlite3 "$DB" "select count(*) from person"; }
accounts() { sqlite3 "$DB" "select count(*) from account"; }

say "user add with --password-file takes the first line without its line end"
printf 'S3cret-pass-1\r\nsecond-line-pass\n' >"$TMP/pw1"
expect_exit 0 tz user add --db "$DB" --login k1 --name 张三 --unit K1 --role staff \
    --position 科员 --password-file "$TMP/pw1"
out_has "added k1"
grep -q "S3cret" "$TMP/out" "$TMP/err" && fail "user add printed the password from the file"

say "user list shows login, name, unit, role and state"
expect_exit 0 tz user list --db "$DB"
printf 'k1\t张三\tK1\tstaff\tactive\n' >"$TMP/want"
diff "$TMP/want" "$TMP/out" >&2 || fail "user list differs"

say "user add without a password file prints a random password"
expect_exit 0 tz user add --db "$DB" --login k2 --name 李四 --unit P --role unit_admin
PW2=$(sed -n 's/^password for k2: //p' "$TMP/out")
[ "${#PW2}" -ge 8 ] || fail "no generated password printed: $(cat "$TMP/out")"

p0=$(persons)
a0=$(accounts)
say "a bad role exits 1 naming the field, and adds nobody"
expect_exit 1 tz user add --db "$DB" --login k3 --name 王五 --unit K1 --role boss --password-file "$TMP/pw1"
grep -q "^error: role:" "$TMP/err" || fail "no role error: $(cat "$TMP/err")"

say "a duplicate login exits 1 and adds nobody, not even the person"
expect_exit 1 tz user add --db "$DB" --login k1 --name 另一个张三 --unit K1 --role staff --password-file "$TMP/pw1"
grep -q "^error: login:" "$TMP/err" || fail "no login error: $(cat "$TMP/err")"

say "a password shorter than 8 characters is refused"
printf '1234567\n' >"$TMP/short"
expect_exit 1 tz user add --db "$DB" --login k4 --name 赵六 --unit K1 --role staff --password-file "$TMP/short"
grep -q "^error: password:" "$TMP/err" || fail "no password error: $(cat "$TMP/err")"
printf '\nS3cret-pass-1\n' >"$TMP/blank-first"
expect_exit 1 tz user add --db "$DB" --login k4 --name 赵六 --unit K1 --role staff --password-file "$TMP/blank-first"
grep -q "^error: password:" "$TMP/err" || fail "an empty first line was not refused: $(cat "$TMP/err")"

say "a missing password file, an unknown unit or a bad login exits 1"
expect_exit 1 tz user add --db "$DB" --login k4 --name 赵六 --unit K1 --role staff --password-file "$TMP/none"
err_has "$TMP/none"
expect_exit 1 tz user add --db "$DB" --login k4 --name 赵六 --unit NOPE --role staff --password-file "$TMP/pw1"
grep -q "^error: unit:" "$TMP/err" || fail "no unit error: $(cat "$TMP/err")"
expect_exit 1 tz user add --db "$DB" --login "K 4" --name 赵六 --unit K1 --role staff --password-file "$TMP/pw1"
grep -q "^error: login:" "$TMP/err" || fail "no login error: $(cat "$TMP/err")"
[ "$(persons)" = "$p0" ] || fail "refused user adds left $(($(persons) - p0)) people behind"
[ "$(accounts)" = "$a0" ] || fail "refused user adds left accounts behind"

start_server "$DB"

say "the password from the file logs in over HTTP; its second line does not"
code=$(login_code k1 S3cret-pass-1)
[ "$code" = 303 ] || fail "login with the file's password answered $code, expected 303"
code=$(http_code -b "$TMP/jar" "$BASE/")
[ "$code" = 200 ] || fail "the session after login answered $code on /"
cp "$TMP/jar" "$TMP/k1-session"
code=$(login_code k1 second-line-pass)
[ "$code" = 401 ] || fail "login with the file's second line answered $code, expected 401"
code=$(login_code k2 "$PW2")
[ "$code" = 303 ] || fail "login with the generated password answered $code, expected 303"

say "user passwd changes the password and ends the sessions"
printf 'N3w-password-2\n' >"$TMP/pw2"
expect_exit 0 tz user passwd --db "$DB" --login k1 --password-file "$TMP/pw2"
out_has "password of k1 changed"
code=$(login_code k1 N3w-password-2)
[ "$code" = 303 ] || fail "login with the new password answered $code, expected 303"
code=$(login_code k1 S3cret-pass-1)
[ "$code" = 401 ] || fail "login with the old password answered $code, expected 401"
code=$(http_code -b "$TMP/k1-session" "$BASE/")
[ "$code" != 200 ] || fail "the session from before user passwd still works"

say "user passwd refuses a short password and an unknown login, and keeps the password"
expect_exit 1 tz user passwd --db "$DB" --login k1 --password-file "$TMP/short"
grep -q "^error: password:" "$TMP/err" || fail "no password error: $(cat "$TMP/err")"
expect_exit 1 tz user passwd --db "$DB" --login nobody --password-file "$TMP/pw2"
grep -q "^error: login:" "$TMP/err" || fail "no login error: $(cat "$TMP/err")"
code=$(login_code k1 N3w-password-2)
[ "$code" = 303 ] || fail "a refused passwd changed the password: login answered $code"

say "user disable makes the API token and the login fail"
TOKEN=$(tz token create --db "$DB" --login k1)
code=$(api_get /api/v1/units "$TOKEN")
[ "$code" = 200 ] || fail "the token before disable answered $code"
cp "$TMP/jar" "$TMP/k1-session"
expect_exit 0 tz user disable --db "$DB" --login k1
out_has "disabled k1"
code=$(api_get /api/v1/units "$TOKEN")
[ "$code" = 401 ] || fail "the token of a disabled account answered $code, expected 401"
code=$(http_code -b "$TMP/k1-session" "$BASE/")
[ "$code" != 200 ] || fail "the session of a disabled account still works"
code=$(login_code k1 N3w-password-2)
[ "$code" = 401 ] || fail "login of a disabled account answered $code, expected 401"
expect_exit 0 tz user list --db "$DB"
grep -q "^k1	张三	K1	staff	disabled$" "$TMP/out" || fail "user list does not show k1 disabled: $(cat "$TMP/out")"
grep -q "^k2	李四	P	unit_admin	active$" "$TMP/out" || fail "user list lost k2: $(cat "$TMP/out")"

say "user disable of an unknown login exits 1"
expect_exit 1 tz user disable --db "$DB" --login nobody

stop_server
say "the account changes left an intact audit chain"
expect_exit 0 tz audit verify --db "$DB"

echo "ok: $TZ_TEST_NAME"
