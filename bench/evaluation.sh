#!/bin/bash
# Benchmark (not a test): N distinct voters -- half accounts with API tokens, half paper codes --
# cast one ballot each through POST /api/v1/evaluations/ID/ballots at C concurrent clients (wrk,
# loopback). Reports durable ballots/s (all N from the first request until every one is stored,
# each answered only after its group commit), latency percentiles, and the proof that nothing
# was lost: accepted answers = ballots stored = voters and codes marked voted = N, errors 0.
# Usage: bench/evaluation.sh [VOTERS=50000] [CLIENTS=50]. A run with 50,000 voters or more
# writes its section into bench/RESULTS.md; a smaller one only prints.
set -eu
cd "$(dirname "$0")/.."
voters=${1:-50000}
clients=${2:-50}
wrk_threads=2
command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null; }
make -s all
out=bench/out-evaluation
rm -rf "$out"
mkdir -p "$out"
db=$out/eval.db
tz() { ./taizhang "$@"; }
tz init --db "$db" >/dev/null
tz unit add --db "$db" --code P --name 示范省委组织部 >/dev/null
tz unit add --db "$db" --code V --name 参评干部 --parent P >/dev/null
echo 'Bench-pass-123' >"$out/pw"
tz user add --db "$db" --login admin --name 管理员 --unit P --role admin --password-file "$out/pw" >/dev/null
admin=$(tz token create --db "$db" --login admin | tail -1)
n_accounts=$((voters / 2))
n_codes=$((voters - n_accounts))
# The voting accounts are a fixture written straight into the store (argon2id hashing 25,000
# passwords through the CLI would take longer than the benchmark): people, accounts that cannot
# log in by password, and API tokens stored as BLAKE2b-256 hashes as account.c stores them.
python3 - "$db" "$n_accounts" "$out/tokens.txt" <<'PY'
import hashlib, secrets, sqlite3, sys
db, n, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
c = sqlite3.connect(db)
unit = c.execute("select id from unit where code = 'V'").fetchone()[0]
alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
with open(path, "w") as f, c:
    for i in range(n):
        pid = c.execute("insert into person(unit_id, name, position) values (?, ?, '科员')",
                        (unit, f"参评人{i}")).lastrowid
        aid = c.execute("insert into account(login, person_id, unit_id, role, pw_hash, created)"
                        " values (?, ?, ?, 'cadre', '!', '2026-01-01')", (f"v{i}", pid, unit)).lastrowid
        token = "".join(secrets.choice(alphabet) for _ in range(43))
        c.execute("insert into api_token(token_hash, account_id, created) values (?, ?, '2026-01-01')",
                  (hashlib.blake2b(token.encode(), digest_size=32).digest(), aid))
        f.write(token + "\n")
PY
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
threads=${TZ_THREADS:-16}
./taizhang serve --db "$db" --listen "127.0.0.1:$port" --threads "$threads" >"$out/serve.log" 2>&1 &
spid=$!
wpid=
trap 'kill $spid 2>/dev/null; [ -n "$wpid" ] && kill $wpid 2>/dev/null; wait 2>/dev/null' EXIT
base=http://127.0.0.1:$port
for _ in $(seq 50); do curl -fsS "$base/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
api() { curl -sS -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' "$@"; }
jq_() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1],{"d":d}))' "$1"; }
cands=
for name in 甲处长 乙处长 丙处长 丁处长 戊处长; do
    id=$(api -d "{\"name\":\"$name\",\"unit\":\"P\",\"position\":\"处长\"}" "$base/api/v1/persons" | jq_ 'd["id"]')
    cands="$cands${cands:+,}$id"
done
eid=$(api -d "{\"unit\":\"P\",\"title\":\"基准测评\",\"candidates\":[$cands],\"voter_unit\":\"V\",\"paper_codes\":$n_codes}" \
    "$base/api/v1/evaluations" | jq_ 'd["id"]')
api -d '{}' "$base/api/v1/evaluations/$eid/open" >/dev/null
api "$base/api/v1/evaluations/$eid/codes" | jq_ '"\n".join(d["codes"])' >"$out/codes.txt"
{ sed 's/^/T /' "$out/tokens.txt"; sed 's/^/C /' "$out/codes.txt"; } | shuf --random-source=<(yes) >"$out/voters.txt"
eligible=$(api "$base/api/v1/evaluations/$eid" | jq_ 'd["eligible"]')
[ "$eligible" = "$voters" ] || { echo "eligible $eligible, expected $voters" >&2; exit 1; }
# the watchdog's poll: no python here, it would take CPU from the server
voted() { api "$base/api/v1/evaluations/$eid" | grep -o '"voted":[0-9]*' | head -1 | cut -d: -f2; }

