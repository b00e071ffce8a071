#!/bin/bash
# taizhang behind the real nginx (Debian's) with contrib/nginx/taizhang.conf and a self-signed
# certificate: over HTTPS the session cookie is Secure and pages carry HSTS; the client address
# nginx saw reaches taizhang's log and login throttle, so two clients behind the proxy are
# limited apart; an X-Forwarded-For a client made up itself is not believed; plain HTTP is sent
# to HTTPS.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
command -v nginx >/dev/null || PATH=$PATH:/usr/sbin
command -v nginx >/dev/null || fail "nginx is needed (scripts/deps.sh --test installs it)"
command -v openssl >/dev/null || fail "openssl is needed"

DB=$(new_db t.db)
tz unit add --db "$DB" --code P --name 测试省委组织部 --kind province >/dev/null
printf 'S3cret-pass-1\n' >"$TMP/pw"
for login in k1 k2; do
    tz user add --db "$DB" --login "$login" --name "$login" --unit P --role staff \
        --password-file "$TMP/pw" >/dev/null
done
start_server "$DB" --trust-proxy 127.0.0.1
log=$TMP/serve.log

say "nginx with contrib/nginx/taizhang.conf and a self-signed certificate in front"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$TMP/key.pem" -out "$TMP/cert.pem" -days 2 \
    -subj /CN=localhost >/dev/null 2>&1 || fail "openssl could not make a certificate"
tls=$(free_port)
plain=$(free_port)
mkdir -p "$TMP/nginx/logs"
sed -e "s|server 127.0.0.1:8080;|server 127.0.0.1:$PORT;|" \
    -e "s|listen 443 ssl;|listen 127.0.0.1:$tls ssl;|" -e "s|listen 80;|listen 127.0.0.1:$plain;|" \
    -e '/listen \[::\]/d' -e "s|/etc/ssl/certs/taizhang.pem|$TMP/cert.pem|" \
    -e "s|/etc/ssl/private/taizhang.key|$TMP/key.pem|" \
    "$root/contrib/nginx/taizhang.conf" >"$TMP/nginx/site.conf"
cat >"$TMP/nginx/nginx.conf" <<EOF
worker_processes 1;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/logs/error.log;
events { worker_connections 256; }
http {
    access_log off;
    client_body_temp_path $TMP/nginx/body;
    proxy_temp_path $TMP/nginx/proxy;
    fastcgi_temp_path $TMP/nginx/fastcgi;
    uwsgi_temp_path $TMP/nginx/uwsgi;
    scgi_temp_path $TMP/nginx/scgi;
    include $TMP/nginx/site.conf;
}
EOF
nginx -t -c "$TMP/nginx/nginx.conf" -p "$TMP/nginx" >"$TMP/nginx.t" 2>&1 ||
    { cat "$TMP/nginx.t"; fail "nginx does not accept contrib/nginx/taizhang.conf"; }
nginx -c "$TMP/nginx/nginx.conf" -p "$TMP/nginx" -g 'daemon off;' >"$TMP/nginx.out" 2>&1 &
for _ in $(seq 1 50); do
    curl -ksS -o /dev/null "https://127.0.0.1:$tls/healthz" 2>/dev/null && break
    sleep 0.1
done
base=https://127.0.0.1:$tls

say "plain HTTP goes to HTTPS"
code=$(curl -sS -o /dev/null -w '%{http_code}' "http://127.0.0.1:$plain/login")
[ "$code" = 301 ] || fail "plain HTTP answered $code, not 301"

say "over HTTPS: HSTS, and a Secure session cookie after the login"
jar=$TMP/jar
csrf=$(curl -ksS -c "$jar" -b "$jar" -D "$TMP/h1" --interface 127.0.0.3 "$base/login" |
    grep -o 'name="csrf" value="[^"]*"' | head -1 | cut -d'"' -f4)
[ -n "$csrf" ] || fail "no login form through nginx"
grep -qi '^strict-transport-security: max-age=' "$TMP/h1" || fail "no HSTS through nginx"
code=$(curl -ksS -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" -D "$TMP/h2" \
    --interface 127.0.0.3 --data-urlencode login=k1 --data-urlencode password=S3cret-pass-1 \
    --data-urlencode "csrf=$csrf" "$base/login")
[ "$code" = 303 ] || fail "the login through nginx answered $code"
grep -i '^set-cookie: tz_session=' "$TMP/h2" | grep -qi '; secure' ||
    fail "the session cookie through nginx lacks Secure"
sleep 0.3
grep -q 'login ok login=k1 client=127\.0\.0\.3$' "$log" ||
    fail "the login's client is not the address nginx saw: $(grep 'login ok' "$log")"

say "a client's own X-Forwarded-For is not believed: the client is the address nginx saw"
curl -ksS -o /dev/null --interface 127.0.0.2 -H 'X-Forwarded-For: 198.51.100.1' "$base/healthz"
sleep 0.3
grep -q 'request client=127\.0\.0\.2 .* /healthz 200' "$log" ||
    fail "no request line for 127.0.0.2: $(tail -3 "$log")"
grep -q '198\.51\.100\.1' "$log" && fail "a made-up X-Forwarded-For through nginx was believed"

say "two clients behind nginx are limited apart: 20 failed logins throttle only their client"
ajar=$TMP/ajar
csrf=$(curl -ksS -c "$ajar" -b "$ajar" --interface 127.0.0.2 "$base/login" |
    grep -o 'name="csrf" value="[^"]*"' | head -1 | cut -d'"' -f4)
for i in $(seq 1 21); do
    code=$(curl -ksS -o "$TMP/body" -w '%{http_code}' -c "$ajar" -b "$ajar" --interface 127.0.0.2 \
        --data-urlencode "login=nobody$i" --data-urlencode password=wrong \
        --data-urlencode "csrf=$csrf" "$base/login")
done
[ "$code" = 429 ] || fail "the 21st failed login of one client answered $code"
sleep 0.3
grep -q 'login failed login=nobody21 client=127\.0\.0\.2 reason=throttled' "$log" ||
    fail "the throttle was not taizhang's for 127.0.0.2"
bjar=$TMP/bjar
csrf=$(curl -ksS -c "$bjar" -b "$bjar" --interface 127.0.0.4 "$base/login" |
    grep -o 'name="csrf" value="[^"]*"' | head -1 | cut -d'"' -f4)
code=$(curl -ksS -o /dev/null -w '%{http_code}' -c "$bjar" -b "$bjar" --interface 127.0.0.4 \
    --data-urlencode login=k2 --data-urlencode password=S3cret-pass-1 \
    --data-urlencode "csrf=$csrf" "$base/login")
[ "$code" = 303 ] || fail "another client behind the same nginx was throttled too: $code"

say "/metrics is not served through the proxy"
code=$(curl -ksS -o /dev/null -w '%{http_code}' "$base/metrics")
[ "$code" = 404 ] || fail "/metrics through nginx answered $code"
exit 0
