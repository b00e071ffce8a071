#!/bin/bash
# taizhang serve: answers on the address given, stops cleanly on SIGTERM, and refuses a bad
# --listen (exit 2) or a missing database (exit 1) at once.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

DB=$(new_db t.db)
tz unit add --db "$DB" --code P --name 测试省委组织部 --kind province >/dev/null

say "serve on a free port answers /healthz"
start_server "$DB" --threads 2
code=$(http_code "$BASE/healthz")
[ "$code" = 200 ] || fail "/healthz answered $code"
grep -q "serving $DB on http://127.0.0.1:$PORT/" "$TMP/serve.log" ||
    fail "serve did not say where it listens: $(head -3 "$TMP/serve.log")"

say "pages and the API answer; an unknown path is 404"
code=$(http_code "$BASE/login")
[ "$code" = 200 ] || fail "/login answered $code"
grep -q 'name="csrf"' "$TMP/body" || fail "the login page has no csrf field"
code=$(http_code "$BASE/")
[ "$code" = 303 ] || [ "$code" = 302 ] || fail "/ without a session answered $code, expected a redirect to /login"
code=$(http_code "$BASE/api/v1/units")
[ "$code" = 401 ] || fail "the API without a token answered $code"
code=$(http_code "$BASE/no/such/page")
[ "$code" = 404 ] || fail "an unknown path answered $code"

say "SIGTERM makes serve exit 0 within a few seconds"
kill -TERM "$SERVER_PID"
for _ in $(seq 1 100); do
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.05
done
if kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    fail "serve still ran 5 s after SIGTERM"
fi
rc=0
wait "$SERVER_PID" || rc=$?
SERVER_PID=
[ "$rc" = 0 ] || fail "serve exited $rc on SIGTERM: $(tail -5 "$TMP/serve.log")"
if curl -fsS -o /dev/null "$BASE/healthz" 2>/dev/null; then
    fail "something still answers on port $PORT after the server stopped"
fi

say "the database is intact and in use again after the stop"
[ "$(sqlite3 "$DB" 'PRAGMA integrity_check')" = ok ] || fail "the database is not intact"
expect_exit 0 tz audit verify --db "$DB"

say "serve starts again on the port it just left"
"$TZ_BIN" serve --db "$DB" --listen "127.0.0.1:$PORT" --threads 2 >"$TMP/serve2.log" 2>&1 &
SERVER_PID=$!
up=
for _ in $(seq 1 100); do
    curl -fsS -o /dev/null "$BASE/healthz" 2>/dev/null && { up=1; break; }
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.05
done
[ -n "$up" ] || fail "serve did not start again on port $PORT: $(tail -3 "$TMP/serve2.log")"

say "a second serve on a port in use exits 1"
expect_exit 1 timeout 10 "$TZ_BIN" serve --db "$DB" --listen "127.0.0.1:$PORT"
code=$(http_code "$BASE/healthz")
[ "$code" = 200 ] || fail "the first server stopped answering: $code"
stop_server
[ "$SERVER_RC" = 0 ] || fail "serve exited $SERVER_RC on SIGTERM"

say "SIGINT (Ctrl-C) makes serve exit 0 as well"
# a background job of a script ignores SIGINT unless job control is on
set -m
start_server "$DB" --threads 2
set +m
kill -INT "$SERVER_PID"
for _ in $(seq 1 100); do
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.05
done
kill -0 "$SERVER_PID" 2>/dev/null && fail "serve still ran 5 s after SIGINT"
rc=0
wait "$SERVER_PID" || rc=$?
SERVER_PID=
[ "$rc" = 0 ] || fail "serve exited $rc on SIGINT: $(tail -5 "$TMP/serve.log")"

say "serve on a missing database exits 1 and creates nothing"
expect_exit 1 timeout 10 "$TZ_BIN" serve --db "$TMP/missing.db" --listen "127.0.0.1:$(free_port)"
err_has "no database"
[ ! -e "$TMP/missing.db" ] || fail "serve created the missing database"
expect_exit 1 timeout 10 "$TZ_BIN" serve --listen "127.0.0.1:$(free_port)"
err_has "TAIZHANG_DB"

say "serve with a bad --listen port exits 2"
for listen in nonsense 127.0.0.1 127.0.0.1: 127.0.0.1:abc 127.0.0.1:70000 127.0.0.1:-1 127.0.0.1:80x :; do
    expect_exit 2 timeout 10 "$TZ_BIN" serve --db "$DB" --listen "$listen"
    err_has "--listen"
    out_empty
done

say "serve with a bad --threads or --public-rate exits 2"
for bad in "--threads 0" "--threads 999" "--threads x" "--public-rate 0" "--public-rate x"; do
    # shellcheck disable=SC2086
    expect_exit 2 timeout 10 "$TZ_BIN" serve --db "$DB" --listen "127.0.0.1:$(free_port)" $bad
done

# Checked last: a failure here must not hide the checks above.
say "serve with a --listen host that is no address exits 2"
for listen in "256.1.1.1:$(free_port)" "1.2.3:$(free_port)" "no host:$(free_port)"; do
    expect_exit 2 timeout 10 "$TZ_BIN" serve --db "$DB" --listen "$listen"
    err_has "--listen"
done

echo "ok: $TZ_TEST_NAME"
