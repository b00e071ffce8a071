# Shared by the benchmark scripts (sourced from the project root; they set out, runs and dur).

# run NAME CONNS THREADS ARGS...: median of $runs wrk runs of $dur seconds, outputs kept in
# $out/NAME-CONNS-I.txt -> "req/s p50_ms p99_ms errors_of_all_runs"
run() {
    local name=$1 c=$2 t=$3
    shift 3
    for i in $(seq "$runs"); do
        wrk -t"$t" -c"$c" -d"${dur}s" --latency "$@" >"$out/$name-$c-$i.txt" 2>&1
    done
    python3 bench/wrk_median.py "$out" "$name-$c" "$runs"
}

# results_section NAME FILE: puts FILE (which starts with "<!-- NAME -->" and ends with
# "<!-- /NAME -->") into bench/RESULTS.md in place of that section, or at the end.
results_section() {
    python3 - "$1" "$2" <<'PY'
import re, sys
name, section = sys.argv[1], open(sys.argv[2]).read()
try:
    text = open("bench/RESULTS.md").read()
except FileNotFoundError:
    text = "# Benchmark results\n"
begin, end = f"<!-- {name} -->", f"<!-- /{name} -->"
if begin in text:
    text = re.sub(re.escape(begin) + r".*?" + re.escape(end) + r"\n?", lambda m: section, text,
                  flags=re.S)
else:
    text = text.rstrip("\n") + "\n\n" + section
open("bench/RESULTS.md", "w").write(text)
PY
}

# free_port: a free loopback port
free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# form_login BASE JAR LOGIN PASSWORD: logs LOGIN in through the login form of the server at
# BASE, cookies in JAR -> prints the session cookie's value ("" when the login failed)
form_login() {
    local csrf
    csrf=$(curl -sS -c "$2" -b "$2" "$1/login" | grep -o 'name="csrf" value="[^"]*"' | cut -d'"' -f4)
    curl -sS -o /dev/null -c "$2" -b "$2" --data-urlencode "login=$3" \
        --data-urlencode "password=$4" --data-urlencode "csrf=$csrf" "$1/login"
    awk '$6 == "tz_session" { print $7 }' "$2"
}

# serve_and_login DB LOGIN PASSWORD: serves DB on a free loopback port (killed on exit), waits for
# it, logs LOGIN in through the login form -> base, spid, session (the session cookie's value).
serve_and_login() {
    local port
    port=$(free_port)
    ./taizhang serve --db "$1" --listen "127.0.0.1:$port" >"$out/serve.log" 2>&1 &
    spid=$!
    trap 'kill $spid 2>/dev/null; wait $spid 2>/dev/null' EXIT
    base=http://127.0.0.1:$port
    # (its start counts the planner's statistics in full: a minute at a nation's ten million)
    for _ in $(seq 6000); do curl -fsS "$base/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
    session=$(form_login "$base" "$out/jar" "$2" "$3")
    [ -n "$session" ] || { echo "login failed" >&2; exit 1; }
}

# cadre_tokens DB N FILE: API tokens for N random enabled cadre accounts of the demo DB, written
# to FILE as "login token" lines and stored as the server stores them (BLAKE2b-256 of the token
# text): one transaction instead of one 'taizhang token create' process per account.
cadre_tokens() {
    python3 - "$1" "$2" "$3" <<'PY'
import hashlib, secrets, sqlite3, sys
db, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
con = sqlite3.connect(db)
rows = con.execute("SELECT id, login FROM account WHERE role = 'cadre' AND disabled = 0"
                   " ORDER BY random() LIMIT ?", (n,)).fetchall()
if len(rows) < n:
    sys.exit(f"only {len(rows)} cadre accounts in the demo; use a smaller N or --scale province")
with open(out, "w") as f, con:
    for account, login in rows:
        token = secrets.token_urlsafe(32)[:43]
        con.execute("INSERT INTO api_token(token_hash, account_id, created) VALUES (?, ?,"
                    " datetime('now'))", (hashlib.blake2b(token.encode(), digest_size=32).digest(),
                                          account))
        f.write(f"{login} {token}\n")
PY
}
