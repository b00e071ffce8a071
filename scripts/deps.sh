#!/bin/sh
# Installs the Debian packages that taizhang builds, runs and tests with, when any is missing.
# Usage: scripts/deps.sh [--test]   (--test adds the test and benchmark tools)
set -e
pkgs="gcc make pkg-config sqlite3 libsqlite3-dev libmicrohttpd-dev libjansson-dev libsodium-dev
libutf8proc-dev libxlsxwriter-dev libqrencode-dev libminizip-dev"
[ "${1:-}" = "--test" ] && pkgs="$pkgs libcmocka-dev libcurl4-openssl-dev curl python3"
missing=
for p in $pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "installing:$missing"
if [ "$(id -u)" != 0 ]; then
    echo "deps: run as root, or install these Debian packages:$missing" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
