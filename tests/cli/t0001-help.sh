#!/bin/bash
# Usage texts and bad usage: --help of every command and sub-command exits 0 with the usage on
# stdout; an unknown command or option, or a missing required option, exits 2 with the error on
# stderr and nothing on stdout.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

say "taizhang --help and -h print the command list"
for h in --help -h help; do
    expect_exit 0 tz $h
    out_has "usage"
    for c in init demo serve unit user token backup audit version; do
        grep -q "^  $c " "$TMP/out" || fail "taizhang $h does not list '$c'"
    done
done

say "--help of every command and sub-command exits 0 and prints its usage"
while read -r cmd; do
    # shellcheck disable=SC2086  # the words of the command are meant to split
    expect_exit 0 tz $cmd --help
    grep -qi "usage" "$TMP/out" || fail "'taizhang $cmd --help' prints no usage: $(head -c 200 "$TMP/out")"
    [ ! -s "$TMP/err" ] || fail "'taizhang $cmd --help' wrote to stderr: $(head -c 200 "$TMP/err")"
done <<'LIST'
init
demo
serve
unit
unit add
unit move
unit list
unit import
user
user add
user list
user passwd
user disable
token
token create
backup
audit
audit verify
plan
task
LIST

say "a sub-command's usage names its own options"
expect_exit 0 tz unit add --help
out_has "--code"
out_has "--parent"
expect_exit 0 tz user add --help
out_has "--password-file"
expect_exit 0 tz serve --help
out_has "--listen"

say "-h works like --help after other options"
expect_exit 0 tz init --db "$TMP/never.db" -h
out_has "usage: taizhang init"
[ ! -e "$TMP/never.db" ] || fail "init -h created the database"

say "no command at all exits 2 with the usage on stderr"
expect_exit 2 tz
out_empty
err_has "usage"

say "an unknown command exits 2, the error on stderr and nothing on stdout"
expect_exit 2 tz frobnicate
out_empty
err_has "unknown command"
err_has "frobnicate"

say "an unknown sub-command exits 2 the same way"
for g in unit user token audit; do
    expect_exit 2 tz $g frobnicate
    out_empty
    err_has "unknown command 'taizhang $g frobnicate'"
done

say "an unknown option exits 2, the error on stderr and nothing on stdout"
DB=$(new_db t.db)
for cmd in "init" "unit add" "unit list" "user list" "token create" "backup" "audit verify" \
    "serve" "demo"; do
    # shellcheck disable=SC2086  # (timeout: serve must not stay up should it accept the option)
    expect_exit 2 timeout 10 "$TZ_BIN" $cmd --db "$DB" --no-such-option
    out_empty
    err_has "unknown option '--no-such-option'"
done

say "an option without its value exits 2"
expect_exit 2 tz unit list --db
out_empty
err_has "needs a value"

say "a stray positional argument exits 2"
expect_exit 2 tz unit list --db "$DB" extra
out_empty
err_has "unexpected argument 'extra'"

say "a missing required option exits 2 and changes nothing"
before=$(sum "$DB")
expect_exit 2 tz unit add --db "$DB" --name 无代码
out_empty
err_has "required"
expect_exit 2 tz unit add --db "$DB" --code NONAME
err_has "required"
expect_exit 2 tz unit move --db "$DB" --code A
err_has "required"
expect_exit 2 tz user add --db "$DB" --login abc --name 名 --unit A
err_has "required"
expect_exit 2 tz user passwd --db "$DB"
err_has "--login is required"
expect_exit 2 tz user disable --db "$DB"
err_has "--login is required"
expect_exit 2 tz token create --db "$DB"
err_has "--login is required"
expect_exit 2 tz backup --db "$DB"
err_has "name the output file"
expect_exit 2 tz unit import --db "$DB"
err_has "name the CSV file"
[ "$(sum "$DB")" = "$before" ] || fail "bad usage changed the database"

say "version and --version print the version"
expect_exit 0 tz version
grep -qE '^taizhang [0-9]+\.[0-9]+\.[0-9]+' "$TMP/out" || fail "version printed: $(cat "$TMP/out")"
expect_exit 0 tz --version
out_has "taizhang "

# Checked last: a failure here must not hide the checks above.
say "version --help prints a usage, and version with an unknown option exits 2"
expect_exit 0 tz version --help
grep -qi "usage" "$TMP/out" || fail "'taizhang version --help' prints no usage but: $(cat "$TMP/out")"
expect_exit 2 tz version --no-such-option
out_empty

echo "ok: $TZ_TEST_NAME"
