#!/bin/bash
# Runs every test once per build directory given (e.g. build build/asan): the cmocka runner
# (core, models, HTTP against a real server on an ephemeral port) and the CLI scripts in
# tests/cli against that build's binary; then, once, the browser tests in tests/browser (Node's
# test runner driving Chromium through playwright-core, against the first build's binary), their
# npm packages installed from the lock file first. Ends with the line "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
passed=0
failed=0
log=${TZ_TEST_LOG:-$(mktemp)}
trap 'rm -f "$log"' EXIT
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
for dir in "$@"; do
    echo "== $dir: unit, model and HTTP tests"
    "$dir/tests" >"$log" 2>&1
    rc=$?
    run=$(grep -c '^\[ RUN      \]' "$log")
    ok=$(grep -c '^\[       OK \]' "$log")
    bad=$((run - ok))
    [ $rc -ne 0 ] && [ $bad -eq 0 ] && bad=1
    grep -E '^\[  (FAILED|ERROR) |^\[  ERROR   \]|ERROR: (Address|Leak)Sanitizer|runtime error' "$log" | sort -u
    [ $bad -ne 0 ] && tail -40 "$log"
    echo "   $ok passed, $bad failed"
    passed=$((passed + ok))
    failed=$((failed + bad))
    echo "== $dir: command-line tests"
    for t in tests/cli/t[0-9]*.sh; do
        [ -e "$t" ] || continue
        if TZ_BIN="$PWD/$dir/taizhang" bash "$t" >"$log" 2>&1; then
            passed=$((passed + 1))
        else
            failed=$((failed + 1))
            echo "   FAILED $t"
            tail -20 "$log" | sed 's/^/     /'
        fi
    done
done
echo "== browser tests (tests/browser, against $1/taizhang)"
if ! (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error) >"$log" 2>&1; then
    tail -20 "$log"
    echo "   npm ci failed"
    failed=$((failed + 1))
else
    (cd tests/browser && TZ_BIN="$PWD/../../$1/taizhang" node --test --test-reporter=tap) \
        >"$log" 2>&1
    rc=$?
    ok=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$log" | tail -1)
    bad=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$log" | tail -1)
    ok=${ok:-0}
    bad=${bad:-0}
    [ $rc -ne 0 ] && [ "$bad" -eq 0 ] && bad=1
    [ "$bad" -ne 0 ] && grep -E '^not ok|^ +(error|expected|actual|message):|^ +- ' "$log" | head -60
    echo "   $ok passed, $bad failed"
    passed=$((passed + ok))
    failed=$((failed + bad))
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
