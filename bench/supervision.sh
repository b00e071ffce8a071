#!/bin/bash
# Benchmark of the supervision cycle (issue 25; not a test): the province demo grown to 100,000
# tasks (copies of its own, their deadlines spread over a year; synthetic rows written straight
# into the bench's copy, roll-ups rebuilt by a unit move), the sweep timed (the first, which
# escalates every overdue task and counts the new tasks' figures, and the daily one after it),
# the supervision statistics' instructions per request at 10,000 and 100,000 tasks, then wrk on
# loopback over the ledger with the new lights, what is asked of the province and of a county,
# and the supervision statistics. Writes its section of bench/RESULTS.md. Usage: bench/supervision.sh [SECONDS] [RUNS]
set -eu
cd "$(dirname "$0")/.."
dur=${1:-10}
runs=${2:-1}
command -v wrk >/dev/null || apt-get install -y -qq wrk >/dev/null
make -s all
out=bench/out-supervision
rm -rf "$out"
mkdir -p "$out"
db=$out/t.db
./taizhang demo --db "$db" --scale province --seed 7 >"$out/demo.txt"
pw=$(awk '$1 == "admin" { print $2 }' "$out/demo.txt")
# Grows the bench's database to $1 tasks, then moves a unit to its own parent (every roll-up
# rebuilt from the records) and sweeps as the day's sweep would (the new tasks counted).
grow() {
    local have
    have=$(sqlite3 "$db" 'select count(*) from task')
    sqlite3 "$db" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
INSERT INTO task(plan_id, depth, assigner_unit_id, lead_unit_id, leader_id, kind, title,
  description, year, deadline, state, percent, last_activity, created, signed_at)
SELECT t.plan_id, 0, t.assigner_unit_id, t.lead_unit_id, t.leader_id, t.kind, t.title || n.i, '',
  t.year, date('2026-07-01', '+' || ((t.id * 7 + n.i * 13) % 365) || ' days'), 'assigned', 0,
  '2026-06-01', '2026-06-01', CASE WHEN n.i % 3 THEN '2026-06-02' END
FROM task t, n LIMIT max(0, $1 - $have)"
    k=$(sqlite3 "$db" "select u.code, p.code from unit u join unit p on p.id = u.parent_id where u.code like '%-K01' limit 1")
    ./taizhang unit move --db "$db" --code "${k%%|*}" --parent "${k##*|}" >/dev/null
}
secs() { python3 -c 'import sys; print("%.2f" % (float(sys.argv[2]) - float(sys.argv[1])))' "$@"; }
# the statistics at 10,000 tasks, in instructions per request (flat cost: the same at 100,000)
grow 10000
TAIZHANG_TODAY=2027-01-15 ./taizhang supervise sweep --db "$db" >/dev/null
cp "$db" "$out/t10k.db"
stats_path="/api/v1/stats/supervision?unit=P"
ins10=$(TAIZHANG_TODAY=2027-01-15 bash bench/instructions.sh "$out/t10k.db" "$out/demo.txt" "$stats_path" 50 | grep -o '[0-9]* instructions' | cut -d' ' -f1)
grow 100000
tasks=$(sqlite3 "$db" 'select count(*) from task')
t0=$(date +%s.%N)
first=$(TAIZHANG_TODAY=2027-01-15 ./taizhang supervise sweep --db "$db" | paste -sd ";" -)
first_s=$(secs "$t0" "$(date +%s.%N)")
t0=$(date +%s.%N)
daily=$(TAIZHANG_TODAY=2027-01-16 ./taizhang supervise sweep --db "$db" | paste -sd ";" -)
daily_s=$(secs "$t0" "$(date +%s.%N)")
cp "$db" "$out/t100k.db"
ins100=$(TAIZHANG_TODAY=2027-01-16 bash bench/instructions.sh "$out/t100k.db" "$out/demo.txt" "$stats_path" 50 | grep -o '[0-9]* instructions' | cut -d' ' -f1)
open=$(sqlite3 "$db" "select count(*) from task where state not in ('accepted', 'reported') and suspended is null")

. bench/lib.sh
export TAIZHANG_TODAY=2027-01-16
serve_and_login "$db" admin "$pw"
token=$(./taizhang token create --db "$db" --login admin | tail -1)
county=$(sqlite3 "$db" "select u.code from unit u join task t on t.lead_unit_id = u.id where u.code like '%-K%' group by u.id order by count(*) desc limit 1")
res_ledger=$(run ledger 50 2 -H "Cookie: tz_session=$session" "$base/tasks?unit=P&subtree=1")
res_asks=$(run asks 50 2 -H "Authorization: Bearer $token" "$base/api/v1/asks?unit=$county")
res_asks_page=$(run asks_page 50 2 -H "Cookie: tz_session=$session" "$base/asks?unit=$county")
res_asks_p=$(run asks_p 50 2 -H "Authorization: Bearer $token" "$base/api/v1/asks?unit=P")
res_stats=$(run stats 50 2 -H "Authorization: Bearer $token" "$base/api/v1/stats/supervision?unit=P")
row() { set -- $2; echo "| $1 | $1 | $2 | $3 | $4 |"; }
{
    echo "<!-- supervision -->"
    echo "## Supervision cycle (bench/supervision.sh $dur $runs)"
    echo
    echo "Run on $(date -u +%Y-%m-%d) ($(nproc) cores, $(uname -m)): the province demo grown to $tasks tasks ($open in work), wrk -t2 -c50, ${dur} s, median of $runs."
    echo
    echo "| work | result | seconds |"
    echo "| --- | --- | ---: |"
    echo "| sweep, first at 100,000 (every task overdue 3 days or more escalated, 90,000 new tasks counted) | $first | $first_s |"
    echo "| sweep, the next day (lights that moved counted again) | $daily | $daily_s |"
    echo
    echo "GET $stats_path from incremental counts, user-space instructions per request (bench/instructions.sh): $ins10 at 10,000 tasks, $ins100 at $tasks."
    echo
    echo "| endpoint | req/s | p50 ms | p99 ms | errors |"
    echo "| --- | ---: | ---: | ---: | ---: |"
    for pair in "GET /tasks?unit=P&subtree=1 (ledger with lights)|$res_ledger" \
        "GET /api/v1/asks?unit=$county (a county)|$res_asks" \
        "GET /asks?unit=$county (page)|$res_asks_page" \
        "GET /api/v1/asks?unit=P (the province)|$res_asks_p" \
        "GET /api/v1/stats/supervision?unit=P|$res_stats"; do
        set -- ${pair##*|}
        echo "| ${pair%%|*} | $1 | $2 | $3 | $4 |"
    done
    echo "<!-- /supervision -->"
} >"$out/section.md"
cat "$out/section.md"
results_section supervision "$out/section.md"
