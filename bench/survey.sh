#!/bin/bash
# Benchmark of the satisfaction survey (issue 24; not a test): the province demo grown to 2,000
# collecting units (townships added under its counties through the API), a survey of 4 items and
# 3 kinds of respondent tallied at every unit (80,000 answer sheets), closed; the root's results
# timed (wall time and user-space instructions per request) and wrk on loopback over the results
# API and page; then paper-code answer sheets posted by 50 clients, each code once, counted durable.
# Writes its section of bench/RESULTS.md. Usage: bench/survey.sh [SECONDS] [RUNS]
set -eu
cd "$(dirname "$0")/.."
dur=${1:-10}
runs=${2:-1}
command -v wrk >/dev/null || apt-get install -y -qq wrk >/dev/null
make -s all
out=bench/out-survey
rm -rf "$out"
mkdir -p "$out"
db=$out/s.db
./taizhang demo --db "$db" --scale province --seed 7 >"$out/demo.txt"
pw=$(awk '$1 == "admin" { print $2 }' "$out/demo.txt")
. bench/lib.sh
export TAIZHANG_TODAY=2026-12-01
serve_and_login "$db" admin "$pw"
token=$(./taizhang token create --db "$db" --login admin | tail -1)
# the setup through the API: units, two surveys (one tallied and closed, one open for answers),
# the paper codes of the second
python3 - "$base" "$token" "$out" <<'PY'
import json, sqlite3, sys, time, urllib.request
base, token, out = sys.argv[1:4]
def api(method, path, body=None):
    req = urllib.request.Request(base + path, method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req) as r:
            return json.load(r)
    except urllib.error.HTTPError as e:
        sys.exit(f"{method} {path}: {e.code} {e.read()[:300]}")
units = [u for u in api("GET", "/api/v1/units")["units"] if u["kind"] in ("county", "office")]
counties = [u["code"] for u in units if u["kind"] == "county"]
codes = [u["code"] for u in units]
k = 0
while len(codes) < 2000:
    parent = counties[k % len(counties)]
    code = f"{parent}-T{k // len(counties) + 1:02d}"
    api("POST", "/api/v1/units", {"code": code, "name": code + "镇", "parent": parent, "kind": "township"})
    codes.append(code)
    k += 1
codes = codes[:2000]
G = ["very_satisfied", "satisfied", "basically_satisfied", "not_very_satisfied", "dissatisfied"]
items = [{"code": c, "text": t} for c, t in [("overall", "组织工作总体满意度"), ("image", "组工干部形象"),
         ("selection", "干部选拔任用工作"), ("malpractice", "防止和纠正用人上不正之风")]]
kinds = [{"code": "cadre", "name": "干部"}, {"code": "delegate", "name": "党代表"}, {"code": "public", "name": "群众"}]
def survey(title):
    s = api("POST", "/api/v1/surveys", {"unit": "P", "title": title, "scale": "satisfaction5",
        "from": "2026-07-01", "to": "2026-07-31", "items": items, "kinds": kinds,
        "collectors": codes, "overall_item": "overall", "threshold": 80})["id"]
    api("POST", f"/api/v1/surveys/{s}/open", {})
    return s
t0 = time.time()
closed = survey("全国规模满意度调查")
t_open = time.time() - t0
t0 = time.time()
sheets = 0
for i, u in enumerate(codes):
    for j, kd in enumerate(kinds):
        forms = 13 + (i + j) % 2
        counts = {G[g]: (forms + g) // 5 for g in range(5)}
        counts[G[0]] += forms - sum(counts.values())
        api("PUT", f"/api/v1/surveys/{closed}/tallies/{u}",
            {"kind": kd["code"], "forms": forms, "items": {it["code"]: counts for it in items}})
        sheets += forms
t_tally = time.time() - t0
api("POST", f"/api/v1/surveys/{closed}/close", {})
open_s = survey("答题码压力测试")
with open(out + "/codes.txt", "w") as f:
    for u in codes[:12]:
        for _ in range(1):
            for c in api("POST", f"/api/v1/surveys/{open_s}/codes", {"unit": u, "kind": "public", "count": 5000})["codes"]:
                f.write(c + "\n")
json.dump({"closed": closed, "open": open_s, "sheets": sheets, "open_s": round(t_open, 2),
           "tally_s": round(t_tally, 2), "tallies": len(codes) * 3}, open(out + "/setup.json", "w"))
PY
closed=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["closed"])' "$out/setup.json")
opened=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["open"])' "$out/setup.json")
results="/api/v1/surveys/$closed/results?unit=P"
# the root's results: wall time of one request, median of 21
for _ in $(seq 21); do curl -sS -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $token" "$base$results"; done |
    sort -n | sed -n 11p >"$out/root_s"
