#!/bin/bash
# The crash test, 3 trials (bench/crash.sh runs 1,000): the server killed with SIGKILL under
# writes through the API, the public API and the page forms loses no acknowledged write, and the
# database's integrity check and the audit chain hold after every restart.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)

say "3 trials of kill -9 under load: every acknowledged write is there"
TMPDIR=$TMP bash "$root/bench/crash.sh" 3 >"$TMP/crash.out" 2>&1 ||
    { cat "$TMP/crash.out" >&2; fail "the crash test failed"; }
cat "$TMP/crash.out"
grep -q ', 0 lost;' "$TMP/crash.out" || fail "writes were lost: $(tail -1 "$TMP/crash.out")"
for kind in person opinion meeting media rule meeting-form public; do
    grep -q "[(, ]$kind [1-9]" "$TMP/crash.out" || fail "no $kind write was acknowledged"
done
exit 0
