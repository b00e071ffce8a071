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
