#!/bin/bash
# The crash test (issue 19, item 1; not a benchmark, but long at 1,000 trials): a client with
# many threads writes through every kind of write route — the API with a token (persons, staff
# opinions, meetings, media reports, rules), the public API without an account, the page forms
# with a session and its CSRF token (meetings, the public opinion form) — and logs every write
# acknowledged with 2xx; the server is killed with SIGKILL at a random moment, restarted on the
# same database, and every acknowledged write must be there, PRAGMA integrity_check ok and
# taizhang audit verify passing. Trials follow one another on the same database, a new copy of
# the demo's every 50 trials.
# Usage: bench/crash.sh [TRIALS=3] [--results]   (--results writes the "crash" section of
# bench/RESULTS.md; make test runs 3 trials through tests/cli/t0850-crash.sh)
set -eu
cd "$(dirname "$0")/.."
trials=${1:-3}
results=${2:-}
bin=${TZ_BIN:-$PWD/taizhang}
[ -x "$bin" ] || make -s all
command -v sqlite3 >/dev/null || { echo "crash: sqlite3 is needed" >&2; exit 1; }
out=$(mktemp -d "${TMPDIR:-/tmp}/tz-crash.XXXXXX")
spid= lpid=
trap 'kill -9 $spid $lpid 2>/dev/null || true; rm -rf "$out"' EXIT
db=$out/crash.db
TAIZHANG_TODAY=2026-06-15 "$bin" demo --db "$out/demo.db" >"$out/demo.txt"
cp "$out/demo.db" "$db"
pw=$(awk '$1 == "admin" { print $2 }' "$out/demo.txt")
root=$("$bin" unit list --db "$db" | head -1 | awk '{ print $1 }')
token=$("$bin" token create --db "$db" --login admin | tail -1)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base=http://127.0.0.1:$port

serve() {
    TAIZHANG_TODAY=2026-06-15 "$bin" serve --db "$db" --listen "127.0.0.1:$port" \
        --public-rate 100000000 >>"$out/serve.log" 2>&1 &
    spid=$!
    for _ in $(seq 1 100); do
        curl -fsS -o /dev/null "$base/healthz" 2>/dev/null && return 0
        sleep 0.05
    done
    echo "crash: the server did not start" >&2
    tail -5 "$out/serve.log" >&2
    exit 1
}

acked=0 lost=0 start=$(date +%s)
for trial in $(seq 1 "$trials"); do
    # every 50 trials a new copy of the demo database, so that a trial's checks (the whole audit
    # chain) do not grow with the thousands of writes of every trial before it
    if [ "$trial" -gt 1 ] && [ $((trial % 50)) = 1 ]; then
        rm -f "$db" "$db-wal" "$db-shm"
        cp "$out/demo.db" "$db"
    fi
    serve
    : >"$out/acks"
    rm -f "$out/acks.ready"
    python3 bench/crash.py load "$base" "$token" "$root" "$out/acks" 16 "$pw" 2>/dev/null &
    lpid=$!
    for _ in $(seq 1 600); do
        [ -e "$out/acks.ready" ] && break
        sleep 0.05
    done
    # a random moment between 0.3 and 2.3 s of load
    sleep "$(python3 -c 'import random; print(round(random.uniform(0.3, 2.3), 2))')"
    kill -9 "$spid"
    wait "$spid" 2>/dev/null || true
    kill -9 "$lpid"
    wait "$lpid" 2>/dev/null || true
    spid= lpid=
    serve
    line=$(python3 bench/crash.py verify "$base" "$db" "$out/acks") || {
        echo "crash: trial $trial lost acknowledged writes: $line" >&2
        exit 1
    }
    n=$(echo "$line" | awk '{ print $2 }')
    m=$(echo "$line" | awk '{ print $4 }')
    acked=$((acked + n))
    lost=$((lost + m))
    kill "$spid"
    wait "$spid" 2>/dev/null || true
    spid=
    [ "$(sqlite3 "$db" 'PRAGMA integrity_check')" = ok ] ||
        { echo "crash: integrity_check failed after trial $trial" >&2; exit 1; }
    "$bin" audit verify --db "$db" >/dev/null ||
        { echo "crash: the audit chain broke in trial $trial" >&2; exit 1; }
    [ "$trials" -le 3 ] && echo "crash: trial $trial: $line"
    [ $((trial % 50)) = 0 ] && echo "crash: $trial trials, $acked acknowledged, $lost lost"
done
secs=$(($(date +%s) - start))
echo "crash: $trials trials, $acked writes acknowledged, $lost lost; integrity_check and audit" \
    "verify passed after each ($secs s)"
[ "$acked" -gt $((trials * 20)) ] || { echo "crash: too few writes acknowledged" >&2; exit 1; }
if [ "$results" = --results ]; then
    . bench/lib.sh
    {
        echo "<!-- crash -->"
        echo "## Crash test (bench/crash.sh $trials --results)"
        echo
        echo "Run on $(date -u +%Y-%m-%d) ($(nproc) cores, $(uname -m)). $trials trials, 50 on each"
        echo "copy of the demo database: 16 client threads writing through the API (persons, staff opinions,"
        echo "meetings, media, rules), the public API and the page forms (meetings, the public"
        echo "opinion form), the server killed with SIGKILL 0.3–2.3 s into the load, restarted,"
        echo "every acknowledged write looked for."
        echo
        echo "| trials | writes acknowledged | lost | integrity_check / audit verify | time |"
        echo "| ---: | ---: | ---: | --- | ---: |"
        echo "| $trials | $acked | $lost | ok after every trial | $secs s |"
        echo "<!-- /crash -->"
    } >"$out/section.md"
    results_section crash "$out/section.md"
fi
