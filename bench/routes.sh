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

# one value from the demo database, or "" when the query finds none
q() { sqlite3 "$db" "$1" 2>/dev/null || true; }
task=$(q "SELECT min(id) FROM task")
closed=$(q "SELECT min(id) FROM evaluation WHERE state = 'closed'")
open=$(q "SELECT min(id) FROM evaluation WHERE state = 'open'")
report=$(q "SELECT owner_id || '/' || part_id FROM attachment WHERE owner = 'evaluation' LIMIT 1")
exam=$(q "SELECT min(id) FROM exam")
opinion=$(q "SELECT min(id) FROM opinion")
campaign=$(q "SELECT min(id) FROM campaign")
person=$(q "SELECT min(id) FROM person")
class=$(q "SELECT min(id) FROM training_class")
sup=$(q "SELECT min(id) FROM supervision")
task_file=$(q "SELECT min(id) FROM attachment WHERE owner = 'task'")
opinion_file=$(q "SELECT min(id) FROM attachment WHERE owner = 'opinion'")
unit=C01-K01
rule=$(q "SELECT min(id) FROM rule")
commendation=$(q "SELECT min(id) FROM commendation")
contest=$(q "SELECT min(id) FROM contest")
research=$(q "SELECT min(id) FROM research")
case_id=$(q "SELECT min(id) FROM discipline")

# the concrete path of a route pattern, or "" when the demo has no record for it
path_of() {
    case $1 in
        /attachments/{}) [ -n "$task_file" ] && echo "/attachments/$task_file" ;;
        /api/v1/evaluations/{}|/api/v1/evaluations/{}/codes|/evaluations/{}|/evaluations/{}/codes)
            echo "${1/\{\}/$closed}" ;;
        /api/v1/evaluations/{}/results|/evaluations/{}/results|/evaluations/{}/results.xlsx)
            echo "${1/\{\}/$closed}" ;;
        /evaluations/{}/reports/{}) [ -n "$report" ] && echo "/evaluations/$report" ;;
        /vote/{}) [ -n "$open" ] && echo "/vote/$open" ;;
        /api/v1/exams/{}/paper) ;; # a paper is the examinee's own: the admin sits no exam
        */exams/{}*) echo "${1/\{\}/$exam}" ;;
        /api/v1/public/opinions/{}) ;; # a tracking code is known only to its submitter
        /api/v1/tasks/{}|/tasks/{}) echo "${1/\{\}/$task}" ;;
        /api/v1/units/{}|/units/{}) echo "${1/\{\}/$unit}" ;;
        /campaigns/{}) echo "/campaigns/$campaign" ;;
        /opinions/attachments/{}) [ -n "$opinion_file" ] && echo "/opinions/attachments/$opinion_file" ;;
        /opinions/{}) echo "/opinions/$opinion" ;;
        /persons/{}) echo "/persons/$person" ;;
        /results/{}) echo "/results/$unit" ;;
        /static/{}) echo "/static/style.css" ;;
        /supervision/{}) [ -n "$sup" ] && echo "/supervision/$sup" ;;
        /training/{}) echo "/training/$class" ;;
        /api/v1/persons|/api/v1/opinions|/api/v1/stats/*|/api/v1/training|/api/v1/questions)
            echo "$1?unit=P" ;;
        /api/v1/search|/search) echo "$1?q=%E5%B9%B2%E9%83%A8&unit=P" ;;
        /tasks|/opinions|/rectification|/problems|/tasks/rollup|/opinions/batch) echo "$1?unit=P" ;;
        /tasks/export.*|/opinions/export.*|/rectification/export.*) echo "$1?unit=P" ;;
        /api/v1/rules|/api/v1/commendations|/api/v1/contests|/api/v1/media|/api/v1/meetings|/api/v1/research|/api/v1/discipline)
            echo "$1?unit=P&subtree=1" ;;
        /rules/public/{}) echo "/rules/public/P" ;;
        /rules/{}|/api/v1/rules/{}) echo "${1/\{\}/$rule}" ;;
        /commendations/{}) echo "/commendations/$commendation" ;;
        /contests/{}|/contests/{}/review|/api/v1/contests/{}) echo "${1/\{\}/$contest}" ;;
        /research/{}|/api/v1/research/{}) echo "${1/\{\}/$research}" ;;
        /discipline/{}|/api/v1/discipline/{}) echo "${1/\{\}/$case_id}" ;;
        *{}*) ;;
        *) echo "$1" ;;
    esac
}

table=$out/table.md
{
    echo "<!-- routes -->"
    echo "## Every GET route ($(date -u +%Y-%m-%d), province demo, admin, wrk -t2 -c10 ${dur} s, one run)"
    echo
    echo "| route | path | status | req/s | p50 ms | p99 ms |"
    echo "| --- | --- | --- | ---: | ---: | ---: |"
} >"$table"
grep -o '{ M_GET[^,]*, "[^"]*"' src/routes.c | sed 's/.*"\(.*\)"/\1/' | while read -r pattern; do
    path=$(path_of "$pattern")
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
