# Shared by the benchmark scripts (sourced from the project root; they set out, runs and dur).

# run NAME CONNS THREADS ARGS...: median of $runs wrk runs of $dur seconds, outputs kept in
# $out/NAME-CONNS-I.txt -> "req/s p50_ms p99_ms errors_of_all_runs"
run() {
    local name=$1 c=$2 t=$3
    shift 3
    for i in $(seq "$runs"); do
        wrk -t"$t" -c"$c" -d"${dur}s" --latency "$@" >"$out/$name-$c-$i.txt" 2>&1
    done
    python3 bench/wrk_median.py "$out" "$name-$c" "$runs"
}

# results_section NAME FILE: puts FILE (which starts with "<!-- NAME -->" and ends with
# "<!-- /NAME -->") into bench/RESULTS.md in place of that section, or at the end.
results_section() {
    python3 - "$1" "$2" <<'PY'
import re, sys
name, section = sys.argv[1], open(sys.argv[2]).read()
try:
    text = open("bench/RESULTS.md").read()
except FileNotFoundError:
    text = "# Benchmark results\n"
begin, end = f"<!-- {name} -->", f"<!-- /{name} -->"
if begin in text:
    text = re.sub(re.escape(begin) + r".*?" + re.escape(end) + r"\n?", lambda m: section, text,
                  flags=re.S)
else:
    text = text.rstrip("\n") + "\n\n" + section
open("bench/RESULTS.md", "w").write(text)
PY
}