root_ms=$(python3 -c 'import sys; print("%.1f" % (float(open(sys.argv[1]).read()) * 1000))' "$out/root_s")
res_api=$(run results 50 2 -H "Authorization: Bearer $token" "$base$results")
res_page=$(run page 50 2 -H "Cookie: tz_session=$session" "$base/surveys/$closed")
# paper-code answers, 50 clients, each code once
t0=$(date +%s.%N)
TZ_CODES=$out/codes.txt TZ_SURVEY=$opened TZ_WRK_THREADS=2 wrk -t2 -c50 -d"${dur}s" --latency \
    -s bench/survey.lua "$base" >"$out/answers.txt" 2>&1
answers=$(sqlite3 "$db" "select coalesce(sum(answered), 0) from survey_sheets where survey_id = $opened")
answers_rate=$(python3 -c 'import sys; print(int(int(sys.argv[1]) / float(sys.argv[2])))' "$answers" "$dur")
kill "$spid"; wait "$spid" 2>/dev/null || true
trap - EXIT
ins=$(bash bench/instructions.sh "$db" "$out/demo.txt" "$results" 20 | grep -o '[0-9]* instructions' | cut -d' ' -f1)
# the same tallies from one file into the open survey: every unit, kind and item a row, the
# column names in Chinese, as an office's spreadsheet has them
python3 - "$db" "$opened" "$out/tallies.csv" <<'PY'
import sqlite3, sys
db, survey, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
units = [r[0] for r in sqlite3.connect(db).execute(
    "select u.code from survey_collector c join unit u on u.id = c.unit_id where c.survey_id = ?"
    " order by u.code", (survey,))]
with open(path, "w") as f:
    f.write("单位,对象类别,份数,测评项目,很满意,满意,基本满意,不太满意,不满意\n")
    for u in units:
        for kind in ("干部", "党代表", "群众"):
            for item in ("overall", "image", "selection", "malpractice"):
                f.write(f"{u},{kind},13,{item},5,4,2,1,1\n")
PY
rows=$(($(wc -l <"$out/tallies.csv") - 1))
t0=$(date +%s.%N)
./taizhang survey tally import --db "$db" --survey "$opened" "$out/tallies.csv" >/dev/null
import_s=$(python3 -c 'import sys; print("%.2f" % (float(sys.argv[2]) - float(sys.argv[1])))' "$t0" "$(date +%s.%N)")
read -r sheets open_s tally_s tallies < <(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["sheets"], d["open_s"], d["tally_s"], d["tallies"])' "$out/setup.json")
{
    echo "<!-- survey -->"
    echo "## Satisfaction survey (bench/survey.sh $dur $runs)"
    echo
    echo "Run on $(date -u +%Y-%m-%d) ($(nproc) cores, $(uname -m)): the province demo grown to 2,000 collecting units; a survey of 4 items and 3 kinds tallied at every unit ($tallies tallies, $sheets answer sheets), wrk -t2 -c50, ${dur} s, median of $runs."
    echo
    echo "| work | result |"
    echo "| --- | ---: |"
    echo "| open a survey of 2,000 collecting units (counters and totals made) | $open_s s |"
    echo "| $tallies tallies through PUT, one after another | $tally_s s |"
    echo "| the same tallies from one CSV file, $rows rows (taizhang survey tally import, all or nothing) | $import_s s |"
    echo "| the root's results, one request (median of 21) | $root_ms ms |"
    echo "| the same, user-space instructions per request (bench/instructions.sh) | $ins |"
    echo "| paper-code answer sheets stored durable, 50 clients, $dur s | $answers ($answers_rate per second) |"
    echo
    echo "| endpoint | req/s | p50 ms | p99 ms | errors |"
    echo "| --- | ---: | ---: | ---: | ---: |"
    for pair in "GET $results|$res_api" "GET /surveys/$closed (results page)|$res_page"; do
        set -- ${pair##*|}
        echo "| ${pair%%|*} | $1 | $2 | $3 | $4 |"
    done
    echo "<!-- /survey -->"
} >"$out/section.md"
cat "$out/section.md"
results_section survey "$out/section.md"
