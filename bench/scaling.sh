#!/bin/bash
# Benchmark (not a test): what every GET route costs as the records grow (issue 18). Builds the
# province demo, grows it to each size of tasks in turn (10,000, 100,000 and 1,000,000 unless
# SIZES are given) with opinions (10 a task) and people (3 a task) in proportion, through the
# product's own paths (task import, opinion import, POST /api/v1/persons; their audit records
# grow with them), times task, opinion and unit imports at each size, and then measures the
# user-space instructions per request (callgrind, as bench/instructions.sh) of every GET route of
# src/routes.c, as the root's administrator and as a county's staff. Writes one table (route,
# cost at each size, the largest growth per 10x data) to the "scaling" section of
# bench/RESULTS.md. Usage: bench/scaling.sh [SIZES...]   (REQS=N requests per route, default 2)
set -eu
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000 1000000)
reqs=${REQS:-2}
for tool in wrk sqlite3 valgrind; do
    command -v $tool >/dev/null || apt-get install -y -qq $tool >/dev/null
done
make -s all
out=bench/out-scaling
rm -rf "$out"
mkdir -p "$out"
db=$out/scale.db
runs=1
. bench/lib.sh
. bench/paths.sh

./taizhang demo --db "$db" --scale province --seed 7 >"$out/demo.txt"
pw_admin=$(awk '$1 == "admin" { print $2 }' "$out/demo.txt")
pw_county=$(awk '$1 == "county" { print $2 }' "$out/demo.txt")
count() { sqlite3 "$db" "SELECT count(*) FROM $1"; }
free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# gen KIND N SEED > CSV: N rows of tasks, opinions or units (offices under random counties)
gen() {
    python3 - "$db" "$@" <<'PY'
import random, sqlite3, sys
db, kind, n, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
random.seed(seed)
con = sqlite3.connect(db)
units = [r[0] for r in con.execute("SELECT code FROM unit")]
out = sys.stdout
if kind == "tasks":
    out.write("title,kind,lead_unit,assist_units,leader,deadline,description\n")
    for i in range(n):
        out.write(f"推进组织工作任务{seed}-{i},{'key' if i % 4 == 0 else 'routine'},"
                  f"{random.choice(units)},,,2026-{random.randint(1, 12):02d}-"
                  f"{random.randint(1, 28):02d},\n")
elif kind == "opinions":
    channels = "hotline box notice form forum visit questionnaire letter web".split()
    areas = "thinking work style ability life".split()
    out.write("channel,content,area,target_unit,contact\n")
    for i in range(n):
        out.write(f"{random.choice(channels)},关于加强干部队伍建设的意见{seed}-{i},"
                  f"{random.choice(areas)},{random.choice(units)},\n")
else:
    counties = [u for u in units if u.count("-") == 1 and "-K" in u]
    out.write("code,name,parent,kind\n")
    for i in range(n):
        out.write(f"X{seed}-{i},新设科室{seed}-{i},{random.choice(counties)},office\n")
PY
}

# import KIND N SEED: imports N generated rows in files of at most 500,000; prints rows/s
import_rows() {
    local kind=$1 n=$2 seed=$3 done=0 secs=0 chunk start
    while [ "$done" -lt "$n" ]; do
        chunk=$((n - done < 500000 ? n - done : 500000))
        gen "$kind" "$chunk" "$((seed + done))" >"$out/import.csv"
        case $kind in
            tasks) set -- task import --db "$db" --plan 1 ;;
            opinions) set -- opinion import --db "$db" ;;
            units) set -- unit import --db "$db" ;;
        esac
        start=$(date +%s.%N)
        ./taizhang "$@" "$out/import.csv" >/dev/null
        secs=$(echo "$secs + $(date +%s.%N) - $start" | bc)
        done=$((done + chunk))
    done
    echo "$n $secs" | awk '{ printf "%d", ($2 > 0 ? $1 / $2 : 0) }'
}

