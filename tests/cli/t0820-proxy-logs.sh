#!/bin/bash
# taizhang serve behind a reverse proxy: only a trusted proxy's X-Forwarded-For names the client
# (in the log and for the login throttle: two clients behind one proxy are limited apart), its
# X-Forwarded-Proto: https makes the session cookie Secure and pages send HSTS; a line per
# request and per login attempt, with the real time and nothing a client can break into two
# lines; a bad --trust-proxy is refused; --config and TAIZHANG_ variables; single sign-on;
# /metrics.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

DB=$(new_db t.db)
tz unit add --db "$DB" --code P --name 测试省委组织部 --kind province >/dev/null
printf 'S3cret-pass-1\n' >"$TMP/pw"
tz user add --db "$DB" --login k1 --name 张三 --unit P --role staff --password-file "$TMP/pw" \
    >/dev/null

say "a --trust-proxy that is not an address is refused"
expect_exit 1 tz serve --db "$DB" --listen 127.0.0.1:1 --trust-proxy 127.0.0.2,proxy.example
err_has "proxy.example"

say "serve --config reads 'name = value' lines; options and TAIZHANG_ variables override them"
printf '# comment\n\ntrust-proxy = 127.0.0.9  # the proxy\nthreads=2\nbogus = 1\n' >"$TMP/bad.conf"
expect_exit 2 tz serve --db "$DB" --config "$TMP/bad.conf"
err_has "bad.conf:5"
printf 'trust-proxy = 127.0.0.9\nthreads = 2\n' >"$TMP/t.conf"
start_server "$DB" --config "$TMP/t.conf"
grep -q 'with 2 threads' "$TMP/serve.log" || fail "the configuration's threads were not taken"
curl -sS -o /dev/null --interface 127.0.0.9 -H 'X-Forwarded-For: 203.0.113.70' "$BASE/healthz"
sleep 0.3
grep -q 'client=203\.0\.113\.70 ' "$TMP/serve.log" || fail "the configuration's trust-proxy"
stop_server
TAIZHANG_THREADS=3 start_server "$DB" --config "$TMP/t.conf" --trust-proxy 127.0.0.2
grep -q 'with 3 threads' "$TMP/serve.log" || fail "TAIZHANG_THREADS did not override the file"
curl -sS -o /dev/null --interface 127.0.0.9 -H 'X-Forwarded-For: 203.0.113.71' "$BASE/healthz"
sleep 0.3
grep -q '203\.0\.113\.71' "$TMP/serve.log" && fail "--trust-proxy did not override the file"
stop_server

start_server "$DB" --trust-proxy 127.0.0.2,::1
log=$TMP/serve.log

say "a trusted proxy's X-Forwarded-For names the client: its rightmost untrusted hop"
curl -sS -o /dev/null --interface 127.0.0.2 -H 'X-Forwarded-For: 10.1.1.1, 203.0.113.7' \
    "$BASE/login?a=1"
curl -sS -o /dev/null --interface 127.0.0.2 -H 'X-Forwarded-For: 203.0.113.8, 127.0.0.2' \
    "$BASE/healthz"
sleep 0.3
grep -q 'request client=203\.0\.113\.7 account=- GET /login 200 ' "$log" ||
    fail "no request line with the forwarded client 203.0.113.7"
grep -q 'client=203\.0\.113\.8 .* /healthz 200' "$log" ||
    fail "a trusted hop in X-Forwarded-For was taken for the client"
grep -q '10\.1\.1\.1' "$log" && fail "a hop left of the client was believed"

say "from any other address X-Forwarded-For and X-Forwarded-Proto are ignored"
curl -sS -o /dev/null -D "$TMP/h0" -H 'X-Forwarded-For: 198.51.100.9' \
    -H 'X-Forwarded-Proto: https' "$BASE/login"
sleep 0.3
grep -q '198\.51\.100\.9' "$log" && fail "an untrusted client's X-Forwarded-For was believed"
grep -qi '^strict-transport-security' "$TMP/h0" && fail "HSTS on a plain request"
grep -i '^set-cookie' "$TMP/h0" | grep -qi 'secure' && fail "a Secure cookie on a plain request"

say "over HTTPS as the proxy says: a Secure session cookie and HSTS; logins are logged"
proxied() { curl -sS --interface 127.0.0.2 -H 'X-Forwarded-Proto: https' "$@"; }
jar=$TMP/jar
csrf=$(proxied -c "$jar" -b "$jar" -D "$TMP/h1" "$BASE/login" |
    grep -o 'name="csrf" value="[^"]*"' | head -1 | cut -d'"' -f4)
