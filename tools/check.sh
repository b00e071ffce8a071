#!/bin/bash
# Source checks that the compiler does not make: layering (includes point one way), banned
# calls, raw HTML output only from literals, page-writer formats only with the conversions the
# writer parses, no SQL built with printf. Exit 1 on a violation.
set -u
cd "$(dirname "$0")/.."
bad=0
report() { echo "check: $*"; bad=1; }

# Layers, lowest first; a file may include only its own layer or lower ones: core, db, auth,
# the mechanisms' models, http (the server, requests, responses, routing), web (the page frame,
# forms, exports), the handlers (pages, API, command verbs), and the tables that name them all.
layer_of() {
    case $1 in
        src/core/*) echo 0 ;;
        src/db/*) echo 1 ;;
        src/auth/*) echo 2 ;;
        src/routes.*|src/main.c|src/cli/serve.c) echo 7 ;;
        src/*/*_page.c|src/*/*_api.c|src/*/*_cmd.c|src/*/*_web.h|src/web/login.c|src/web/web_pages.h|src/cli/*) echo 6 ;;
        src/web/*) echo 5 ;;
        src/http/*) echo 4 ;;
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
# Page writers with a format parser of their own (src/core/html.c) get only the conversions it
# parses: gcc's format check passes any printf conversion, which then fails the page at run time
# (a 500). Each call's format must be string literals; the conversions allowed are those of
# html_printf: %s %d %u %zu %ld %lu %lld %llu %%, with no flag, width or precision.
# Links take request text only through the URL builder of web/form.c, which percent-encodes each
# value: in a page writer's markup an href, src or action value is either fixed text with
# numbers, or one %s (a URL built by url_begin/url_end) alone, never text around a %s and never
# an attribute left open for the next call to finish.
fmt_writers=html_printf,url_begin
perl -0777 -n - "$fmt_writers" html_printf,html_raw $(find src -name '*.c' | sort) <<'PERL' | grep . \
    && report "page-writer format with a conversion it does not parse, or a link built outside the URL builder"
BEGIN {
    %writer = map { $_ => 1 } split /,/, shift @ARGV;
    %markup = map { $_ => 1 } split /,/, shift @ARGV;
}
my $str = qr/"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'/;
my $src = $_;
# comments out, newlines kept for the line numbers
$src =~ s{($str)|/\*.*?\*/|//[^\n]*}{ defined $1 ? $1 : join("", $& =~ /\n/g) }gse;
while ($src =~ /$str|\b(\w+)\s*\(/g) {
    my ($name, $at, $open) = ($1, $-[0], pos($src));
    next unless defined $name && ($writer{$name} || $markup{$name});
    next if substr($src, 0, $at) =~ /\bvoid\s*$/; # the definition
    my $line = 1 + (substr($src, 0, $at) =~ tr/\n//);
    # past the arguments before the format (url_begin has two, the others one): the commas
    # outside parentheses, strings and characters
    my ($depth, $commas) = (0, $name eq "url_begin" ? 2 : 1);
    while ($src =~ /\G(?:$str|([(),])|[^"'(),]+)/gc) {
        next unless defined $1;
        if ($1 eq "(") { $depth++ } elsif ($1 eq ")") { $depth-- } elsif ($depth == 0) { last unless --$commas }
    }
    my $fmt = "";
    $fmt .= substr($1, 1, -1) while $src =~ /\G\s*("(?:\\.|[^"\\])*")/gc;
    if ($fmt eq "" || $src !~ /\G\s*[,)]/gc) {
        print "$ARGV:$line: $name: a format that is not string literals alone\n";
    } else {
        while ($writer{$name} && $fmt =~ /%(?:s|d|u|zu|ld|lu|lld|llu|%)|%([-+ #0-9.*]*[hlLqjzt]*.?)/g) {
            print "$ARGV:$line: $name: unsupported conversion '%$1'\n" if defined $1;
        }
        while ($markup{$name} && $fmt =~ /\b(href|src|action)=\\"((?:[^\\]|\\[^"])*)(\\"|$)/g) {
            my ($attr, $value, $end) = ($1, $2, $3);
            print "$ARGV:$line: $name: $attr left open for the next call: build it with url_begin\n"
                if $end eq "";
            print "$ARGV:$line: $name: $attr=\"$value\": request text in a link goes through url_begin\n"
                if $value =~ /%s/ && $value ne "%s";
        }
    }
    pos($src) = $open;
}
PERL
# GET and HEAD handlers do not write (route.c makes req_write refuse while one runs): no handler
# on a GET row of src/routes.c calls req_write or req_run itself.
perl -0777 -n - $(find src -name '*.c' | sort) <<'PERL' | grep . && report "a GET handler writes"
BEGIN { local $/; open my $t, '<', 'src/routes.c' or die; my $rt = <$t>;
        %get = map { $_ => 1 } $rt =~ /\{\s*M_GET[^,]*,\s*"[^"]*",\s*(\w+)/g; }
while (/^(?:static\s+)?void\s+(\w+)\(struct req \*r\)\n\{\n(.*?)^\}/gms) {
    my ($fn, $body) = ($1, $2);
    print "$ARGV: $fn (a GET route) calls req_write or req_run\n"
        if $get{$fn} && $body =~ /\breq_(?:write|run)\(/;
}
PERL
grep -n 'microhttpd.h' $(find src -name '*.[ch]' ! -path src/http/server.c) \
    && report "microhttpd.h outside http/server.c"
grep -nE 'prepare[_a-z0-9]*\([^)]*printf' $(find src -name '*.c') && report "SQL built with printf"
[ $bad = 0 ] && echo "check: ok"
exit $bad
