#!/bin/bash
# Benchmark (not a test) of the registries (issue 16) at province scale: the province demo with
# its registry records (rules, commendations, contests and essays, media, meetings, research,
# discipline), then every registry list page and API list for the whole province, the figures
# page and GET /api/v1/stats/registries for the root, as the province's administrator (wrk -t2
# -c50 on loopback, DURATION seconds, median of RUNS), and the CSV import of 50,000 rules into
# a copy of that database. Writes the "registries" section of bench/RESULTS.md.
# Usage: bench/registries.sh [DURATION_SECONDS=10] [RUNS=3]
set -eu
cd "$(dirname "$0")/.."
dur=${1:-10}
runs=${2:-3}
command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null; }
command -v sqlite3 >/dev/null || { apt-get install -y -qq sqlite3 >/dev/null; }
make -s all
out=bench/out-registries
rm -rf "$out"
mkdir -p "$out"
db=$out/province.db
start=$(date +%s.%N)
./taizhang demo --db "$db" --scale province --seed 7 >"$out/demo.txt"
demo_s=$(python3 -c "import time; print(f'{time.time() - $start:.1f}')")
q() { sqlite3 "$db" "$1"; }
records=$(q "SELECT (SELECT count(*) FROM rule_version) + (SELECT count(*) FROM commendation)
    + (SELECT count(*) FROM essay) + (SELECT count(*) FROM media)
    + (SELECT count(*) FROM meeting) + (SELECT count(*) FROM research)
    + (SELECT count(*) FROM discipline)")
per_table=$(q "SELECT 'rule versions ' || (SELECT count(*) FROM rule_version) || ', commendations '
    || (SELECT count(*) FROM commendation) || ', essays ' || (SELECT count(*) FROM essay)
    || ', media ' || (SELECT count(*) FROM media) || ', meetings '
    || (SELECT count(*) FROM meeting) || ', research ' || (SELECT count(*) FROM research)
    || ', discipline cases ' || (SELECT count(*) FROM discipline)")
pw=$(awk '$1 == "admin" { print $2 }' "$out/demo.txt")
token=$(./taizhang token create --db "$db" --login admin | tail -1)
. bench/lib.sh
serve_and_login "$db" admin "$pw"

table=$out/table.md
{
    echo "<!-- registries -->"
    echo "## Registries (bench/registries.sh $dur $runs)"
    echo
    echo "Generated on $(date -u +%Y-%m-%d) ($(nproc) cores, $(uname -m)). Province demo"
    echo "(\`taizhang demo --scale province --seed 7\`, $demo_s s) with $records registry records:"
    echo "$per_table. wrk -t2 -c50 on loopback, $dur s per run, median of $runs; as the"
    echo "province's administrator, the whole province (unit=P, subtree)."
    echo
    echo "| endpoint | req/s | p50 ms | p99 ms | errors (all runs) |"
    echo "| --- | ---: | ---: | ---: | ---: |"
} >"$table"
for list in rules commendations contests media meetings research discipline; do
    for path in "/$list?unit=P&subtree=1" "/api/v1/$list?unit=P&subtree=1"; do
        auth=(-H "Cookie: tz_session=$session")
        case $path in /api/*) auth=(-H "Authorization: Bearer $token") ;; esac
        status=$(curl -s -o /dev/null -w '%{http_code}' "${auth[@]}" "$base$path")
        [ "$status" = 200 ] || { echo "$path answered $status" >&2; exit 1; }
        name=$(echo "$path" | tr -c 'A-Za-z0-9\n' '_')
        read -r rps p50 p99 errors < <(run "$name" 50 2 "${auth[@]}" "$base$path")
        echo "| GET $path | $rps | $p50 | $p99 | $errors |" >>"$table"
        echo "$path $rps req/s p99 $p99 ms" >&2
    done
done
for path in "/api/v1/stats/registries?unit=P" "/api/v1/stats/registries/units?unit=P" "/registries?unit=P"; do
    auth=(-H "Cookie: tz_session=$session")
    case $path in /api/*) auth=(-H "Authorization: Bearer $token") ;; esac
    name=$(echo "$path" | tr -c 'A-Za-z0-9\n' '_')
    read -r rps p50 p99 errors < <(run "$name" 50 2 "${auth[@]}" "$base$path")
    echo "| GET $path | $rps | $p50 | $p99 | $errors |" >>"$table"
    echo "$path $rps req/s p99 $p99 ms" >&2
done
rss=$(awk '/VmRSS/ { print int($2 / 1024) }' "/proc/$spid/status")
kill $spid; wait $spid 2>/dev/null || true
trap - EXIT

# CSV import of 50,000 rules across the province's counties, into a copy of the database.
cp "$db" "$out/import.db"
python3 - "$db" "$out/rules.csv" <<'PY'
import csv, sqlite3, sys
units = [r[0] for r in sqlite3.connect(sys.argv[1]).execute(
    "SELECT code FROM unit WHERE kind = 'county' ORDER BY id")]
cats = ["selection", "supervision", "internal", "other"]
with open(sys.argv[2], "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["unit", "title", "category", "doc_number", "effective", "public", "text"])
    for i in range(50000):
        w.writerow([units[i % len(units)], f"导入制度第{i}号", cats[i % 4], f"组发〔2026〕{i}号",
                    f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}", i % 2,
                    f"第一条 为规范工作,制定本制度(第{i}号)。第二条 本制度自印发之日起施行。"])
PY
start=$(date +%s.%N)
./taizhang rules import --db "$out/import.db" "$out/rules.csv" >"$out/import.txt"
import_s=$(python3 -c "import time; print(f'{time.time() - $start:.2f}')")
rate=$(python3 -c "print(f'{50000 / $import_s:.0f}')")
{
    echo
    echo "Server RSS after the runs: $rss MB. CSV import of 50,000 rules (\`taizhang rules import\`,"
    echo "all or nothing, one transaction): $import_s s, $rate rows/s."
    echo "<!-- /registries -->"
} >>"$table"
results_section registries "$table"
cat "$table"
