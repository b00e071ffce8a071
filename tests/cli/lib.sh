# Shared helpers for the command-line tests (Git's test-lib, much reduced). Each test sources
# this file first:   . "$(dirname "$0")/lib.sh"
# and then runs as plain bash with set -eu. TZ_BIN names the binary under test (tests/run.sh
# sets it); everything a test writes lives in $TMP, removed on exit together with any server
# the test started. Exit status: 0 when every check held, 1 on the first failure.
set -eu

if [ -z "${TZ_BIN:-}" ]; then
    echo "FAIL: set TZ_BIN to the absolute path of the taizhang binary" >&2
    exit 1
fi
if [ ! -x "$TZ_BIN" ]; then
    echo "FAIL: TZ_BIN '$TZ_BIN' is not an executable file" >&2
    exit 1
fi
for tool in curl sqlite3 python3; do
    command -v "$tool" >/dev/null || { echo "FAIL: $tool is needed by the tests" >&2; exit 1; }
done

TMP=$(mktemp -d "${TMPDIR:-/tmp}/tz-cli.XXXXXX")
TZ_TEST_NAME=$(basename "$0" .sh)
SERVER_PID=
# a test's own databases never come from the caller's environment
unset TAIZHANG_DB

# On exit: stop the background jobs this shell started and has not yet waited for (servers,
# writers), by their ids, and remove the temporary directory.
cleanup() {
    local pid
    for pid in $(jobs -p); do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$TMP"
}
trap cleanup EXIT

# fail MESSAGE: reports the failed check and stops the test.
fail() {
    echo "FAIL: $TZ_TEST_NAME: $*" >&2
    if [ -s "$TMP/serve.log" ]; then
        echo "  the server's last output:" >&2
        tail -n 30 "$TMP/serve.log" | sed 's/^/    /' >&2
    fi
    exit 1
}

# say MESSAGE: what the test checks next.
say() {
    echo "- $*"
}

# tz ARGS...: runs the binary under test.
tz() {
    "$TZ_BIN" "$@"
}

# expect_exit CODE CMD...: runs CMD with stdout in $TMP/out and stderr in $TMP/err, fails unless
# it exits with CODE. Both files stay for the caller to inspect.
expect_exit() {
    local want=$1 got=0
    shift
    "$@" >"$TMP/out" 2>"$TMP/err" || got=$?
    if [ "$got" != "$want" ]; then
        echo "  stdout: $(head -c 600 "$TMP/out")" >&2
        echo "  stderr: $(head -c 600 "$TMP/err")" >&2
        fail "'$*' exited $got, expected $want"
    fi
}

# out_has TEXT / err_has TEXT / out_empty: checks on the last expect_exit's output.
out_has() {
    grep -qF -- "$1" "$TMP/out" || fail "stdout lacks '$1': $(head -c 400 "$TMP/out")"
}
err_has() {
    grep -qF -- "$1" "$TMP/err" || fail "stderr lacks '$1': $(head -c 400 "$TMP/err")"
}
out_empty() {
    [ ! -s "$TMP/out" ] || fail "stdout is not empty: $(head -c 400 "$TMP/out")"
}

# sum FILE: a checksum of a file's bytes.
sum() {
    sha256sum "$1" | cut -d' ' -f1
}

# free_port: prints a TCP port on 127.0.0.1 that nothing listens on just now. A bash /dev/tcp
# probe of random ports below the kernel's ephemeral range (so that no client connection holds
# it) is quick; python3 (slow to start under pyenv) asks the kernel when the probe finds none.
free_port() {
    local low=32768 port _
    if [ -r /proc/sys/net/ipv4/ip_local_port_range ]; then
        read -r low _ </proc/sys/net/ipv4/ip_local_port_range
    fi
    [ "$low" -gt 12000 ] || low=61000
    for _ in $(seq 1 20); do
        port=$((10000 + RANDOM % (low - 10000)))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
    python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

# start_server DB [ARGS...]: serves DB on a free loopback port in the background and waits for
# /healthz. Sets SERVER_PID, PORT and BASE; the server's output goes to $TMP/serve.log. The
# server is stopped on exit. A port another process took in between is retried.
start_server() {
    local db=$1 _
    shift
    for _ in 1 2 3; do
        PORT=$(free_port)
        BASE="http://127.0.0.1:$PORT"
        "$TZ_BIN" serve --db "$db" --listen "127.0.0.1:$PORT" "$@" >"$TMP/serve.log" 2>&1 &
        SERVER_PID=$!
        for _ in $(seq 1 200); do
            if curl -fsS -o /dev/null "$BASE/healthz" 2>/dev/null; then
                return 0
            fi
            kill -0 "$SERVER_PID" 2>/dev/null || break
            sleep 0.05
        done
        stop_server
    done
    tail -5 "$TMP/serve.log" >&2
    fail "the server on $db did not answer /healthz"
}

# stop_server: SIGTERM to the server started last, and wait for it; sets SERVER_RC.
# shellcheck disable=SC2034  # SERVER_RC is for the tests
stop_server() {
    SERVER_RC=0
    [ -n "${SERVER_PID:-}" ] || return 0
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || SERVER_RC=$?
    SERVER_PID=
}

# http_code ARGS...: runs curl with ARGS, the body in $TMP/body; prints the status code.
http_code() {
    curl -sS -o "$TMP/body" -w '%{http_code}' "$@"
}

# api_get PATH TOKEN: the status of GET PATH with a bearer token; body in $TMP/body.
api_get() {
    http_code -H "Authorization: Bearer $2" "$BASE$1"
}

# login_code LOGIN PASSWORD: logs in through the form (GET /login for the csrf field and cookie,
# then POST) with a fresh cookie jar $TMP/jar, kept for later requests; prints the status of the
# POST (303 when the login succeeded).
login_code() {
    local jar="$TMP/jar" csrf
    rm -f "$jar"
    csrf=$(curl -sS -c "$jar" -b "$jar" "$BASE/login" |
        grep -o '<input[^>]*name="csrf"[^>]*>' | grep -o 'value="[^"]*"' | head -1 | cut -d'"' -f2)
    [ -n "$csrf" ] || fail "the login page has no csrf field"
    curl -sS -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" \
        --data-urlencode "login=$1" --data-urlencode "password=$2" \
        --data-urlencode "csrf=$csrf" "$BASE/login"
}

# admin_db PATH: a new database at PATH holding the unit K1 and its administrator "admin"
# (password S3cret-pass-1); sets TOKEN to an API token of that administrator.
admin_db() {
    tz init --db "$1" >/dev/null
    tz unit add --db "$1" --code K1 --name 甲县委组织部 >/dev/null
    echo 'S3cret-pass-1' >"$TMP/pw"
    tz user add --db "$1" --login admin --name 管理员 --unit K1 --role admin \
        --password-file "$TMP/pw" >/dev/null
    TOKEN=$(tz token create --db "$1" --login admin | tail -1)
}

# new_db NAME: prints the path of a new, initialized database in $TMP.
new_db() {
    local db="$TMP/$1"
    tz init --db "$db" >/dev/null || fail "init --db $db failed"
    echo "$db"
}
