#!/bin/bash
# Benchmark (not a test) of the province-wide knowledge test: N distinct examinees (default
# 27,000) each start a 50-question paper, save 50 answers and hand in, over one simulated hour of
# HOUR real seconds (default 3600) with a third of them starting within the same five simulated
# minutes. Reports throughput, p50/p99 latency of start, save and submit (overall and at the
# peak), server RSS and CPU, then proves that nothing was lost (bench/learning/verify.py).
# Appends the figures to bench/RESULTS.md when N is 27000. A run lasts about 1.6 HOURs (the last
# sittings begin at simulated minute 50 and last up to 45 minutes).
#   usage: bench/learning/run.sh [N] [HOUR_SECONDS] [SCALE small|province]
set -eu
cd "$(dirname "$0")/../.."
. bench/lib.sh
n=${1:-27000}
hour=${2:-3600}
scale=${3:-province}
make -s all
out=bench/out/learning
rm -rf "$out"
mkdir -p "$out"
cc -O2 -Wall -Wextra -o "$out/loadgen" bench/learning/loadgen.c $(pkg-config --cflags --libs libcurl jansson)
db=$out/exam.db
./taizhang demo --db "$db" --scale "$scale" --seed 7 >"$out/demo.txt"
cadre_tokens "$db" "$n" "$out/tokens.txt"
admin=$(./taizhang token create --db "$db" --login admin | tail -1)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
threads=${TZ_THREADS:-16}
./taizhang serve --db "$db" --listen "127.0.0.1:$port" --threads "$threads" >"$out/serve.log" 2>&1 &
spid=$!
trap 'kill $spid 2>/dev/null; wait $spid 2>/dev/null' EXIT
base=http://127.0.0.1:$port
for _ in $(seq 50); do curl -fsS "$base/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
# a 50-question paper from the demo bank (6 categories), open from now for two hours and a half
# (times are local, UTC+8)
opens=$(date -u -d "+$((8 * 3600 - 60)) seconds" +%Y-%m-%dT%H:%M:%S)
closes=$(date -u -d "+$((8 * 3600 + hour * 2 + 1800)) seconds" +%Y-%m-%dT%H:%M:%S)
exam=$(curl -fsS -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
    -d "{\"unit\":\"P\",\"title\":\"全省知识测试(压力测试)\",\"examinee_unit\":\"P\",\"rules\":[
        {\"category\":\"党章党规\",\"count\":9},{\"category\":\"党员教育管理\",\"count\":9},
        {\"category\":\"基层党建\",\"count\":8},{\"category\":\"干部工作\",\"count\":8},
        {\"category\":\"公务员管理\",\"count\":8},{\"category\":\"组织工作\",\"count\":8}],
        \"minutes\":60,\"opens\":\"$opens\",\"closes\":\"$closes\",\"pass_score\":60}" \
    "$base/api/v1/exams" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
cpu() { awk '{ print $14 + $15 }' "/proc/$spid/stat"; }
rss() { awk '/VmRSS/ { print int($2 / 1024) }' "/proc/$spid/status"; }
hwm() { awk '/VmHWM/ { print int($2 / 1024) }' "/proc/$spid/status"; }
rss_start=$(rss)
cpu_start=$(cpu)
( while kill -0 $spid 2>/dev/null; do echo "$(date +%s) $(rss) $(cpu)"; sleep 5; done ) >"$out/rss.txt" &
rc=0
"$out/loadgen" --base "$base" --exam "$exam" --tokens "$out/tokens.txt" --n "$n" --hour "$hour" \
    --out "$out" >"$out/loadgen.txt" || rc=$?
cpu_end=$(cpu)
rss_end=$(rss)
peak=$(hwm)
tick=$(getconf CLK_TCK)
cat "$out/loadgen.txt"
cpu_s=$(( (cpu_end - cpu_start) / tick ))
echo "server: RSS ${rss_start} MB at the start, ${rss_end} MB at the end, peak ${peak} MB; CPU ${cpu_s} s"
kill $spid; wait $spid 2>/dev/null || true
trap - EXIT
python3 bench/learning/verify.py "$db" "$exam" "$out" | tee "$out/verify.txt" || rc=1
if [ "$n" = 27000 ]; then
    {
        echo
        echo "## Learning: $n examinees in one simulated hour of $hour s (bench/learning/run.sh $n $hour)"
        echo
        [ "$hour" -lt 3600 ] && echo "The hour runs $((3600 / hour)) times faster than a real one: every call rate is $((3600 / hour)) times that of a real hour, the number of examinees sitting at once the same."
        echo
        echo "$(date -u +%Y-%m-%d), $(nproc) cores; server \`--threads $threads\`; $scale demo database."
        echo
        echo '```'
        cat "$out/loadgen.txt"
        echo "server: RSS ${rss_start} MB at the start, ${rss_end} MB at the end, peak ${peak} MB; CPU ${cpu_s} s"
        cat "$out/verify.txt"
        echo '```'
    } >>bench/RESULTS.md
fi
exit $rc