mkdir -p "$out/done"
# the fixture's writes reach the disk first, so they do not compete with the ballots'
sync
start=$(date +%s.%N)
TZ_VOTERS=$out/voters.txt TZ_EVAL=$eid TZ_CANDIDATES=$cands TZ_WRK_THREADS=$wrk_threads \
    TZ_DONE_DIR=$out/done \
    wrk -t$wrk_threads -c"$clients" -d600s --latency --timeout 10s -s bench/evaluation.lua "$base" \
    >"$out/wrk.txt" 2>&1 &
wpid=$!
# A 201 is sent only after its group commit, so the run ends when every wrk thread has all its
# answers: each then leaves a file in $out/done, looked for every 20 ms with builtins only (a
# process per look would take CPU from the server). The watchdog stops the run if no ballot is
# stored for 10 s.
(
    last=-1
    while sleep 10; do
        n=$(voted)
        [ "$n" = "$last" ] && { echo "no ballot stored for 10 s; stopping" >&2; kill -INT $wpid; exit; }
        last=$n
    done
) &
dog=$!
exec {pause}<> <(:)
while kill -0 $wpid 2>/dev/null; do
    finished=("$out"/done/*)
    [ -e "${finished[0]}" ] && [ ${#finished[@]} -ge $wrk_threads ] && break
    read -r -t 0.02 -u $pause || true
done
end=$(date +%s.%N)
kill $dog 2>/dev/null || true
kill -INT $wpid 2>/dev/null || true
wait $wpid $dog 2>/dev/null || true
wpid=
secs=$(echo "$end - $start" | bc)
read -r accepted rejected < <(awk '/^ballots accepted/ { print $3, $5 }' "$out/wrk.txt")
ballots=$(sqlite3 "$db" "select count(*) from evaluation_ballot where eval_id = $eid")
marked=$(sqlite3 "$db" "select (select count(*) from evaluation_voter where eval_id = $eid and voted = 1)
                        + (select count(*) from evaluation_code where eval_id = $eid and used = 1)")
p50=$(awk '$1 == "50%" { print $2 }' "$out/wrk.txt")
p99=$(awk '$1 == "99%" { print $2 }' "$out/wrk.txt")
sockerr=$(grep -o 'Socket errors:.*' "$out/wrk.txt" || echo "Socket errors: none")
rate=$(echo "$voters / $secs" | bc)
summary="$voters voters ($n_accounts accounts, $n_codes paper codes), $clients clients: $rate durable ballots/s ($(printf %.2f "$secs") s), p50 $p50, p99 $p99; accepted $accepted, rejected $rejected, ballots stored $ballots, voters marked voted $marked; $sockerr"
echo "$summary"
ok=1
[ "$accepted" = "$voters" ] && [ "$ballots" = "$voters" ] && [ "$marked" = "$voters" ] && [ "$rejected" = 0 ] || ok=0
if [ "$voters" -ge 50000 ]; then
    section=$(printf '## Democratic evaluation: ballots\n\nGenerated by `bench/evaluation.sh %s %s` on %s (%s cores), `taizhang serve --threads %s`, wrk -t%s on loopback.\n\n%s\n\nNothing lost: %s.\n' \
        "$voters" "$clients" "$(date -u +%Y-%m-%d)" "$(nproc)" "$threads" "$wrk_threads" "$summary" \
        "$([ $ok = 1 ] && echo yes || echo NO)")
    python3 - bench/RESULTS.md "$section" <<'PY'
import re, sys
path, section = sys.argv[1], sys.argv[2]
try: text = open(path).read()
except FileNotFoundError: text = "# Benchmark results\n"
text = re.sub(r"\n## Democratic evaluation: ballots\n.*?(?=\n## |\Z)", "", text, flags=re.S)
open(path, "w").write(text.rstrip("\n") + "\n\n" + section)
PY
fi
[ $ok = 1 ] || { echo "FAIL: ballots were lost or refused" >&2; exit 1; }
