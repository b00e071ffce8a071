#!/bin/bash
# Source checks that the compiler does not make: layering (includes point one way), banned
# calls, raw HTML output only from literals, no SQL built with printf. Exit 1 on a violation.
set -u
cd "$(dirname "$0")/.."
bad=0
report() { echo "check: $*"; bad=1; }

# Layers, lowest first; a file may include only its own layer or lower ones.
layer_of() {
    case $1 in
        src/core/*) echo 0 ;;
        src/db/*) echo 1 ;;
        src/auth/*) echo 2 ;;
        src/http/route.h|src/http/http.h|src/web/i18n.h) echo 3 ;;
        src/routes.*|src/main.c|src/cli/serve.c) echo 5 ;;
        src/*/*_page.c|src/*/*_api.c|src/*/*_cmd.c|src/*/*_web.h|src/web/*|src/http/*|src/cli/*) echo 4 ;;
        src/*/*) echo 3 ;;
        *) echo 9 ;;
    esac
}
for f in $(find src -name '*.[ch]'); do
    lf=$(layer_of "$f")
    for inc in $(grep -o '^#include "[^"]*"' "$f" | cut -d'"' -f2); do
        li=$(layer_of "src/$inc")
        [ "$li" -gt "$lf" ] && report "$f (layer $lf) includes $inc (layer $li)"
    done
    # a model file never includes http/ or web/
    case $f in
        src/*/*_page.c|src/*/*_api.c|src/*/*_cmd.c|src/*/*_web.h|src/web/*|src/http/*|src/cli/*|src/routes.*|src/main.c) ;;
        *) grep -q '#include "\(http\|web\)/' "$f" && report "$f: a model includes http/ or web/" ;;
    esac
done
grep -nE '\b(sprintf|strcpy|strcat|strtok|atoi|gets)\s*\(' $(find src -name '*.c') | grep -v snprintf \
    && report "banned call (sprintf strcpy strcat strtok atoi gets)"
grep -nE '\b(malloc|calloc|realloc)\s*\(' $(find src -name '*.c' ! -path src/core/xalloc.c) \
    && report "malloc outside core/xalloc.c"
grep -nE 'html_raw\([^,]+,\s*[^" ]' $(find src -name '*.c') && report "html_raw with a non-literal"
grep -n 'microhttpd.h' $(find src -name '*.[ch]' ! -path src/http/server.c) \
    && report "microhttpd.h outside http/server.c"
grep -nE 'prepare[_a-z0-9]*\([^)]*printf' $(find src -name '*.c') && report "SQL built with printf"
[ $bad = 0 ] && echo "check: ok"
exit $bad
