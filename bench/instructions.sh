#!/bin/bash
# Instructions per request (not a test): serves a copy of DB under callgrind with one thread,
# logs in as the demo admin, sends N requests for PATH one after another and prints the
# user-space instructions per request, which unlike req/s do not vary from run to run on a
# shared machine; the kernel's share is not counted. The callgrind file is kept for
# callgrind_annotate. Usage: bench/instructions.sh DB DEMO_TXT PATH [N]
# (DB and DEMO_TXT as bench/run.sh leaves them: bench/out/province.db, bench/out/demo.txt).
# LOGIN=county (or another of the demo's logins) measures as that account, default admin.
set -eu
cd "$(dirname "$0")/.."
db=$1 demo=$2 path=$3 n=${4:-200}
command -v valgrind >/dev/null || apt-get install -y -qq valgrind >/dev/null
make -s all
out=bench/out-instructions
rm -rf "$out"
mkdir -p "$out"
cp "$db" "$out/db"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
valgrind --tool=callgrind --callgrind-out-file="$out/callgrind.out" ./taizhang serve \
    --db "$out/db" --listen "127.0.0.1:$port" --threads 1 >"$out/serve.log" 2>&1 &
spid=$!
trap 'kill $spid 2>/dev/null; wait $spid 2>/dev/null' EXIT
base=http://127.0.0.1:$port
for _ in $(seq 3000); do curl -fsS "$base/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
login=${LOGIN:-admin}
pw=$(awk -v l="$login" '$1 == l { print $2 }' "$demo")
jar=$out/jar
csrf=$(curl -sS -c "$jar" -b "$jar" "$base/login" | grep -o 'name="csrf" value="[^"]*"' | cut -d'"' -f4)
curl -sS -o /dev/null -c "$jar" -b "$jar" --data-urlencode "login=$login" --data-urlencode "password=$pw" \
    --data-urlencode "csrf=$csrf" "$base/login"
curl -sS -o /dev/null -b "$jar" "$base$path"
callgrind_control -z "$spid" >/dev/null 2>&1
for _ in $(seq "$n"); do printf 'url = "%s"\noutput = /dev/null\n' "$base$path"; done >"$out/curl.cfg"
curl -sS -b "$jar" -K "$out/curl.cfg"
callgrind_control -d "$spid" >/dev/null 2>&1
kill -INT "$spid"
wait "$spid" || true
trap - EXIT
dump=$(ls -t "$out"/callgrind.out.* | head -1)
total=$(callgrind_annotate "$dump" | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1 }')
echo "$path: $((total / n)) instructions per request (user space, $n requests; $dump)"