grep -qi '^strict-transport-security: max-age=' "$TMP/h1" || fail "no HSTS over HTTPS"
code=$(proxied -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" -D "$TMP/h2" \
    --data-urlencode login=k1 --data-urlencode password=S3cret-pass-1 \
    --data-urlencode "csrf=$csrf" "$BASE/login")
[ "$code" = 303 ] || fail "the login over the proxy answered $code"
grep -i '^set-cookie: tz_session=' "$TMP/h2" | grep -qi '; secure' ||
    fail "the session cookie over HTTPS lacks Secure: $(grep -i '^set-cookie' "$TMP/h2")"
proxied -o /dev/null -b "$jar" "$BASE/units"
sleep 0.3
grep -q 'info login ok login=k1 client=127\.0\.0\.2' "$log" || fail "no line for k1's login"
grep -q 'request client=127\.0\.0\.2 account=k1 GET /units 200 ' "$log" ||
    fail "no request line naming the account k1"

say "failed logins name the login and the client, as fail2ban reads them;" \
    "the throttle is per client"
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21; do
    csrf=$(curl -sS -c "$TMP/j$i" -b "$TMP/j$i" --interface 127.0.0.2 \
        -H 'X-Forwarded-For: 203.0.113.50' "$BASE/login" |
        grep -o 'name="csrf" value="[^"]*"' | head -1 | cut -d'"' -f4)
    code=$(curl -sS -o /dev/null -w '%{http_code}' -c "$TMP/j$i" -b "$TMP/j$i" \
        --interface 127.0.0.2 -H 'X-Forwarded-For: 203.0.113.50' \
        --data-urlencode "login=nobody$i" --data-urlencode password=wrong \
        --data-urlencode "csrf=$csrf" "$BASE/login")
done
[ "$code" = 429 ] || fail "the 21st failed login from one client answered $code, not 429"
sleep 0.3 # the log is written at most 100 ms after
grep -q 'warning login failed login=nobody1 client=203\.0\.113\.50 reason=password' "$log" ||
    fail "no line for a failed login"
grep -q 'login failed login=nobody21 client=203\.0\.113\.50 reason=throttled' "$log" ||
    fail "no line for a throttled login"
code=$(login_code k1 S3cret-pass-1)
[ "$code" = 303 ] || fail "another client behind no proxy was throttled too: $code"

say "a control character in a path or login cannot start a line of its own"
curl -sS -o /dev/null --path-as-is "$BASE/x%0aforged%20line"
sleep 0.3
grep -q '^forged' "$log" && fail "a decoded newline in the path split the log line"
grep -q 'GET /x?forged line 404' "$log" || fail "the path's newline was not shown as '?'"

say "log times are the real clock's, whatever TAIZHANG_TODAY says"
stop_server
TAIZHANG_TODAY=2031-01-02 start_server "$DB"
curl -sS -o /dev/null "$BASE/healthz"
sleep 0.3
today=$(date -u +%Y-%m-%d)
grep -q "^$today" "$log" || grep -q "^$(date -u -d '1 minute ago' +%Y-%m-%d)" "$log" ||
    fail "the log's time is not the real clock's: $(tail -1 "$log")"
grep -q '^2031-01-02' "$log" && fail "the log took TAIZHANG_TODAY for the time"

say "single sign-on: a trusted proxy's X-Remote-User signs its login in, pages and API alike"
expect_exit 2 tz serve --db "$DB" --listen 127.0.0.1:1 --auth-header X-Remote-User
err_has "--trust-proxy"
stop_server
start_server "$DB" --trust-proxy 127.0.0.2 --auth-header X-Remote-User
sso() { curl -sS --interface 127.0.0.2 -H "X-Remote-User: $1" "${@:2}"; }
code=$(sso k1 -o "$TMP/body" -w '%{http_code}' "$BASE/api/v1/units")
[ "$code" = 200 ] || fail "the trusted X-Remote-User did not sign in: $code"
grep -q '"P"' "$TMP/body" || fail "the header's account does not see its unit"
code=$(sso k1 -o "$TMP/body" -w '%{http_code}' "$BASE/")
[ "$code" = 200 ] || fail "a page with the trusted header answered $code"
grep -q 'class="who">k1<' "$TMP/body" || fail "the page does not show the signed-in account"
code=$(http_code -H 'X-Remote-User: k1' "$BASE/api/v1/units")
[ "$code" = 401 ] || fail "an untrusted client's X-Remote-User answered $code"
code=$(sso nobody -o /dev/null -w '%{http_code}' "$BASE/api/v1/units")
[ "$code" = 401 ] || fail "an unknown login in the header answered $code"
say "a form under sign-on still needs its CSRF field"
csrf=$(sso k1 -c "$TMP/sj" -b "$TMP/sj" "$BASE/lang?to=en" -L |
    grep -o 'name="csrf" value="[^"]*"' | head -1 | cut -d'"' -f4)
[ -n "$csrf" ] || fail "no csrf field on a page under sign-on"
code=$(sso k1 -o /dev/null -w '%{http_code}' -c "$TMP/sj" -b "$TMP/sj" -X POST "$BASE/logout")
[ "$code" = 403 ] || fail "a form post without its CSRF field under sign-on answered $code"
code=$(sso k1 -o /dev/null -w '%{http_code}' -c "$TMP/sj" -b "$TMP/sj" \
    --data-urlencode "csrf=$csrf" "$BASE/logout")
[ "$code" = 303 ] || fail "a form post with its CSRF field under sign-on answered $code"
tz user disable --db "$DB" --login k1 >/dev/null
code=$(sso k1 -o /dev/null -w '%{http_code}' "$BASE/api/v1/units")
[ "$code" = 401 ] || fail "a disabled account signed on: $code"

say "/metrics: Prometheus text for the loopback by default, for --metrics-from's addresses"
code=$(http_code "$BASE/metrics")
[ "$code" = 200 ] || fail "/metrics from the loopback answered $code"
for m in '# TYPE taizhang_http_requests_total counter' \
    'taizhang_http_requests_total{class="api",code="200"} ' \
    'taizhang_http_requests_total{class="api",code="401"} ' \
    'taizhang_http_request_duration_seconds_bucket{le="+Inf"} ' \
    'taizhang_write_queue_depth ' 'taizhang_wal_fsync_seconds_count ' \
    'taizhang_sessions_active ' 'taizhang_exam_sittings_open 0' 'taizhang_database_bytes '; do
    grep -qF "$m" "$TMP/body" || fail "/metrics lacks '$m': $(head -c 600 "$TMP/body")"
done
code=$(curl -sS -o /dev/null -w '%{http_code}' --interface 127.0.0.2 \
    -H 'X-Forwarded-For: 203.0.113.9' "$BASE/metrics")
[ "$code" = 404 ] || fail "/metrics for a client behind the proxy answered $code"
stop_server
start_server "$DB" --metrics-from 127.0.0.2
code=$(http_code "$BASE/metrics")
[ "$code" = 404 ] || fail "/metrics from an address not in --metrics-from answered $code"
code=$(curl -sS -o /dev/null -w '%{http_code}' --interface 127.0.0.2 "$BASE/metrics")
[ "$code" = 200 ] || fail "/metrics from --metrics-from's address answered $code"

say "--listen [::]:PORT takes IPv6 and IPv4 clients; unix:PATH a socket for the proxy"
stop_server
expect_exit 2 tz serve --db "$DB" --listen ::1:8080
expect_exit 2 tz serve --db "$DB" --listen unix:relative.sock
if python3 -c 'import socket; socket.socket(socket.AF_INET6).bind(("::1", 0))' 2>/dev/null; then
    PORT=$(free_port)
    "$TZ_BIN" serve --db "$DB" --listen "[::]:$PORT" >"$log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 50); do
        curl -fsS "http://[::1]:$PORT/healthz" >/dev/null 2>&1 && break
        sleep 0.1
    done
    code=$(http_code "http://[::1]:$PORT/healthz")
    [ "$code" = 200 ] || fail "[::]:$PORT over IPv6 answered $code"
    code=$(http_code "http://127.0.0.1:$PORT/healthz")
    [ "$code" = 200 ] || fail "[::]:$PORT over IPv4 answered $code"
    sleep 0.3
    grep -q 'client=::1 .* /healthz 200' "$log" || fail "no IPv6 client in the log"
    grep -q 'client=127\.0\.0\.1 .* /healthz 200' "$log" ||
        fail "an IPv4 client over the dual stack is not logged as a.b.c.d"
    stop_server
else
    echo "  (no IPv6 on this machine: the dual-stack check is left out)"
fi
sock=$TMP/tz.sock
"$TZ_BIN" serve --db "$DB" --listen "unix:$sock" --trust-proxy unix >"$log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 50); do [ -S "$sock" ] && break; sleep 0.1; done
code=$(curl -sS -o /dev/null -w '%{http_code}' --unix-socket "$sock" \
    -H 'X-Forwarded-For: 203.0.113.60' http://taizhang/healthz)
[ "$code" = 200 ] || fail "the Unix socket answered $code"
[ "$(stat -c %a "$sock")" = 660 ] || fail "the socket's mode is $(stat -c %a "$sock"), not 660"
sleep 0.3
grep -q 'client=203\.0\.113\.60 ' "$log" ||
    fail "the socket's trusted proxy did not name the client"
stop_server

say "under systemd (JOURNAL_STREAM set) lines carry the journal's priority instead of a time"
stop_server
JOURNAL_STREAM=8:1 start_server "$DB"
curl -sS -o /dev/null "$BASE/healthz"
sleep 0.3
grep -q '^<6>info request client=127\.0\.0\.1 account=- GET /healthz 200' "$log" ||
    fail "no <6> line under the journal: $(tail -2 "$log")"
exit 0
