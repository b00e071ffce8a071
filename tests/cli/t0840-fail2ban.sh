#!/bin/bash
# contrib/fail2ban's filter against taizhang's real log: every failed or throttled login (and
# nothing else) matches, naming the client the server saw, behind a trusted proxy the forwarded
# one; and the filter reads the lines as the journal keeps them (without the time).
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
filter=$root/contrib/fail2ban/filter.d/taizhang.conf
command -v fail2ban-regex >/dev/null || fail "fail2ban-regex is needed (scripts/deps.sh --test)"

DB=$(new_db t.db)
tz unit add --db "$DB" --code P --name 测试省委组织部 --kind province >/dev/null
printf 'S3cret-pass-1\n' >"$TMP/pw"
tz user add --db "$DB" --login k1 --name k1 --unit P --role staff --password-file "$TMP/pw" \
    >/dev/null
start_server "$DB" --trust-proxy 127.0.0.2

say "three failed logins behind the proxy, one good one, other requests"
attempt() { # attempt PASSWORD
    local jar=$TMP/jar csrf
    rm -f "$jar"
    csrf=$(curl -sS -c "$jar" -b "$jar" --interface 127.0.0.2 -H 'X-Forwarded-For: 203.0.113.77' \
        "$BASE/login" | grep -o 'name="csrf" value="[^"]*"' | head -1 | cut -d'"' -f4)
    curl -sS -o /dev/null -c "$jar" -b "$jar" --interface 127.0.0.2 \
        -H 'X-Forwarded-For: 203.0.113.77' --data-urlencode login=k1 \
        --data-urlencode "password=$1" --data-urlencode "csrf=$csrf" "$BASE/login"
}
attempt wrong1
attempt wrong2
attempt S3cret-pass-1
attempt wrong3
code=$(login_code nobody wrong)
[ "$code" = 401 ] || fail "a wrong password from the loopback answered $code"
sleep 0.3

say "fail2ban-regex finds exactly the failed logins, with their clients"
fail2ban-regex -o ip "$TMP/serve.log" "$filter" >"$TMP/ips" 2>"$TMP/f2b.err" ||
    { cat "$TMP/f2b.err"; fail "fail2ban-regex failed"; }
[ "$(grep -c '^203\.0\.113\.77$' "$TMP/ips")" = 3 ] ||
    fail "the forwarded client's failures: $(cat "$TMP/ips")"
[ "$(grep -c '^127\.0\.0\.1$' "$TMP/ips")" = 1 ] || fail "the loopback's failure: $(cat "$TMP/ips")"
[ "$(wc -l <"$TMP/ips")" = 4 ] || fail "lines other than failed logins matched: $(cat "$TMP/ips")"

say "the journal's form of the lines (no time, as journalctl -o cat shows them) matches too"
grep 'login failed' "$TMP/serve.log" | sed 's/^[^ ]* //' >"$TMP/journal.txt"
fail2ban-regex -o ip "$TMP/journal.txt" "$filter" >"$TMP/ips2" 2>/dev/null ||
    fail "fail2ban-regex on the journal's lines failed"
[ "$(wc -l <"$TMP/ips2")" = 4 ] || fail "the journal's lines: $(cat "$TMP/ips2")"
exit 0
