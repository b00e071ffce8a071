#!/bin/bash
# Benchmark (not a test) of the dashboard at "/" (issue 17 item 6) at province scale: the
# province demo, then GET / as the province's administrator (11 cities below), a city's unit
# admin and a county's staff: the time of the first request, which draws the page from the
# roll-ups (2 + units below + months so far reads of indicator_values), and wrk -t2 -c50 on
# loopback (DURATION seconds, median of RUNS) with the drawn body kept until the database
# changes (web/fragment.c). Writes the "dashboard" section of bench/RESULTS.md.
# Usage: bench/dashboard.sh [DURATION_SECONDS=10] [RUNS=3]
set -eu
cd "$(dirname "$0")/.."
dur=${1:-10}
runs=${2:-3}
command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null; }
make -s all
out=bench/out-dashboard
rm -rf "$out"
mkdir -p "$out"
db=$out/province.db
./taizhang demo --db "$db" --scale province --seed 7 >"$out/demo.txt"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
./taizhang serve --db "$db" --listen "127.0.0.1:$port" >"$out/serve.log" 2>&1 &
spid=$!
trap 'kill $spid 2>/dev/null; wait $spid 2>/dev/null' EXIT
base=http://127.0.0.1:$port
for _ in $(seq 50); do curl -fsS "$base/healthz" >/dev/null 2>&1 && break; sleep 0.1; done

# login LOGIN: its session token, after logging in through the form
login() {
    local jar=$out/jar-$1 pw csrf
    pw=$(awk -v l="$1" '$1 == l { print $2 }' "$out/demo.txt")
    csrf=$(curl -sS -c "$jar" -b "$jar" "$base/login" | grep -o 'name="csrf" value="[^"]*"' | cut -d'"' -f4)
    curl -sS -o /dev/null -c "$jar" -b "$jar" --data-urlencode "login=$1" \
        --data-urlencode "password=$pw" --data-urlencode "csrf=$csrf" "$base/login"
    awk '$6 == "tz_session" { print $7 }' "$jar"
}

. bench/lib.sh

table=$out/table.md
{
    echo "<!-- dashboard -->"
    echo "## Dashboard (bench/dashboard.sh $dur $runs)"
    echo
    echo "Generated on $(date -u +%Y-%m-%d) ($(nproc) cores, $(uname -m)). Province demo"
    echo "(\`taizhang demo --scale province --seed 7\`). GET / as each account; \"drawn\" is the"
    echo "first request's time (curl), reading the roll-ups; the wrk figures (-t2 -c50, $dur s per"
    echo "run, median of $runs) serve the body kept per worker thread until the next commit."
    echo
    echo "| account (unit) | drawn ms | req/s | p50 ms | p99 ms | errors (all runs) |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: |"
} >"$table"
for who in admin city county; do
    session=$(login "$who")
    [ -n "$session" ] || { echo "login of $who failed" >&2; exit 1; }
    unit=$(awk -v l="$who" '$1 == l { print $4 }' "$out/demo.txt")
    read -r status secs < <(curl -sS -o "$out/page-$who.html" -w '%{http_code} %{time_total}\n' \
        -H "Cookie: tz_session=$session" "$base/")
    [ "$status" = 200 ] || { echo "GET / as $who answered $status" >&2; exit 1; }
    drawn=$(python3 -c "print(f'{$secs * 1000:.1f}')")
    read -r rps p50 p99 errors < <(run "dash-$who" 50 2 -H "Cookie: tz_session=$session" "$base/")
    echo "| $who ($unit) | $drawn | $rps | $p50 | $p99 | $errors |" >>"$table"
    echo "$who: drawn $drawn ms, $rps req/s, p99 $p99 ms" >&2
done
echo "<!-- /dashboard -->" >>"$table"
results_section dashboard "$table"
cat "$table"