# people N: adds about N people through the API, spread over the units
add_people() {
    local want=$1 have target rate port spid token units
    have=$(count person)
    target=$((have + want))
    token=$(./taizhang token create --db "$db" --login admin)
    units=$(sqlite3 "$db" "SELECT group_concat(code) FROM unit")
    port=$(free_port)
    ./taizhang serve --db "$db" --listen "127.0.0.1:$port" >"$out/grow.log" 2>&1 &
    spid=$!
    for _ in $(seq 100); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
    while [ "$(count person)" -lt "$target" ]; do
        rate=${rate:-5000}
        dur=$(( (target - $(count person)) / rate + 1 ))
        TZ_TOKEN=$token TZ_UNITS=$units wrk -t2 -c20 -d"${dur}s" -s bench/post_person.lua \
            "http://127.0.0.1:$port" >"$out/grow-wrk.txt" 2>&1
        rate=$(awk '/Requests\/sec/ { printf "%d", $2 }' "$out/grow-wrk.txt")
        [ "${rate:-0}" -gt 0 ] || { echo "people: no requests" >&2; kill $spid; exit 1; }
    done
    kill $spid
    wait $spid 2>/dev/null || true
}

# measure PATTERNS_FILE: serves $db under callgrind and writes "who pattern path status cost"
# lines to $out/cost-$size.txt for every GET route as the admin and as the county's staff
measure() {
    local size=$1 port spid base jar csrf dump before n who u auth path status name
    port=$(free_port)
    rm -f "$out"/callgrind.out*
    valgrind --tool=callgrind --callgrind-out-file="$out/callgrind.out" ./taizhang serve \
        --db "$db" --listen "127.0.0.1:$port" --threads 1 >"$out/serve-$size.log" 2>&1 &
    spid=$!
    base=http://127.0.0.1:$port
    for _ in $(seq 600); do curl -fsS "$base/healthz" >/dev/null 2>&1 && break; sleep 0.5; done
    declare -A cookie token
    for who in admin county; do
        jar=$out/jar-$who
        rm -f "$jar"
        local pw=$pw_admin
        [ $who = county ] && pw=$pw_county
        csrf=$(curl -sS -c "$jar" -b "$jar" "$base/login" | grep -o 'name="csrf" value="[^"]*"' | cut -d'"' -f4)
        curl -sS -o /dev/null -c "$jar" -b "$jar" --data-urlencode "login=$who" \
            --data-urlencode "password=$pw" --data-urlencode "csrf=$csrf" "$base/login"
        cookie[$who]=$(awk '$6 == "tz_session" { print $7 }' "$jar")
        token[$who]=$(./taizhang token create --db "$db" --login $who)
    done
    n=0
    : >"$out/cost-$size.txt"
    grep -o '{ M_GET[^,]*, "[^"]*"' src/routes.c | sed 's/.*"\(.*\)"/\1/' | while read -r pattern; do
        for who in admin county; do
            u=P
            [ $who = county ] && u=C01-K01
            path=$(path_of "$pattern" $u)
            if [ -z "$path" ]; then
                echo "$who $pattern - none -" >>"$out/cost-$size.txt"
                continue
            fi
            auth=(-H "Cookie: tz_session=${cookie[$who]}")
            case $pattern in /api/*) auth=(-H "Authorization: Bearer ${token[$who]}") ;; esac
            status=$(curl -s -o /dev/null -w '%{http_code}' "${auth[@]}" "$base$path")
            if [ "$status" != 200 ]; then
                echo "$who $pattern $path $status -" >>"$out/cost-$size.txt"
                continue
            fi
            callgrind_control -z "$spid" >/dev/null 2>&1
            for _ in $(seq "$reqs"); do
                curl -s -o /dev/null "${auth[@]}" "$base$path"
            done
            before=$(ls "$out"/callgrind.out.* 2>/dev/null | wc -l)
            callgrind_control -d "$spid" >/dev/null 2>&1
            for _ in $(seq 100); do
                [ "$(ls "$out"/callgrind.out.* 2>/dev/null | wc -l)" -gt "$before" ] && break
                sleep 0.1
            done
            dump=$(ls -t "$out"/callgrind.out.* | head -1)
            cost=$(awk '/^totals:/ { print $2 }' "$dump")
            echo "$who $pattern $path 200 $((cost / reqs))" >>"$out/cost-$size.txt"
            echo "$size $who $pattern $((cost / reqs))" >&2
        done
    done
    kill -INT "$spid"
    wait "$spid" 2>/dev/null || true
}

for size in "${sizes[@]}"; do
    start=$(date +%s)
    tasks=$(count task)
    [ "$tasks" -ge "$size" ] || import_rows tasks $((size - tasks)) "$size" >/dev/null
    opinions=$(count opinion)
    [ "$opinions" -ge $((size * 10)) ] || import_rows opinions $((size * 10 - opinions)) "$size" >/dev/null
    people=$(count person)
    [ "$people" -ge $((size * 3)) ] || add_people $((size * 3 - people))
    # the rates at this size, on the grown data: 20,000 tasks, 100,000 opinions, 2,000 units more
    import_rows tasks 20000 $((size + 1)) >"$out/rate-task-$size.txt"
    import_rows opinions 100000 $((size + 1)) >"$out/rate-opinion-$size.txt"
    import_rows units 2000 "$size" >"$out/rate-unit-$size.txt"
    sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
    echo "$size $(count task) $(count opinion) $(count person) $(count audit) $(count measure)" \
        "$(stat -c %s "$db") $(( $(date +%s) - start ))" >"$out/size-$size.txt"
    bench_ids "$db"
    measure "$size"
done

table=$out/table.md
python3 - "$out" "${sizes[@]}" >"$table" <<'PY'
import math, os, sys
out, sizes = sys.argv[1], [int(s) for s in sys.argv[2:]]
cost, paths, order = {}, {}, []
for size in sizes:
    for line in open(f"{out}/cost-{size}.txt"):
        who, pattern, path, status, c = line.split()
        if (pattern, who) not in paths:
            order.append((pattern, who))
        paths[(pattern, who)] = path if status == "200" else f"{status}"
        cost[(pattern, who, size)] = int(c) if c != "-" else None
def fmt(n):
    return "—" if n is None else f"{n:,}"
print("<!-- scaling -->")
print(f"## Scaling: every GET route at {', '.join(f'{s:,}' for s in sizes)} tasks (bench/scaling.sh)")
print()
print("| size | tasks | opinions | people | audit | measures | database MB | built in s |")
print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for size in sizes:
    s, t, o, p, a, m, b, secs = open(f"{out}/size-{size}.txt").read().split()
    print(f"| {int(s):,} | {int(t):,} | {int(o):,} | {int(p):,} | {int(a):,} | {int(m):,} |"
          f" {int(b) // 1048576:,} | {secs} |")
print()
print("| import | " + " | ".join(f"rows/s at {s:,}" for s in sizes) + " |")
print("| --- |" + " ---: |" * len(sizes))
for kind in ("task", "opinion", "unit"):
    files = [f"{out}/rate-{kind}-{s}.txt" for s in sizes]
    row = [open(f).read().strip() if os.path.exists(f) else "—" for f in files]
    print(f"| {kind} | " + " | ".join(row) + " |")
print()
print("Instructions per request (user space, callgrind), as the root's administrator (unit P) and"
      " as a county's staff (C01-K01). Growth: the largest ratio between two sizes, per 10x"
      " tasks; ⚠ above 1.3.")
print()
print("| route | caller | path | " + " | ".join(f"{s:,}" for s in sizes) + " | growth per 10x |")
print("| --- | --- | --- |" + " ---: |" * len(sizes) + " ---: |")
for pattern, who in order:
    cs = [cost.get((pattern, who, s)) for s in sizes]
    growth = ""
    for a, b, sa, sb in zip(cs, cs[1:], sizes, sizes[1:]):
        if a and b:
            g = (b / a) ** (1 / math.log10(sb / sa))
            growth = max(growth or 0, g)
    mark = "" if growth == "" else f"{growth:.2f}" + (" ⚠" if growth > 1.3 else "")
    print(f"| `{pattern}` | {who} | `{paths[(pattern, who)]}` | " +
          " | ".join(fmt(c) for c in cs) + f" | {mark} |")
print("<!-- /scaling -->")
PY
results_section scaling "$table"
cat "$table"
