#!/bin/bash
# Benchmark (not a test): what every GET route costs as the records grow (issue 18). Builds the
# province demo, grows it to each size of tasks in turn (10,000, 100,000 and 1,000,000 unless
# SIZES are given) with opinions (10 a task) and people (3 a task) in proportion, through the
# product's own paths (task import, opinion import, POST /api/v1/persons; their audit records
# grow with them), times task, opinion and unit imports at each size, and then measures the
# user-space instructions per request (callgrind, as bench/instructions.sh) of every GET route of
# src/routes.c, as the root's administrator and as a county's staff. Writes one table (route,
# cost at each size, the largest growth per 10x data) to the "scaling" section of
# bench/RESULTS.md. Usage: bench/scaling.sh [--rates|--table|--nation|--resume] [SIZES...]
# (REQS=N requests per route, default 1). --resume goes on from where a run that stopped left
# the database and its files, at the first size it had not finished. --rates times the imports
# again on the database the last run left (grown to the last size; for a binary that changed
# since, on an idle machine) and rewrites the table; --table rewrites the table from the last
# run's files. --nation builds the national demo (taizhang demo --scale nation, timed, kept in
# bench/out-nation) unless it is there, serves it and measures the nation's and the demo
# province's ledgers, their statistics and a key task's page with wrk -c50 (req/s, p99), the
# server's peak RSS and the database's size, into the "nation" section of bench/RESULTS.md.
set -eu
cd "$(dirname "$0")/.."
mode=all
case ${1:-} in --rates | --table | --nation | --resume) mode=${1#--} && shift ;; esac
if [ "$mode" = nation ]; then
    for tool in wrk sqlite3; do
        command -v $tool >/dev/null || apt-get install -y -qq $tool >/dev/null
    done
    make -s all
    out=bench/out-nation runs=3 dur=10
    db=$out/nation.db
    . bench/lib.sh
    mkdir -p "$out"
    if [ ! -e "$db" ]; then
        start=$(date +%s)
        ./taizhang demo --db "$db" --scale nation --seed 7 >"$out/demo.txt"
        echo $(($(date +%s) - start)) >"$out/built-in-s.txt"
    fi
    sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
    count() { sqlite3 "$db" "SELECT count(*) FROM $1"; }
    sizes="$(count unit) $(count person) $(count task) $(count opinion) $(stat -c %s "$db")"
    serve_and_login "$db" admin "$(awk '$1 == "admin" { print $2 }' "$out/demo.txt")"
    token=$(./taizhang token create --db "$db" --login admin)
    key=$(sqlite3 "$db" "SELECT t.id FROM task t JOIN unit u ON u.id = t.lead_unit_id WHERE
        t.kind = 'key' AND t.depth = 0 AND u.code LIKE 'P-%' ORDER BY t.id LIMIT 1")
    declare -A res
    for u in N P; do
        res[ledger-$u]=$(run "ledger-$u" 50 2 -H "Cookie: tz_session=$session" \
            "$base/tasks?unit=$u&subtree=1")
        res[stats-$u]=$(run "stats-$u" 50 2 -H "Authorization: Bearer $token" \
            "$base/api/v1/stats/tasks?unit=$u")
    done
    res[task]=$(run task 50 2 -H "Cookie: tz_session=$session" "$base/tasks/$key")
    rss=$(awk '/VmHWM/ { print $2 }' "/proc/$spid/status")
    table=$out/table.md
    {
        echo "<!-- nation -->"
        echo "## The national demo (bench/scaling.sh --nation)"
        echo
        read -r n_units n_people n_tasks n_opinions bytes <<<"$sizes"
        echo "\`taizhang demo --scale nation\` built $n_units units, $n_people people," \
            "$n_tasks tasks and $n_opinions opinions in $(cat "$out/built-in-s.txt") s;" \
            "the database holds $((bytes / 1048576)) MB. Served by \`taizhang serve\`" \
            "(default threads), wrk -t2 -c50 on loopback, ${dur} s a run, median of $runs;" \
            "the server's peak RSS over the runs $((rss / 1024)) MB."
        echo
        echo "| request | req/s | p50 ms | p99 ms | errors |"
        echo "| --- | ---: | ---: | ---: | ---: |"
        for u in N P; do
            read -r rps p50 p99 err <<<"${res[ledger-$u]}"
            echo "| GET /tasks?unit=$u&subtree=1 (ledger, 50 rows) | $rps | $p50 | $p99 | $err |"
            read -r rps p50 p99 err <<<"${res[stats-$u]}"
            echo "| GET /api/v1/stats/tasks?unit=$u (roll-up) | $rps | $p50 | $p99 | $err |"
        done
        read -r rps p50 p99 err <<<"${res[task]}"
        echo "| GET /tasks/$key (a key task of the province, split to cities and counties) |" \
            "$rps | $p50 | $p99 | $err |"
        echo "<!-- /nation -->"
    } >"$table"
    results_section nation "$table"
    cat "$table"
    exit 0
fi
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000 1000000)
reqs=${REQS:-1}
for tool in wrk sqlite3 valgrind; do
    command -v $tool >/dev/null || apt-get install -y -qq $tool >/dev/null
done
make -s all
out=bench/out-scaling
db=$out/scale.db
runs=1
. bench/lib.sh
. bench/paths.sh
if [ "$mode" = all ]; then
    rm -rf "$out"
    mkdir -p "$out"
    ./taizhang demo --db "$db" --scale province --seed 7 >"$out/demo.txt"
fi
pw_admin=$(awk '$1 == "admin" { print $2 }' "$out/demo.txt")
pw_county=$(awk '$1 == "county" { print $2 }' "$out/demo.txt")
count() { sqlite3 "$db" "SELECT count(*) FROM $1"; }

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
    # the server's start counts the planner's statistics in full: a minute at 1,000,000 tasks
    for _ in $(seq 6000); do
        curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
        sleep 0.1
    done
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

# measure SIZE WHO: serves $db under callgrind (a server of its own, so that the two callers
# are measured at once on two cores) and writes "who pattern path status cost" lines to
# $out/cost-SIZE-WHO.txt for every GET route, as WHO (admin: the root's administrator; county:
# a county's staff); the admin's server then measures the writes
measure() {
    local size=$1 who=$2 port spid base dump before u auth path status cost
    local dir=$out/cg-$who pw=$pw_admin cookie token id costs=$out/cost-$1-$2.txt
    [ "$who" = county ] && pw=$pw_county
    u=P
    [ "$who" = county ] && u=C01-K01
    rm -rf "$dir"
    mkdir -p "$dir"
    port=$(free_port)
    # counting from the first request on: the start's full ANALYZE of a million tasks took
    # longer under the counting than the 5 minutes the run waited
    valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$dir/callgrind.out" \
        ./taizhang serve --db "$db" --listen "127.0.0.1:$port" --threads 1 >"$dir/serve.log" 2>&1 &
    spid=$!
    base=http://127.0.0.1:$port
    for _ in $(seq 7200); do curl -fsS "$base/healthz" >/dev/null 2>&1 && break; sleep 0.5; done
    callgrind_control -i on "$spid" >/dev/null
    cookie=$(form_login "$base" "$dir/jar" "$who" "$pw")
    token=$(./taizhang token create --db "$db" --login "$who")
    touch "$dir/ready"
    # cost: sends "$@" (curl's arguments) REQS times between a zeroing and a dump of the
    # counters -> the instructions per request; the last answer's status in $status
    cost() {
        before=$(ls "$dir"/callgrind.out.* 2>/dev/null | wc -l)
        callgrind_control -z "$spid" >/dev/null 2>&1
        for _ in $(seq "$reqs"); do
            status=$(curl -s -o "$dir/answer" -w '%{http_code}' "$@")
        done
        callgrind_control -d "$spid" >/dev/null 2>&1
        for _ in $(seq 100); do
            [ "$(ls "$dir"/callgrind.out.* 2>/dev/null | wc -l)" -gt "$before" ] && break
            sleep 0.1
        done
        dump=$(ls -t "$dir"/callgrind.out.* | head -1)
        # summary: the dump's own cost, as callgrind_annotate reads it (its totals line can
        # hold more than the zeroed interval)
        echo $(($(awk '/^summary:/ { print $2 }' "$dump") / reqs))
    }
    : >"$costs"
    while read -r pattern; do
        path=$(path_of "$pattern" $u)
        case $pattern in
            /opinions/export.*|/tasks/export.*|/rectification/export.*)
                # every record of the subtree: measured at the first size only
                [ "$size" = "${sizes[0]}" ] || path=output ;;
        esac
        if [ -z "$path" ] || [ "$path" = output ]; then
            echo "$who $pattern ${path:-none} - -" >>"$costs"
            continue
        fi
        auth=(-H "Cookie: tz_session=$cookie")
        case $pattern in /api/*) auth=(-H "Authorization: Bearer $token") ;; esac
        # once unmeasured: the statements' first preparation is no cost of the records
        status=$(curl -s -o /dev/null -w '%{http_code}' "${auth[@]}" "$base$path")
        if [ "$status" != 200 ]; then
            echo "$who $pattern $path $status -" >>"$costs"
            continue
        fi
        c=$(cost "${auth[@]}" "$base$path")
        echo "$who $pattern $path $status $c" >>"$costs"
        echo "$size $who $pattern $c" >&2
    done < <(grep -o '{ M_GET[^,]*, "[^"]*"' src/routes.c | sed 's/.*"\(.*\)"/\1/')
    if [ "$who" = admin ]; then
        # the writes through the API, each once: a task made and reported on, an opinion and
        # its reply, a person
        write() { # NAME PATH BODY
            c=$(cost -H "Authorization: Bearer $token" -H "Content-Type: application/json" \
                --data-binary "$3" "$base$2")
            echo "write $1 $2 $status $c" >>"$costs"
            id=$(grep -o '"id":[0-9]*' "$dir/answer" | head -1 | cut -d: -f2)
        }
        reqs=1
        write POST:/api/v1/tasks /api/v1/tasks '{"plan":1,"title":"规模测试任务","kind":"key",
            "lead_unit":"C01-K01","deadline":"2026-12-31"}'
        write POST:/api/v1/tasks/{}/progress "/api/v1/tasks/$id/progress" \
            '{"text":"已完成调研","percent":50}'
        write POST:/api/v1/opinions /api/v1/opinions '{"channel":"forum",
            "content":"建议加强基层干部培训","area":"work","target_unit":"C01-K01"}'
        write POST:/api/v1/opinions/{}/reply "/api/v1/opinions/$id/reply" '{"text":"已研究落实"}'
        write POST:/api/v1/persons /api/v1/persons '{"name":"规模测试","unit":"C01-K01","position":"科员"}'
    fi
    kill -INT "$spid"
    wait "$spid" 2>/dev/null || true
}

# time_imports SIZE: the imports' rates on the data grown to SIZE: 20,000 tasks and 100,000
# opinions more (the next size grows from there), 2,000 units on a copy (the tree stays the
# same at every size)
time_imports() {
    import_rows tasks 20000 $(($1 + 1)) >"$out/rate-task-$1.txt"
    import_rows opinions 100000 $(($1 + 1)) >"$out/rate-opinion-$1.txt"
    local kept=$db
    db=$out/units.db
    sqlite3 "$kept" ".backup $db"
    import_rows units 2000 "$1" >"$out/rate-unit-$1.txt"
    rm -f "$db"*
    db=$kept
}

for size in "${sizes[@]}"; do
    [ "$mode" = all ] || [ "$mode" = resume ] || break
    # --resume: the sizes a run that stopped has measured are kept
    [ "$mode" = resume ] && [ -e "$out/rate-unit-$size.txt" ] && continue
    start=$(date +%s)
    tasks=$(count task)
    [ "$tasks" -ge "$size" ] || import_rows tasks $((size - tasks)) "$size" >/dev/null
    opinions=$(count opinion)
    [ "$opinions" -ge $((size * 10)) ] || import_rows opinions $((size * 10 - opinions)) "$size" >/dev/null
    people=$(count person)
    [ "$people" -ge $((size * 3)) ] || add_people $((size * 3 - people))
    sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
    # (a resumed size keeps the time its growth took)
    [ "$mode" = resume ] && [ -e "$out/size-$size.txt" ] ||
        echo "$size $(count task) $(count opinion) $(count person) $(count audit)" \
            "$(count measure) $(stat -c %s "$db") $(( $(date +%s) - start ))" >"$out/size-$size.txt"
    bench_ids "$db"
    # the second server starts once the first has (each start counts the planner's statistics,
    # a write: two at once, the second found the database locked)
    rm -f "$out/cg-admin/ready"
    measure "$size" admin &
    for _ in $(seq 1200); do [ -e "$out/cg-admin/ready" ] && break; sleep 0.5; done
    measure "$size" county &
    wait
    time_imports "$size"
done
if [ "$mode" = rates ]; then
    cp "$db" "$out/rates.db"
    db=$out/rates.db
    time_imports "${sizes[-1]}"
    rm -f "$out"/rates.db*
    db=$out/scale.db
fi

table=$out/table.md
python3 - "$out" "${sizes[@]}" >"$table" <<'PY'
import math, os, sys
out, sizes = sys.argv[1], [int(s) for s in sys.argv[2:]]
cost, paths, order, output = {}, {}, [], set()
for size in sizes:
    lines = open(f"{out}/cost-{size}-admin.txt").readlines()
    lines += open(f"{out}/cost-{size}-county.txt").readlines()
    for line in lines:
        who, pattern, path, status, c = line.split()
        if (pattern, who) not in paths:
            order.append((pattern, who))
        if path == "output":
            output.add((pattern, who))
        elif status in ("200", "201"):
            paths[(pattern, who)] = path
        else:
            paths.setdefault((pattern, who), f"{path} {status}")
        cost[(pattern, who, size)] = int(c) if c != "-" else None
# why a route grows, where it does (read from its callgrind profile): its output, or left to do
people = "output: the unit's people listed (up to 200-300), more people in every unit"
notes = {
    "/asks": "to do: the unit's asks are read and ordered whole for the page of 50 (task_asks"
             " 7,667,086 of 7,785,700 at 1,000,000)",
    "/api/v1/asks": "output: every ask of the unit, as the contract lists them",
    "/inbox": "to do: the unit's open tasks (up to 200) are sorted whole as /tasks sorts them"
              " (task_list 16,626,892 at 1,000,000), the newest messages (outbox_inbox) 9,655,524",
    "/api/v1/inbox": "output: the newest messages, up to 200",
    "/api/v1/persons": "output: the unit's people, a page of them",
    "/tasks": "to do: the unit's own tasks are sorted whole for the page of 50 (1,095 at the"
              " root at 1,000,000) and counted",
    "/tasks/new": people, "/instructions": people, "/instructions/{}": people,
    "/commendations/new": people, "/units": people, "/units/{}": people,
    "/opinions/batch": people,
    "/evaluations/{}": "to do: each candidate's tasks counted from the records",
    "/api/v1/evaluations/{}": "to do: each candidate's tasks counted from the records",
    "/vote/{}": "to do: the ballot shows each candidate's tasks, counted from the records",
    "/rectification": "the roll-up's rows of each unit below (a channel's day or month each) fill"
                      " up as opinions grow denser, up to the period's days and months times 9"
                      " channels",
    "/api/v1/stats/rectification/units": "the same roll-up as /rectification",
    "/healthz": "the server's own work in the interval (98,325 measured alone at 100,000)",
    "/api/v1/opinions": "a unit's own were sorted and counted whole (11,342 at the root): fixed"
                        " after this run (1913c9b), 10,353,733 at 1,000,000 for P, 10,213,656"
                        " for C01-K01",
    "/meetings/export.csv": "the run's one request; measured again alone at 1,000,000: 335,279",
    "/search": "not yet explained: the word (干部) is in every generated opinion, ten million"
               " hits at 1,000,000, of which the full-text index reads the newest page",
    "/api/v1/search": "not yet explained: as /search",
}
first = {}
for pattern, who in order:
    first.setdefault(pattern, len(first))
order.sort(key=lambda k: (first[k[0]], k[1] == "write", k[1] != "admin"))
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
      " as a county's staff (C01-K01); the writes (caller write) as the administrator"
      " through the API. Growth: the largest ratio between two sizes, per 10x tasks; ⚠ above"
      " 1.3. The exports of tasks, opinions and rectification write every record of the"
      " subtree, so their output grows with the records: measured at the first size only.")
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
    if (pattern, who) in output:
        mark = "output: every record"
    elif mark.endswith("⚠") and pattern in notes:
        mark += " " + notes[pattern]
    shown = pattern.replace(":", " ")
    print(f"| `{shown}` | {who} | `{paths[(pattern, who)]}` | " +
          " | ".join(fmt(c) for c in cs) + f" | {mark} |")
print("<!-- /scaling -->")
PY
results_section scaling "$table"
cat "$table"
