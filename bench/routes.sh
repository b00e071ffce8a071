#!/bin/bash
# Benchmark (not a test): every GET route of src/routes.c on the province-scale demo, as the
# province's administrator, so that no page's cost goes unmeasured. Each route is first fetched
# once (its status is reported: a route that does not answer 200 is named, not timed), then
# driven by wrk on loopback (-t2 -c10, DURATION seconds, one run). Writes the table to the
# "routes" section of bench/RESULTS.md. Usage: bench/routes.sh [DURATION_SECONDS]
set -eu
cd "$(dirname "$0")/.."
dur=${1:-3}
runs=1
command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null; }
command -v sqlite3 >/dev/null || { apt-get install -y -qq sqlite3 >/dev/null; }
make -s all
out=bench/out-routes
rm -rf "$out"
mkdir -p "$out"
db=$out/province.db
./taizhang demo --db "$db" --scale province --seed 7 >"$out/demo.txt"
pw=$(awk '$1 == "admin" { print $2 }' "$out/demo.txt")
token=$(./taizhang token create --db "$db" --login admin)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
./taizhang serve --db "$db" --listen "127.0.0.1:$port" >"$out/serve.log" 2>&1 &
spid=$!
trap 'kill $spid 2>/dev/null; wait $spid 2>/dev/null' EXIT
base=http://127.0.0.1:$port
for _ in $(seq 50); do curl -fsS "$base/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
jar=$out/jar
csrf=$(curl -sS -c "$jar" -b "$jar" "$base/login" | grep -o 'name="csrf" value="[^"]*"' | cut -d'"' -f4)
curl -sS -o /dev/null -c "$jar" -b "$jar" --data-urlencode login=admin --data-urlencode "password=$pw" \
    --data-urlencode "csrf=$csrf" "$base/login"
session=$(awk '$6 == "tz_session" { print $7 }' "$jar")
[ -n "$session" ] || { echo "login failed" >&2; exit 1; }

. bench/lib.sh

. bench/paths.sh
bench_ids "$db"

table=$out/table.md
{
    echo "<!-- routes -->"
    echo "## Every GET route ($(date -u +%Y-%m-%d), province demo, admin, wrk -t2 -c10 ${dur} s, one run)"
    echo
    echo "| route | path | status | req/s | p50 ms | p99 ms |"
    echo "| --- | --- | --- | ---: | ---: | ---: |"
} >"$table"
grep -o '{ M_GET[^,]*, "[^"]*"' src/routes.c | sed 's/.*"\(.*\)"/\1/' | while read -r pattern; do
    path=$(path_of "$pattern" P)
    if [ -z "$path" ]; then
        echo "| \`$pattern\` | — | not timed | | | |" >>"$table"
        continue
    fi
    auth=(-H "Cookie: tz_session=$session")
    case $pattern in /api/*) auth=(-H "Authorization: Bearer $token") ;; esac
    status=$(curl -s -o /dev/null -w '%{http_code}' "${auth[@]}" "$base$path")
    if [ "$status" != 200 ]; then
        echo "| \`$pattern\` | \`$path\` | $status | | | |" >>"$table"
        continue
    fi
    name=$(echo "$pattern" | tr -c 'A-Za-z0-9\n' '_')
    read -r rps p50 p99 errors < <(run "$name" 10 2 "${auth[@]}" "$base$path")
    echo "| \`$pattern\` | \`$path\` | 200 | $rps | $p50 | $p99 |" >>"$table"
    echo "$pattern $rps req/s p99 $p99 ms" >&2
done
rss=$(awk '/VmRSS/ { print int($2 / 1024) }' "/proc/$spid/status")
{
    echo
    echo "Server RSS after the sweep: $rss MB."
    echo "<!-- /routes -->"
} >>"$table"
results_section routes "$table"
cat "$table"
