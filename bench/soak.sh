#!/bin/bash
# Benchmark (not a test): the soak. The demo province, served; a mixed load (bench/soak.lua:
# ledger reads, task writes, opinions, exam answers in 200 open sittings) first as fast as the
# server answers for 20 s (the peak), then at half that rate for SECONDS (default 3600) as
# consecutive 10-second wrk runs, after each of which the server's RSS, open descriptors, p99
# and rate are sampled. Passes when RSS and descriptors do not grow after the first five minutes
# (the last sample within 10 % and 16 descriptors of the one at five minutes, or of the first in a
# run shorter than ten minutes) and no request failed; draws bench/soak.svg and, for a run of an
# hour or more, writes the figures into bench/RESULTS.md.
#   usage: bench/soak.sh [SECONDS] [SCALE small|province]
set -eu
cd "$(dirname "$0")/.."
. bench/lib.sh
secs=${1:-3600}
scale=${2:-province}
conns=32
make -s all
out=bench/out/soak
rm -rf "$out"
mkdir -p "$out"
db=$out/soak.db
./taizhang demo --db "$db" --scale "$scale" --seed 11 >"$out/demo.txt"
cadre_tokens "$db" 200 "$out/tokens.txt"
admin=$(./taizhang token create --db "$db" --login admin | tail -1)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0))
print(s.getsockname()[1])')
./taizhang serve --db "$db" --listen "127.0.0.1:$port" >"$out/serve.log" 2>&1 &
spid=$!
trap 'kill $spid 2>/dev/null; wait $spid 2>/dev/null' EXIT
base=http://127.0.0.1:$port
for _ in $(seq 50); do curl -fsS "$base/healthz" >/dev/null 2>&1 && break; sleep 0.1; done

# an exam open for the whole run (local times, UTC+8), a sitting started for each cadre, and the
# units and tasks the load reads and writes, as a Lua table for soak.lua
python3 - "$base" "$admin" "$db" "$out/tokens.txt" "$secs" "$out/data.lua" <<'PY'
import datetime, json, sqlite3, sys, urllib.request
base, admin, db, tokens, secs, out = sys.argv[1:7]
def call(method, path, token, body=None):
    req = urllib.request.Request(base + path, method=method,
                                 data=json.dumps(body).encode() if body is not None else None,
                                 headers={"Authorization": "Bearer " + token,
                                          "Content-Type": "application/json"})
    with urllib.request.urlopen(req) as r:
        return json.loads(r.read())
local = datetime.datetime.utcnow() + datetime.timedelta(hours=8)
fmt = "%Y-%m-%dT%H:%M:%S"
exam = call("POST", "/api/v1/exams", admin, {
    "unit": "P", "title": "浸泡测试", "examinee_unit": "P", "minutes": 600, "pass_score": 60,
    "rules": [{"category": "党章党规", "count": 10}, {"category": "组织工作", "count": 10}],
    "opens": (local - datetime.timedelta(minutes=1)).strftime(fmt),
    "closes": (local + datetime.timedelta(seconds=int(secs) * 2 + 3600)).strftime(fmt)})["id"]
sittings = []
for line in open(tokens):
    token = line.split()[1]
    paper = call("POST", "/api/v1/exams/%d/start" % exam, token, {})
    sittings.append((token, [q["id"] for q in paper["questions"]],
                     [len(q["options"]) for q in paper["questions"]]))
con = sqlite3.connect(db)
units = [r[0] for r in con.execute("SELECT code FROM unit ORDER BY random() LIMIT 40")]
tasks = [r[0] for r in con.execute("SELECT id FROM task WHERE state = 'in_progress'"
                                        " ORDER BY random() LIMIT 200")]
lua = lambda xs: "{" + ",".join(json.dumps(x, ensure_ascii=False) for x in xs) + "}"
with open(out, "w") as f:
    f.write("return {admin=%s, exam=%d, units=%s, tasks=%s, sittings={\n" %
            (json.dumps(admin), exam, lua(units), lua(tasks)))
    for token, q, n in sittings:
        f.write("{token=%s, q=%s, n=%s},\n" % (json.dumps(token), lua(q), lua(n)))
    f.write("}}\n")
PY
export TZ_SOAK_DATA=$out/data.lua

TZ_DELAY_MS=0 wrk -t2 -c$conns -d20s --latency -s bench/soak.lua "$base" >"$out/peak.txt"
peak=$(awk '/^Requests\/sec/ { print int($2) }' "$out/peak.txt")
# each connection waits conns/(peak/2) seconds between its requests
export TZ_DELAY_MS=$((conns * 1000 * 2 / peak))
echo "peak $peak req/s; the soak runs at about $((peak / 2)) req/s for $secs s"

