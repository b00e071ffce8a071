#!/bin/bash
# taizhang token create: prints one API token, usable as "Authorization: Bearer TOKEN".
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

DB=$(new_db t.db)
tz unit add --db "$DB" --code P --name 测试省委组织部 --kind province >/dev/null
tz unit add --db "$DB" --code K1 --name 甲县委组织部 --parent P --kind county >/dev/null
tz unit add --db "$DB" --code K2 --name 乙县委组织部 --parent P --kind county >/dev/null
printf 'S3cret-pass-1\n' >"$TMP/pw"
tz user add --db "$DB" --login k1 --name 张三 --unit K1 --role staff --password-file "$TMP/pw" >/dev/null

say "token create prints exactly one line holding one token"
expect_exit 0 tz token create --db "$DB" --login k1
[ "$(wc -l <"$TMP/out")" = 1 ] || fail "token create printed $(wc -l <"$TMP/out") lines"
T1=$(cat "$TMP/out")
[[ "$T1" =~ ^[A-Za-z0-9_-]{20,}$ ]] || fail "token create printed '$T1', not a token"
[ ! -s "$TMP/err" ] || fail "token create wrote to stderr: $(cat "$TMP/err")"

say "only the token's hash is stored"
[ "$(sqlite3 "$DB" "select count(*) from api_token")" = 1 ] || fail "token create stored no token"
if grep -qaF -- "$T1" "$DB"*; then fail "the token is stored in clear"; fi

say "a second token differs from the first"
T2=$(tz token create --db "$DB" --login k1)
[ -n "$T2" ] || fail "the second token create printed nothing"
[ "$T2" != "$T1" ] || fail "the second token repeats the first"

start_server "$DB"

say "the token works as Authorization: Bearer on GET /api/v1/units"
code=$(api_get /api/v1/units "$T1")
[ "$code" = 200 ] || fail "GET /api/v1/units with the token answered $code"
grep -q '"K1"' "$TMP/body" || fail "the token's account does not see its unit: $(head -c 300 "$TMP/body")"
grep -q '"K2"' "$TMP/body" && fail "a county account sees the sibling county K2"
code=$(api_get /api/v1/units "$T2")
[ "$code" = 200 ] || fail "the second token answered $code"

say "a wrong or missing token answers 401"
code=$(api_get /api/v1/units "x$T1")
[ "$code" = 401 ] || fail "a wrong token answered $code"
code=$(http_code "$BASE/api/v1/units")
[ "$code" = 401 ] || fail "no token answered $code"

say "token create for an unknown login exits 1 and prints no token"
expect_exit 1 tz token create --db "$DB" --login nobody
out_empty
grep -q "^error: login:" "$TMP/err" || fail "no login error: $(cat "$TMP/err")"

say "token create on a missing database exits 1"
expect_exit 1 tz token create --db "$TMP/missing.db" --login k1
out_empty

# Checked last: a failure here must not hide the checks above.
say "token create for a disabled account exits 1 and prints no token"
tz user disable --db "$DB" --login k1 >/dev/null
n0=$(sqlite3 "$DB" "select count(*) from api_token")
expect_exit 1 tz token create --db "$DB" --login k1
out_empty
[ "$(sqlite3 "$DB" "select count(*) from api_token")" = "$n0" ] || fail "a token was stored for a disabled account"

echo "ok: $TZ_TEST_NAME"
