#!/bin/bash
# Benchmark (not a test) of the indicators and period reports (issue 17) on the speech-scale
# demo: the build time, `stats verify` over the whole database, every read route of the
# reports for the province (wrk -t2 -c50 on loopback, DURATION seconds, median of RUNS), the
# statistics over a different period each request (bench/stats_periods.lua: the roll-up reads
# themselves, not the per-thread memo of figures), and
# the sign-off of a report issued by the province to its cities: each city's submission
# (summing its subtree's live figures and freezing them), the acceptance, and the XLSX.
# Writes the "reports" section of bench/RESULTS.md.
# Usage: bench/reports.sh [DURATION_SECONDS=10] [RUNS=3] [SCALE=speech]
set -eu
cd "$(dirname "$0")/.."
dur=${1:-10}
runs=${2:-3}
scale=${3:-speech}
command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null; }
command -v sqlite3 >/dev/null || { apt-get install -y -qq sqlite3 >/dev/null; }
make -s all
out=bench/out-reports
rm -rf "$out"
mkdir -p "$out"
db=$out/$scale.db
secs() { python3 -c "import time; print(f'{time.time() - $1:.${2:-1}f}')"; }
now() { date +%s.%N; }
start=$(now)
./taizhang demo --db "$db" --scale "$scale" --seed 7 >"$out/demo.txt"
demo_s=$(secs "$start")
start=$(now)
./taizhang stats verify --db "$db" >"$out/verify.txt"
verify_s=$(secs "$start" 2)
q() { sqlite3 "$db" "$1"; }
root=$(q "SELECT code FROM unit WHERE parent_id IS NULL LIMIT 1")
units=$(q "SELECT count(*) FROM unit")
cities=$(q "SELECT count(*) FROM unit WHERE kind = 'city'")
echo 'S3cret-pass-1' >"$out/pw"
./taizhang user add --db "$db" --login benchadmin --name 压测 --unit "$root" --role admin \
    --password-file "$out/pw" >/dev/null
token=$(./taizhang token create --db "$db" --login benchadmin | tail -1)
# an account of each city's department, to submit for it
for c in $(q "SELECT code FROM unit WHERE kind = 'city' ORDER BY path"); do
    login=b$(echo "$c" | tr 'A-Z' 'a-z' | tr -c 'a-z0-9\n' '_')
    ./taizhang user add --db "$db" --login "$login" --name "市$c" --unit "$c" --role unit_admin \
        --password-file "$out/pw" >/dev/null
    echo "$c $(./taizhang token create --db "$db" --login "$login" | tail -1)" >>"$out/cities.txt"
done
. bench/lib.sh
serve_and_login "$db" benchadmin S3cret-pass-1
auth_api=(-H "Authorization: Bearer $token")
Y=$(date +%Y)
curl -sS "${auth_api[@]}" -H 'Content-Type: application/json' -o "$out/report.json" \
    -d '{"unit":"'"$root"'","title":"'"$Y"'年度统计","from":"'"$Y"'-01-01","to":"'"$Y"'-12-31","due":"'"$Y"'-12-31","indicators":["training.classes","training.person_times","exam.takers","media.city_or_above","outreach.letters","opinion.collected","measure.made","measure.implemented","discipline.persons","rule.new","rule.revised","campaign.participants"],"levels":["city"]}' \
    "$base/api/v1/reports"
rep=$(python3 -c "import json; print(json.load(open('$out/report.json'))['id'])")
# each city submits (its subtree's live figures frozen) and the province accepts it
: >"$out/submit.txt"
while read -r c t; do
    curl -sS -o /dev/null -w "$c %{http_code} %{time_total}\n" -H "Authorization: Bearer $t" \
        -H 'Content-Type: application/json' -d '{"values":{"campaign.participants":100}}' \
        "$base/api/v1/reports/$rep/units/$c/submit" >>"$out/submit.txt"
    curl -sS -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
        -d '{}' "$base/api/v1/reports/$rep/units/$c/accept"
done <"$out/cities.txt"
grep -v ' 200 ' "$out/submit.txt" && { echo "a submission failed" >&2; exit 1; }
submit_ms=$(awk '{ s += $3; if ($3 > m) m = $3 } END { printf "%.1f %.1f", 1000 * s / NR, 1000 * m }' "$out/submit.txt")
xlsx_ms=$(curl -sS -o "$out/report.xlsx" -w '%{time_total}' "${auth_api[@]}" "$base/api/v1/reports/$rep.xlsx" | awk '{ printf "%.1f", 1000 * $1 }')

first=$(head -1 "$out/cities.txt" | cut -d' ' -f1)

table=$out/table.md
{
    echo "<!-- reports -->"
    echo "## Reports (bench/reports.sh $dur $runs $scale)"
    echo
    echo "Generated on $(date -u +%Y-%m-%d) ($(nproc) cores, $(uname -m)). \`taizhang demo --scale"
    echo "$scale --seed 7\`: $units units ($cities cities), built in $demo_s s; \`taizhang stats verify\`"
    echo "(every roll-up recounted from the records): $verify_s s. A report issued by $root to its"
    echo "$cities cities: a city's submission (its subtree's live figures summed and frozen) took"
    echo "$(echo "$submit_ms" | cut -d' ' -f1) ms on average, $(echo "$submit_ms" | cut -d' ' -f2) ms at most (curl, one at a time); the whole"
    echo "report's XLSX $xlsx_ms ms. wrk -t2 -c50 on loopback, $dur s per run, median of $runs; as the"
    echo "province's administrator, the whole province (unit=$root)."
    echo
    echo "| endpoint | req/s | p50 ms | p99 ms | errors (all runs) |"
    echo "| --- | ---: | ---: | ---: | ---: |"
} >"$table"
for path in "/api/v1/stats?unit=$root" "/api/v1/stats/units?unit=$root" \
    "/api/v1/summary?unit=$root" "/api/v1/indicators" "/api/v1/reports" \
    "/api/v1/reports/$rep" "/api/v1/reports/$rep/units/$first" "/" "/indicators?unit=$root" \
    "/reports" "/reports/$rep" "/reports/$rep/units/$first"; do
    auth=(-H "Cookie: tz_session=$session")
    case $path in /api/*) auth=("${auth_api[@]}") ;; esac
    status=$(curl -s -o /dev/null -w '%{http_code}' "${auth[@]}" "$base$path")
    [ "$status" = 200 ] || { echo "$path answered $status" >&2; exit 1; }
    name=$(echo "$path" | tr -c 'A-Za-z0-9\n' '_')
    read -r rps p50 p99 errors < <(run "$name" 50 2 "${auth[@]}" "$base$path")
    echo "| GET $path | $rps | $p50 | $p99 | $errors |" >>"$table"
    echo "$path $rps req/s p99 $p99 ms" >&2
done
# the figures read afresh: a different period each request, past the per-thread memo
read -r rps p50 p99 errors < <(TZ_TOKEN=$token TZ_UNIT=$root TZ_YEAR=$Y \
    run stats_periods 50 2 -s bench/stats_periods.lua "$base")
echo "| GET /api/v1/stats?unit=$root&from=…&to=… (a different period each request) | $rps | $p50 | $p99 | $errors |" >>"$table"
echo "stats, periods varied: $rps req/s p99 $p99 ms" >&2
rss=$(awk '/VmRSS/ { print int($2 / 1024) }' "/proc/$spid/status")
{
    echo
    echo "Server RSS after the runs: $rss MB."
    echo "<!-- /reports -->"
} >>"$table"
results_section reports "$table"
cat "$table"
