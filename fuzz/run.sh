#!/bin/bash
# Runs the libFuzzer targets that `make fuzz` builds in build/fuzz: each replays its committed
# seed corpus (fuzz/corpus/TARGET), then fuzzes for SECONDS from it, new inputs going to a scratch
# corpus (build/fuzz/corpus/TARGET, kept between runs). A line per target gives the executions,
# the coverage (libFuzzer's cov and ft) and the findings; a finding's input is kept as
# build/fuzz/findings/TARGET-crash-… and the script exits 1. `make test` runs it with 10 seconds;
# the long runs of bench/RESULTS.md use 1800.
# Usage: fuzz/run.sh [SECONDS] [TARGET...]   (all targets when none is named)
#   FUZZ_DIR=DIR: the targets, scratch corpora, logs and findings in DIR instead of build/fuzz (a
#   long run from copies of the binaries, while make test rebuilds build/fuzz)
set -u
cd "$(dirname "$0")/.."
secs=${1:-10}
shift $(($# > 0 ? 1 : 0))
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=($(ls fuzz/fuzz_*.c | xargs -n1 basename | sed 's/\.c$//'))
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
dir=${FUZZ_DIR:-build/fuzz}
mkdir -p "$dir/findings"
bad=0
for t in "${targets[@]}"; do
    bin=$dir/$t
    [ -x "$bin" ] || { echo "$t: not built (make fuzz)"; bad=1; continue; }
    seeds=fuzz/corpus/$t work=$dir/corpus/$t log=$dir/$t.log
    mkdir -p "$work"
    opts=(-timeout=120 -rss_limit_mb=4096 -artifact_prefix="$dir/findings/$t-"
          -print_final_stats=1)
    # an input may take long on a loaded machine (the world starting over); one the server does
    # not answer is a finding after 20 s (fuzz/world.h)
    # the targets that go through the server in-process (fuzz/world.c) run without libFuzzer's
    # leak check after each input: when the world starts over, the server's threads end and the
    # check races with their thread-local memory being freed (a false leak after 178,211 inputs);
    # LeakSanitizer still looks at the end, and the sanitized test suite at every stop
    case $t in fuzz_api | fuzz_form | fuzz_request) opts+=(-detect_leaks=0) ;; esac
    if ! "$bin" "${opts[@]}" -runs=0 "$seeds" >"$log" 2>&1; then
        echo "$t: FAILED replaying the seed corpus ($log):"
        grep -E '^== fuzz finding|ERROR|SUMMARY|runtime error' "$log" | head -5 | sed 's/^/   /'
        bad=1
        continue
    fi
    replayed=$(ls "$seeds" | wc -l)
    start=$(date +%s)
    "$bin" "${opts[@]}" -max_total_time="$secs" "$work" "$seeds" >"$log" 2>&1
    rc=$?
    took=$(($(date +%s) - start))
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1)
    corpus=$(ls "$work" | wc -l)
    if [ $rc -ne 0 ]; then
        echo "$t: FAILED after ${runs:-?} runs in ${took} s ($log):"
        grep -E '^== fuzz finding|ERROR|SUMMARY|runtime error|Test unit written' "$log" | head -8 |
            sed 's/^/   /'
        bad=1
    else
        echo "$t: $replayed seeds replayed; ${runs:-0} runs in ${took} s, ${cov:-cov: ?}," \
            "scratch corpus $corpus, 0 findings"
    fi
done
exit $bad