ms() { # a wrk latency ("812.00us", "3.21ms", "1.02s") in milliseconds
    awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000
        else if (v ~ /[0-9]s$/ && v !~ /ms$/) n *= 1000; printf "%.2f", n }'
}
echo "seconds,rss_mb,fds,p99_ms,req_s,errors" >"$out/samples.csv"
start=$(date +%s)
while [ $(($(date +%s) - start)) -lt "$secs" ]; do
    wrk -t2 -c$conns -d10s --latency -s bench/soak.lua "$base" >"$out/slice.txt" 2>&1
    p99=$(ms "$(awk '$1 == "99%" { print $2 }' "$out/slice.txt")")
    rate=$(awk '/^Requests\/sec/ { print int($2) }' "$out/slice.txt")
    errors=$(awk '/Non-2xx|Socket errors/ { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/)
        s += $i } END { print s + 0 }' "$out/slice.txt")
    rss=$(awk '/VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$spid/status")
    fds=$(ls "/proc/$spid/fd" | wc -l)
    echo "$(($(date +%s) - start)),$rss,$fds,$p99,$rate,$errors" >>"$out/samples.csv"
done

rc=0
python3 - "$out/samples.csv" bench/soak.svg "$peak" "$out/verdict.txt" <<'PY' || rc=$?
import csv, statistics, sys
rows = [{k: float(v) for k, v in r.items()} for r in csv.DictReader(open(sys.argv[1]))]
peak = int(sys.argv[3])
base = next((r for r in rows if r["seconds"] >= 300), rows[0]) if rows[-1]["seconds"] >= 600 \
    else rows[0]
last = rows[-1]
p99 = [r["p99_ms"] for r in rows]
errors = sum(r["errors"] for r in rows)
ok = (last["rss_mb"] <= base["rss_mb"] * 1.1 and last["fds"] <= base["fds"] + 16 and errors == 0)
verdict = ("%s: %d samples over %d s at %d req/s (half the peak of %d); RSS %.1f MB at %d s, "
           "%.1f MB at the end; descriptors %d then %d; p99 median %.2f ms, max %.2f ms; "
           "%d failed requests" % ("flat" if ok else "GROWTH OR FAILURES", len(rows),
           last["seconds"], statistics.median(r["req_s"] for r in rows), peak,
           base["rss_mb"], base["seconds"], last["rss_mb"], base["fds"], last["fds"],
           statistics.median(p99), max(p99), errors))
open(sys.argv[4], "w").write(verdict + "\n")
print(verdict)
# three panels over time: RSS, descriptors, p99
W, H, PAD = 760, 150, 50
parts = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif"'
         ' font-size="11">' % (W, 3 * H + 40),
         '<text x="%d" y="16" font-size="13">soak: %d s at %d req/s (half the peak)</text>'
         % (PAD, last["seconds"], statistics.median(r["req_s"] for r in rows))]
for i, (key, label) in enumerate([("rss_mb", "RSS (MB)"), ("fds", "open descriptors"),
                                  ("p99_ms", "p99 (ms) per 10 s")]):
    top = 30 + i * H
    vals = [r[key] for r in rows]
    hi = max(vals) * 1.15 or 1
    xs = lambda t: PAD + (W - 2 * PAD) * t / max(last["seconds"], 1)
    ys = lambda v: top + H - 25 - (H - 45) * v / hi
    pts = " ".join("%.1f,%.1f" % (xs(r["seconds"]), ys(r[key])) for r in rows)
    parts += ['<text x="%d" y="%d">%s</text>' % (PAD, top + 12, label),
              '<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#999"/>'
              % (PAD, ys(0), W - PAD, ys(0)),
              '<text x="4" y="%.1f">%.0f</text>' % (ys(hi / 1.15) + 4, hi / 1.15),
              '<text x="4" y="%.1f">0</text>' % (ys(0) + 4),
              '<polyline fill="none" stroke="#b22" stroke-width="1.5" points="%s"/>' % pts,
              '<text x="%d" y="%.1f">%d s</text>' % (W - PAD - 30, ys(0) + 14, last["seconds"])]
parts.append("</svg>\n")
open(sys.argv[2], "w").write("\n".join(parts))
sys.exit(0 if ok else 1)
PY
if [ "$secs" -ge 3600 ]; then
    cat >"$out/section.md" <<EOF
<!-- soak -->
## Soak: an hour at half the peak (bench/soak.sh)

$(date -u +%Y-%m-%d), $scale demo, $conns connections, mixed load of bench/soak.lua (ledger reads
4/10, task progress 2/10, opinions 2/10, exam answers 2/10): $(cat "$out/verdict.txt")
The curve: [soak.svg](soak.svg).
<!-- /soak -->
EOF
    results_section soak "$out/section.md"
fi
exit $rc
