#!/bin/bash
# Runs every test once per build directory given (e.g. build build/asan): the cmocka runner
# (core, models, HTTP against a real server on an ephemeral port) and the CLI scripts in
# tests/cli against that build's binary; then, once, the Debian package's build and checks
# (tests/package.sh), the fuzz targets' corpora and 10 s of fuzzing each (fuzz/run.sh, built by
# make fuzz) and the two Node suites against the first build's binary: the API
# description's tests (tests/api) and the browser tests (tests/browser, Node's test runner
# driving Chromium through playwright-core), their npm packages installed from the lock files
# first; where the npm registry cannot be reached (offline, or behind a TLS proxy the machine
# does not trust) they are counted as skipped and say so. Ends with the line "N passed, N
# failed" (", N skipped" after it when any were).
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
echo "== the Debian package and make install (tests/package.sh)"
if bash tests/package.sh >"$log" 2>&1; then
    passed=$((passed + 1))
    grep '^  exposure' "$log"
else
    failed=$((failed + 1))
    echo "   FAILED tests/package.sh"
    tail -20 "$log" | sed 's/^/     /'
fi
echo "== the fuzz targets: seed corpora replayed, then 10 s of fuzzing each (fuzz/run.sh)"
bash fuzz/run.sh 10 >"$log" 2>&1
sed 's/^/   /' "$log"
ok=$(grep -c '0 findings$' "$log")
bad=$(grep -cE '^fuzz_[a-z]+: (FAILED|not built)' "$log")
[ "$ok" -eq 0 ] && [ "$bad" -eq 0 ] && bad=1
passed=$((passed + ok))
failed=$((failed + bad))
skipped=0
# node_suite DIR TITLE: npm ci in DIR (test tooling only), then Node's test runner on its tests
# against the first build's binary, counted into the totals; where the npm registry cannot be
# reached (offline, or behind a TLS proxy this machine's root does not trust) the suite is
# counted as skipped and says so
node_suite() {
    echo "== $2 ($1, against $first/taizhang)"
    if ! (cd "$1" && npm ci --no-audit --no-fund --loglevel=error) >"$log" 2>&1; then
        if grep -qE 'ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|CERT_|certificate' "$log"
        then
            echo "   skipped: the npm registry cannot be reached from here" \
                "($(grep -m1 -oE 'code [A-Z_]+' "$log" || echo 'network error'))"
            skipped=$((skipped + 1))
        else
            tail -20 "$log"
            echo "   npm ci failed"
            failed=$((failed + 1))
        fi
        return
    fi
    (cd "$1" && TZ_BIN="$PWD/../../$first/taizhang" node --test --test-reporter=tap) >"$log" 2>&1
    local rc=$? ok bad
    ok=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$log" | tail -1)
    bad=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$log" | tail -1)
    ok=${ok:-0}
    bad=${bad:-0}
    [ $rc -ne 0 ] && [ "$bad" -eq 0 ] && bad=1
    [ "$bad" -ne 0 ] &&
        grep -E '^not ok|^ +(error|expected|actual|message):|^ +- ' "$log" | head -60
    echo "   $ok passed, $bad failed"
    passed=$((passed + ok))
    failed=$((failed + bad))
}
first=$1
node_suite tests/api "API description: OpenAPI lint, every route described, answers valid"
node_suite tests/browser "browser tests"
if [ "$skipped" -ne 0 ]; then
    echo "$passed passed, $failed failed, $skipped skipped"
else
    echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
