#!/bin/bash
# Writes the manual page taizhang.1 from the binary's own help texts (help2man, Debian): the
# command list of `taizhang --help`, then every command's and subcommand's --help under
# COMMANDS, and the files the Debian package installs. Usage: tools/man.sh BINARY OUT
set -eu
bin=$1 out=$2
inc=$(mktemp)
trap 'rm -f "$inc"' EXIT
# roff: a line may not start with '.' or "'", and a backslash is \e
roff() { sed -e 's/\\/\\e/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"; }
commands() { "$@" --help | sed -n 's/^  \([a-z][a-z-]*\)  .*/\1/p'; }
{
    echo '[DESCRIPTION]'
    echo 'taizhang (台账) is the work ledger of Party organization and personnel departments from'
    echo 'a province down to a county office: work plans split into tasks, opinions turned into'
    echo 'rectification measures, supervision, democratic evaluation, training and tests,'
    echo 'registries and statistics rolled up level by level. One binary holds the web server'
    echo '(taizhang serve) and the commands that set up, import, check and back up its database.'
    echo
    echo '[COMMANDS]'
    for c in $(commands "$bin"); do
        echo ".SS \"taizhang $c\""
        echo '.nf'
        "$bin" "$c" --help 2>&1 | roff
        echo '.fi'
        if "$bin" "$c" --help 2>&1 | grep -q 'COMMAND --help'; then
            for s in $(commands "$bin" "$c"); do
                echo ".SS \"taizhang $c $s\""
                echo '.nf'
                "$bin" "$c" "$s" --help 2>&1 | roff
                echo '.fi'
            done
        fi
    done
    echo '[ENVIRONMENT]'
    echo '.TP'
    echo '.B TAIZHANG_DB'
    echo 'the database when no --db is given'
    echo '.TP'
    echo '.B TAIZHANG_\fINAME\fP'
    echo 'an option of serve (TAIZHANG_LISTEN, TAIZHANG_TRUST_PROXY), over its --config file'
    echo '.TP'
    echo '.B JOURNAL_STREAM'
    echo "set by systemd: log lines carry the journal's priority (<6>, <4>, <3>) instead of a time"
    echo '[FILES]'
    echo '.TP'
    echo '.I /etc/taizhang/taizhang.conf'
    echo 'the configuration of the service (serve --config)'
    echo '.TP'
    echo '.I /var/lib/taizhang/taizhang.db'
    echo "the service's database; daily copies in /var/lib/taizhang/backup (taizhang-backup.timer)"
    echo '[SEE ALSO]'
    echo 'The guide to installing and running it: docs/部署.md in the source;'
    echo 'the API: docs/openapi.yaml.'
} >"$inc"
help2man --no-info --no-discard-stderr --name 'work ledger of organization departments (台账)' \
    --section 1 --source taizhang --include "$inc" --output "$out" "$bin"
