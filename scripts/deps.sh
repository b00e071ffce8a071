#!/bin/sh
# Installs the Debian packages that taizhang builds, runs and tests with, when any is missing.
# Usage: scripts/deps.sh [--test | --check]
#   (none)   the build's packages: installs the missing ones (as root)
#   --test   adds what the tests and the contract checks run (cmocka, curl, sqlite3,
#            python3, iproute2's ss, LibreOffice, poppler and Noto CJK for the DOCX check, and
#            for the browser tests Chromium and zbar's zbarimg (the printed QR codes), with
#            Node.js and npm where no node is present; build-essential (dpkg-buildpackage
#            checks for it), dpkg-dev, debhelper, help2man and
#            systemd's systemd-analyze for the Debian package's test, nginx and openssl for the
#            proxy's, fail2ban's fail2ban-regex for its filter, clang and its libFuzzer runtime
#            for the fuzz targets, e2fsprogs for the read-only disk's test)
#   --check  installs nothing: exits 1 naming the missing build packages (make's first step)
# Every package is named here, even one that another pulls in on some machines: a fresh Debian 12
# root has only what debootstrap's minbase gives (libminizip-dev, for one, does not bring zlib.h).
set -e
pkgs="gcc make pkg-config libc6-dev sqlite3 libsqlite3-dev libmicrohttpd-dev libjansson-dev
libsodium-dev libutf8proc-dev libxlsxwriter-dev libqrencode-dev libminizip-dev zlib1g-dev
libexpat1-dev libicu-dev libcurl4-openssl-dev libfreexl-dev"
case "${1:-}" in
--test)
    pkgs="$pkgs libcmocka-dev curl python3 iproute2 ca-certificates
libreoffice-writer-nogui poppler-utils fonts-noto-cjk chromium zbar-tools build-essential
dpkg-dev debhelper systemd binutils help2man nginx openssl fail2ban clang libclang-rt-14-dev
e2fsprogs"
    command -v node >/dev/null || pkgs="$pkgs nodejs"
    command -v npm >/dev/null || pkgs="$pkgs npm"
    ;;
--check | '') ;;
*) echo "usage: scripts/deps.sh [--test | --check]" >&2; exit 2 ;;
esac
command -v dpkg-query >/dev/null || exit 0 # not Debian: the compiler will say what is missing
missing=
for p in $pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "${1:-}" = --check ]; then
    echo "taizhang needs these Debian packages:$missing" >&2
    echo "  run 'make deps' as root, or: apt-get install$missing" >&2
    exit 1
fi
if [ "$(id -u)" != 0 ]; then
    echo "deps: these Debian packages are missing:$missing" >&2
    echo "  run this as root, or have an administrator run: apt-get install$missing" >&2
    exit 1
fi
echo "installing:$missing"
export DEBIAN_FRONTEND=noninteractive
# the tests run nginx and the rest themselves: no package starts its system service here (an
# nginx on port 80, a fail2ban server), the way containers and build roots keep them down
if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi
# shellcheck disable=SC2086
if ! apt-get update -qq || ! apt-get install -y -qq --no-install-recommends $missing >/dev/null; then
    echo "deps: could not install:$missing" >&2
    echo "  check the network and /etc/apt/sources.list, then run: apt-get install$missing" >&2
    exit 1
fi
